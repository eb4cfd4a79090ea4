// Issue 9's story in one run, walked in Russian (browser locale ru-RU) in headless Debian Chromium
// against a node whose email plugin points at an SMTP port nobody answers on:
//
// 0. Task form. The admin makes a task form in «Формы задач» (a required choice with two options)
//    and the user task's form picker in the designer offers it by its label and key.
// 1. Design. An admin designs a nonlinear deal process in the bpmn-js modeler: a pool with four
//    lanes (the pipeline's stages), a plugin step dropped from the palette, a user task assigned
//    round robin, an exclusive branch on a rule condition the server checks as it is typed (large
//    deals get the offer email), a gateway steered by the board's move that loops back to
//    qualification or ends won or lost, and the record trigger. Saving shows the server's finding
//    on the step (an unbound input), deploying is refused until it is fixed, then version 1 is
//    deployed.
// 2. Run. Two deals appear on the new pipeline's board. A move too early is refused with the step
//    that leads there; a drag to «Предложение» takes the large deal to the email step, which fails
//    (SMTP is down).
// 3. Fix. The incident is on the incidents screen (a skip needs a reason), the instance says
//    «ошибка» with the step marked; the cause is fixed (the test starts a real SMTP server when the
//    walk asks through FIX_SIGNAL), the admin retries and the instance goes on; the deal's card
//    leads to its instance. The small deal, which skips the email, loops back to qualification and
//    forward again.
// 4. Migrate. Version 2 is deployed from the designer; the instances list filters by version and
//    state; the running instances move to version 2 from the versions screen (preview, then
//    migrate) and the diff of the two versions marks the change; the deal then ends won on the
//    board, the other is lost with a reason and a comment.
// 5. A laned sale with parallel stages (engine/src/test/resources/bpmn/deal-pipeline.bpmn20.xml):
//    a card stands in two stages at once, and a drag delivers the payment message.
// 6. Import and export. A Camunda Modeler file is imported and exported unedited (the same bytes),
//    then edited (its foreign extensions and diagram kept); every shipped process opens in the
//    designer with a shape for each of its nodes, lanes and flows.
//
//   BASE_URL=... ADMIN_USER=admin ADMIN_PASSWORD=... FIX_SIGNAL=/tmp/x [SCREENSHOT_DIR=...] node e2e/process-lifecycle.e2e.mjs
//
// Exits 0 when every step passed, 1 otherwise; never runs longer than 330 s (a busy shared machine).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserWalk, choose, chooseMenuItem, dragTo } from './walk.mjs';

process.env.WALK_LOCALE ??= 'ru-RU';
const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:18080').replace(/\/+$/, '');
const ADMIN_USER = process.env.ADMIN_USER ?? 'admin';
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? '';
const FIX_SIGNAL = process.env.FIX_SIGNAL ?? '';
const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURE = join(HERE, 'fixtures', 'camunda-modeler-order.bpmn');
const SHIPPED = join(HERE, '..', '..', 'process-definitions');
const DEAL_PIPELINE = join(HERE, '..', '..', 'engine', 'src', 'test', 'resources', 'bpmn', 'deal-pipeline.bpmn20.xml');
const stamp = Date.now().toString(36);
const NAME = `Deal walk ${stamp}`;
const KEY = `deal-walk-${stamp}`;
const PREFIX = `Жизнь${stamp}`;
const FORM_KEY = `walk-call-${stamp}`;
const FORM_LABEL = `Звонок ${stamp}`;

const walk = browserWalk('process-lifecycle', 330_000);
const step = walk.step;
let page;
let token;
const byTest = id => page.getByTestId(id);

async function api(method, path, body, type = 'application/json') {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = type;
  const raw = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${BASE_URL}/api/v1${path}`, { method, headers, body: raw });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function until(what, check, ms = 40_000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise(r => setTimeout(r, 300));
  }
}

/** Runs `fn(modeler, arg)` in the page: the bpmn-js modeling API, as a script of the admin's would. */
function modeling(fn, arg) {
  return page.evaluate(([source, a]) => {
    const m = document.querySelector('[data-testid="process-canvas"]').bpmnjs;
    return new Function('m', 'a', `return (${source})(m, a);`)(m, a);
  }, [fn.toString(), arg]);
}

/** Selects a shape (flows cross shapes here, so a click could land on a flow) and waits for its panel. */
async function select(id, panelPart) {
  await modeling((m, a) => m.get('selection').select(m.get('elementRegistry').get(a)), id);
  await page.locator(panelPart).first().waitFor();
}

/** Selects a sequence flow through the API (a thin line is a poor click target) and waits for its panel. */
async function selectFlow(id) {
  await modeling((m, a) => m.get('selection').select(m.get('elementRegistry').get(a)), id);
  await page.locator('#condition, [data-testid="condition-default"]').first().waitFor();
}

/**
 * Switches a step input to a source (value, record field, rule). The panel may still be drawing
 * the step just selected, and a click that lands before it settles is lost: click until `shown`.
 */
async function inputSource(input, label, shown) {
  for (let attempt = 0; ; attempt += 1) {
    await byTest(`step-input-${input}`).getByText(label, { exact: true }).click();
    try {
      await shown.waitFor({ timeout: 3000 });
      return;
    } catch (err) {
      if (attempt === 2) throw err;
    }
  }
}

async function saveDraft() {
  await byTest('process-save').click();
  await page.locator('.ant-message').getByText('Сохранено как ревизия').last().waitFor();
}

/** Picks the option of an antd Select whose text contains `text` (the walk does not know every count it shows). */
async function chooseContaining(testId, text) {
  await byTest(testId).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: text }).first().click();
}

const column = stage => page.locator(`[data-testid="pipeline-column"][data-stage="${stage}"]`);
const cardIn = (stage, id) => column(stage).locator(`[data-testid="pipeline-card"][data-record-id="${id}"]`);
const drag = (card, stage) => dragTo(page, card, column(stage));
/** Moves a card with its menu (the keyboard's and screen reader's way). */
const moveByMenu = (card, label) => chooseMenuItem(page, card.getByTestId('pipeline-move'), label);
const instancesOf = recordId => api('GET', `/process-instances?recordId=${recordId}`);
const mine = async recordId => (await instancesOf(recordId)).find(i => i.processKey === KEY && !i.endedAt);
const waitsAt = (instance, activity) => instance?.activities.some(a => a.activityId === activity && !a.endedAt);

async function onBoard(key, id) {
  await until(`deal ${id} on the board of ${key}`, async () => (await api('GET', `/pipelines/${key}/board`))
    .stages.some(s => s.cards.some(c => c.id === id)));
}

/** Opens a BPMN file with the console's import button; answers when the designer shows the model. */
async function importFile(file) {
  await byTest('nav-processes').click();
  await page.getByRole('heading', { name: 'Процессы' }).waitFor();
  const before = page.url();
  await page.locator('[data-testid="process-import"] input[type=file], .ant-upload input[type=file]').first().setInputFiles(file);
  await page.waitForURL(url => url.toString() !== before && /\/processes\/(?!new)[^/]+$/.test(url.pathname));
  await page.locator('[data-testid="process-designer"]:not([data-model-id=""])').waitFor();
}

async function main() {
  if (!ADMIN_PASSWORD) throw new Error('ADMIN_PASSWORD is not set');
  if (!FIX_SIGNAL) throw new Error('FIX_SIGNAL is not set');
  ({ token } = await api('POST', '/auth/login', { username: ADMIN_USER, password: ADMIN_PASSWORD }));
  const actions = await api('GET', '/actions');
  const email = actions.find(a => a.id === 'email.send');
  expect(email, `no email.send action among ${actions.map(a => a.id)}`);

  page = await walk.open();
  const pageErrors = [];
  page.on('pageerror', err => pageErrors.push(err.message));

  await step('вход: интерфейс на русском, в меню процессы, воронки, экземпляры, версии и инциденты', async () => {
    await page.goto(`${BASE_URL}/`);
    await byTest('signin-username').fill(ADMIN_USER);
    await byTest('signin-password').fill(ADMIN_PASSWORD);
    await byTest('signin-submit').click();
    await byTest('nav-processes').filter({ hasText: 'Процессы' }).waitFor();
    await byTest('nav-pipelines').filter({ hasText: 'Воронки' }).waitFor();
    await byTest('nav-incidents').filter({ hasText: 'Инциденты' }).waitFor();
    await byTest('nav-instances').filter({ hasText: 'Экземпляры процессов' }).waitFor();
    await byTest('nav-process-versions').filter({ hasText: 'Версии процессов' }).waitFor();
  });

  // ---- 0. Task form ----------------------------------------------------------------------------

  await step('форма задачи: создана в «Формы задач», обязательный выбор из двух вариантов', async () => {
    await byTest('nav-task-forms').filter({ hasText: 'Формы задач' }).click();
    await page.getByRole('heading', { name: 'Формы задач' }).waitFor();
    await byTest('task-form-key').fill(FORM_KEY);
    await byTest('task-form-label').fill(FORM_LABEL);
    await byTest('task-field-name').fill('call_result');
    await byTest('task-field-label').fill('Итог звонка');
    // The list of types scrolls; typing narrows it, as a person using the keyboard does.
    await byTest('task-field-type').click();
    await page.keyboard.type('Выбор');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: /^\s*Выбор\s*$/ }).first().click();
    for (const [value, label] of [['reached', 'Дозвонился'], ['missed', 'Не дозвонился']]) {
      await byTest('task-field-options-add').click();
      const option = byTest('task-field-options').getByTestId('option-row').last();
      await option.getByTestId('option-value').fill(value);
      await option.getByTestId('option-label').fill(label);
    }
    await page.getByLabel('Обязательное').check();
    await byTest('task-form-add-field').click();
    const row = page.locator('[data-testid="task-form-field"][data-field="call_result"]');
    await row.waitFor();
    // A field is changed in place: its values come back into the boxes, the label is corrected.
    await row.getByTestId('task-form-edit-field').click();
    const back = await byTest('task-field-options').getByTestId('option-label').evaluateAll(inputs => inputs.map(i => i.value).join(','));
    expect(back === 'Дозвонился,Не дозвонился', `the options came back as ${back}`);
    await byTest('task-field-label').fill('Итог звонка клиенту');
    await byTest('task-form-apply-field').click();
    await row.getByText('Итог звонка клиенту').waitFor();
    await byTest('task-form-save').click();
    await byTest('task-form-saved').waitFor();
    await byTest(`task-form-${FORM_KEY}`).waitFor();
    const stored = await api('GET', `/task-forms/${FORM_KEY}`);
    const field = stored.fields[0];
    expect(stored.version === 1 && stored.label === FORM_LABEL && field.type === 'enum' && field.required === true
      && field.label === 'Итог звонка клиенту'
      && field.options.map(o => o.value).join() === 'reached,missed', `the stored form is ${JSON.stringify(stored)}`);
  });

  // ---- 1. Design -------------------------------------------------------------------------------

  await step('новый процесс: пустая модель в редакторе bpmn-js', async () => {
    await byTest('nav-processes').click();
    await page.getByRole('heading', { name: 'Процессы' }).waitFor();
    await byTest('process-new').click();
    await page.locator('.djs-element[data-element-id="start"]').waitFor();
    await byTest('process-name').fill(NAME);
    const key = await modeling(m => m.get('canvas').getRootElement().businessObject.id);
    expect(key === KEY, `the process key is ${key}, not ${KEY}`);
  });

  await step('триггер процесса: при создании сделки', async () => {
    await page.locator('.process-canvas svg').first().click({ position: { x: 600, y: 40 } });
    await byTest('trigger-on').waitFor();
    await choose(page, page, 'trigger-on', 'создании записи');
    await choose(page, page, 'trigger-entity', 'Deal');
  });

  let stepName;
  await step('шаг плагина из палитры: «Отправить письмо» ложится на диаграмму', async () => {
    const entry = page.locator(`.djs-palette [data-action="voronka-action-${email.id}"]`);
    await entry.waitFor();
    expect((await entry.getAttribute('aria-label')) === email.label, 'the palette entry is not named after the action');
    const box = await byTest('process-canvas').boundingBox();
    await entry.click();
    await page.mouse.move(box.x + 520, box.y + 120, { steps: 4 });
    await page.mouse.move(box.x + 540, box.y + 130, { steps: 4 });
    await page.mouse.click(box.x + 540, box.y + 130);
    // Dropping a task opens its label for typing; the palette's label (the action's) stays.
    await page.keyboard.press('Escape');
    const created = await modeling(m => m.get('elementRegistry').filter(e => e.type === 'bpmn:ServiceTask')
      .map(e => ({ id: e.id, name: e.businessObject.name, action: e.businessObject.extensionElements?.values?.[0]?.value })));
    expect(created.length === 1 && created[0].action === 'email.send', `palette made ${JSON.stringify(created)}`);
    stepName = created[0].name;
    await modeling((m, id) => m.get('modeling').updateProperties(m.get('elementRegistry').get(id), { id: 'sendOffer' }), created[0].id);
  });

  await step('нелинейная схема на дорожках-этапах: задача, шлюз с возвратом назад, выигрыш и проигрыш', async () => {
    const lanes = await modeling(m => {
      const registry = m.get('elementRegistry');
      const factory = m.get('elementFactory');
      const mod = m.get('modeling');
      // A pool around what is drawn, split into four lanes: the pipeline's stages, top to bottom.
      const pool = mod.createShape(factory.createShape({ type: 'bpmn:Participant' }), { x: 600, y: 340 }, m.get('canvas').getRootElement());
      mod.resizeShape(pool, { x: 100, y: 40, width: 1000, height: 600 });
      mod.splitLane(pool, 4);
      const bands = registry.filter(e => e.type === 'bpmn:Lane').sort((a, b) => a.y - b.y);
      [['qualification', 'Квалификация'], ['proposal', 'Предложение'], ['won', 'Выиграна'], ['lost', 'Проиграна']]
        .forEach(([id, name], i) => mod.updateProperties(bands[i], { id, name }));
      const mid = i => 40 + 150 * i + 75;
      const moveTo = (el, x, y) => mod.moveElements([el], { x: x - el.x - el.width / 2, y: y - el.y - el.height / 2 });
      const place = (type, id, name, x, y) => {
        const shape = mod.createShape(factory.createShape({ type }), { x, y }, pool);
        mod.updateProperties(shape, { id, name });
        return registry.get(id);
      };
      const start = registry.get('start');
      moveTo(start, 180, mid(0));
      mod.updateProperties(start, { name: 'Сделка создана' });
      const qualify = place('bpmn:UserTask', 'qualify', 'Квалифицировать сделку', 290, mid(0));
      const size = place('bpmn:ExclusiveGateway', 'size', 'Крупная сделка?', 420, mid(0));
      const send = registry.get('sendOffer');
      moveTo(send, 540, mid(1));
      const propose = place('bpmn:UserTask', 'propose', 'Отправить предложение', 690, mid(1));
      const next = place('bpmn:ExclusiveGateway', 'next', 'Что дальше?', 830, mid(1));
      const won = place('bpmn:EndEvent', 'wonEnd', 'Выиграна', 980, mid(2));
      const lost = place('bpmn:EndEvent', 'lostEnd', 'Проиграна', 980, mid(3));
      const flow = (s, t, id) => mod.updateProperties(mod.connect(s, t), { id });
      flow(start, qualify, 'toQualify');
      flow(qualify, size, 'toSize');
      flow(size, send, 'bigDeal');
      flow(size, propose, 'smallDeal');
      flow(send, propose, 'toPropose');
      flow(propose, next, 'toNext');
      flow(next, won, 'toWon');
      flow(next, lost, 'toLost');
      flow(next, qualify, 'loopBack');
      m.get('canvas').zoom('fit-viewport');
      return Object.fromEntries(registry.filter(e => e.type === 'bpmn:Lane')
        .map(l => [l.id, (l.businessObject.flowNodeRef ?? []).map(n => n.id).sort().join(',')]));
    });
    expect(lanes.qualification === 'qualify,size,start' && lanes.proposal === 'next,propose,sendOffer'
      && lanes.won === 'wonEnd' && lanes.lost === 'lostEnd', `the lanes hold ${JSON.stringify(lanes)}`);
    await page.locator('.djs-element[data-element-id="loopBack"]').waitFor();
  });

  await step('условия шлюзов на языке правил: проверка сервером по мере ввода, возврат по ходу на доске', async () => {
    await selectFlow('bigDeal');
    // A name the unsaved draft declares itself (who completed its task "qualify") is known as you type.
    await page.locator('#condition').fill('qualifyCompletedBy != null');
    await byTest('condition-check').filter({ hasText: 'Верно' }).waitFor();
    await page.locator('#condition').fill('amount >= ');
    await byTest('condition-check').filter({ hasText: /line|строк|column|столб/i }).waitFor();
    await page.locator('#condition').fill('amount >= 1000');
    await byTest('condition-check').filter({ hasText: 'Верно' }).waitFor();
    await page.locator('#condition').blur();
    await selectFlow('smallDeal');
    await byTest('condition-default').click();
    // The board's move (movedTo: the stage the card was dropped on) steers the second gateway.
    await selectFlow('loopBack');
    await page.locator('#condition').fill("movedTo == 'qualification'");
    await page.locator('#condition').blur();
    await selectFlow('toLost');
    await page.locator('#condition').fill("movedTo == 'lost'");
    await page.locator('#condition').blur();
    await selectFlow('toWon');
    await byTest('condition-default').click();
    const gateways = await modeling(m => {
      const registry = m.get('elementRegistry');
      return { bodies: ['bigDeal', 'loopBack', 'toLost'].map(id => registry.get(id).businessObject.conditionExpression?.body),
        defaults: ['size', 'next'].map(id => registry.get(id).businessObject.default?.id) };
    });
    expect(JSON.stringify(gateways) === JSON.stringify({ bodies: ['${amount >= 1000}', "${movedTo == 'qualification'}", "${movedTo == 'lost'}"],
      defaults: ['smallDeal', 'toWon'] }), `the gateways are ${JSON.stringify(gateways)}`);
  });

  await step('задача пользователя: по очереди в группе менеджеров, срок', async () => {
    await select('qualify', '#task-form');
    await choose(page, page, 'task-strategy', 'по очереди в группе');
    await byTest('task-groups').click();
    await page.keyboard.type('manager');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await byTest('task-due').fill('P2D');
    await byTest('task-due').blur();
    await select('propose', '#task-form');
    await byTest('task-groups').click();
    await page.keyboard.type('manager');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    const tasks = await modeling(m => ['qualify', 'propose'].map(id => {
      const bo = m.get('elementRegistry').get(id).businessObject;
      return { groups: bo.get('flowable:candidateGroups'), due: bo.get('flowable:dueDate'),
        listeners: (bo.extensionElements?.values ?? []).map(v => v.delegateExpression) };
    }));
    expect(tasks[0].groups === 'manager' && tasks[0].due === 'P2D' && tasks[0].listeners.includes('${roundRobin}')
      && tasks[1].groups === 'manager', `the tasks are ${JSON.stringify(tasks)}`);
  });

  await step('форма задачи в редакторе: выбор предлагает форму из «Формы задач» по названию и ключу', async () => {
    const formKey = () => modeling(m => m.get('elementRegistry').get('propose').businessObject.get('flowable:formKey') ?? null);
    const picker = page.locator('#task-form');
    await picker.click();
    await picker.fill(FORM_KEY);
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: `${FORM_LABEL} (${FORM_KEY})` }).first().click();
    await until('the task to name the form', async () => (await formKey()) === FORM_KEY, 5_000);
    // The board's moves later complete this task with the loss reason, which a form would refuse
    // as none of its fields: the walk takes the form off again through the same picker.
    await picker.fill('');
    await picker.blur();
    await until('the task to name no form', async () => (await formKey()) === null, 5_000);
  });

  await step('шаг плагина: поле «кому» из записи, тема — значение; текст забыт', async () => {
    await select('sendOffer', '[data-testid="step-input-to"]');
    await inputSource('to', 'поле записи', byTest('step-input-to-field'));
    // A long list: typed to narrow it, as a person would.
    await byTest('step-input-to-field').click();
    await page.keyboard.type('survey_email');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: '(survey_email)' }).first().click();
    await byTest('step-input-subject').locator('textarea').fill('Наше предложение');
    await byTest('step-input-subject').locator('textarea').blur();
  });

  let modelId;
  await step('сохранение: замечание сервера видно на шаге диаграммы и в списке', async () => {
    await saveDraft();
    await page.waitForURL(/\/processes\/[^/]+$/);
    await page.locator('.djs-element[data-element-id="sendOffer"]').waitFor();
    modelId = await byTest('process-designer').getAttribute('data-model-id');
    expect(modelId, 'the saved model has no id');
    const badge = page.locator('.voronka-finding-badge[data-element-id="sendOffer"][data-code="unbound-input"]');
    await badge.waitFor();
    expect(/body/.test(await badge.getAttribute('aria-label')), 'the badge does not name the missing input');
    await page.locator('[data-testid="finding"][data-element-id="sendOffer"][data-code="unbound-input"]').waitFor();
    const marked = await page.locator('.djs-element[data-element-id="sendOffer"]').first().getAttribute('class');
    expect(marked.includes('voronka-finding-error'), `the step is not marked: ${marked}`);
    expect(await byTest('process-deploy').isEnabled(), 'deploy is disabled on a saved model');
  });

  await step('развёртывание с ошибкой отклонено и названо на диаграмме', async () => {
    await byTest('process-deploy').click();
    await byTest('problem').waitFor();
    await page.locator('[data-testid="finding"][data-element-id="sendOffer"]').waitFor();
  });

  await step('исправление: текст письма — правило, замечание исчезает', async () => {
    await select('sendOffer', '[data-testid="step-input-to"]');
    await inputSource('body', 'правило', byTest('step-input-body').locator('.ant-segmented-item-selected', { hasText: 'правило' }));
    await byTest('step-input-body').locator('textarea').fill("'Предложение по сделке ' + title");
    await page.locator('[data-testid="step-input-body-check"]').filter({ hasText: 'Верно' }).waitFor();
    await byTest('step-input-body').locator('textarea').blur();
    expect((await byTest('process-designer').getAttribute('data-edited')) === 'true', 'the edit did not count');
    await saveDraft();
    await page.locator('.voronka-finding-badge[data-code="unbound-input"]').waitFor({ state: 'detached' });
    const errors = await page.locator('[data-testid="finding"]').evaluateAll(items => items.map(i => i.textContent));
    expect(!errors.some(e => /ошибка/.test(e)), `errors left: ${errors.join(' | ')}`);
  });

  let v1;
  await step('развёртывание: версия 1 в списке версий, в BPMN всё заданное', async () => {
    await byTest('process-deploy').click();
    await page.locator('.ant-message').getByText('Развёрнуто как версия 1').waitFor();
    await byTest('process-versions').getByText('v1').waitFor();
    const deployed = (await api('GET', '/process-definitions')).find(d => d.key === KEY);
    expect(deployed?.versions?.length === 1, `deployed: ${JSON.stringify(deployed)}`);
    [v1] = deployed.versions;
    const xml = await api('GET', `/process-definitions/${encodeURIComponent(v1.id)}/xml`);
    for (const part of ['voronka:trigger', 'entity="deal"', '<voronka:action>email.send</voronka:action>', 'name="body"',
      '${roundRobin}', 'flowable:candidateGroups="manager"', "${movedTo == 'qualification'}", 'default="toWon"',
      'lane id="proposal" name="Предложение"', 'participant']) {
      expect(xml.includes(part), `the deployed BPMN lacks ${part}`);
    }
  });

  await step('список процессов: модель развёрнута, версия видна', async () => {
    await byTest('nav-processes').click();
    await page.locator(`[data-testid="process-model-row"][data-key="${KEY}"]`).getByText('Развёрнут').waitFor();
    await byTest('process-definitions').getByText(KEY).waitFor();
  });

  // ---- 2. Run on the board ---------------------------------------------------------------------

  const dealA = await api('POST', '/records/deal', { values: { title: `${PREFIX} станки`, stage: 'new', amount: 5000,
    survey_email: `buyer.${stamp}@example.com` } });
  const dealB = await api('POST', '/records/deal', { values: { title: `${PREFIX} лицензии`, stage: 'new', amount: 700,
    survey_email: `licences.${stamp}@example.com` } });
  await onBoard(KEY, dealA.id);
  await onBoard(KEY, dealB.id);

  await step('воронка нового процесса в меню «Воронки»: сделки на этапе «Квалификация»', async () => {
    await byTest('nav-pipelines').click();
    await page.getByRole('heading', { name: 'Воронки' }).waitFor();
    await byTest(`pipeline-${KEY}`).filter({ hasText: NAME }).click();
    await page.getByRole('region', { name: 'Квалификация' }).waitFor();
    await page.goto(`${BASE_URL}/pipelines/${KEY}?filter=${encodeURIComponent(`startsWith(title, '${PREFIX}')`)}`);
    await cardIn('qualification', dealA.id).waitFor();
    await cardIn('qualification', dealB.id).waitFor();
  });

  await step('рано в «Выиграна»: доска объясняет, после какого шага, карточка остаётся', async () => {
    await drag(cardIn('qualification', dealA.id), 'won');
    const problem = byTest('pipeline-problem');
    await problem.waitFor();
    const text = await problem.innerText();
    expect(text.includes('Перемещение невозможно') && text.includes('Этап «Выиграна» доступен только после шага')
      && text.includes('(этап «Предложение»)'), `the refusal says: ${text}`);
    await cardIn('qualification', dealA.id).waitFor();
    expect(await cardIn('won', dealA.id).count() === 0, 'the refused card shows in «Выиграна»');
  });

  let incident;
  let instanceA;
  await step('перетаскивание в «Предложение»: письмо шага плагина не уходит (SMTP недоступен)', async () => {
    await drag(cardIn('qualification', dealA.id), 'proposal');
    await cardIn('proposal', dealA.id).waitFor();
    instanceA = await mine(dealA.id);
    incident = await until('the offer email to stop as an incident', async () => (await api('GET', '/incidents'))
      .find(i => i.processInstanceId === instanceA.id), 60_000);
  });

  // ---- 3. Fix the failed step ------------------------------------------------------------------

  await step('инциденты: письмо не отправлено, видна ошибка', async () => {
    await byTest('nav-incidents').click();
    await page.getByRole('heading', { name: 'Инциденты' }).waitFor();
    const row = page.locator(`[data-testid="incident-row"][data-id="${incident.id}"]`);
    await row.waitFor();
    expect((await row.innerText()).includes('шаг плагина'), `the incident row: ${await row.innerText()}`);
    const message = await row.getByTestId('incident-message').innerText();
    expect(/refused|отказ/i.test(message), `the error shown: ${message}`);
  });

  await step('пропуск без причины не проходит', async () => {
    const row = page.locator(`[data-testid="incident-row"][data-id="${incident.id}"]`);
    await row.getByTestId('incident-skip').click();
    // The dialog zooms in; a click that lands while it moves is lost (seen once in CI): the refusal
    // is the dialog's own, with nothing sent, so clicking again is harmless.
    const refusal = page.getByText('Укажите, почему шаг пропускается');
    for (let attempt = 0; attempt < 3 && !(await refusal.isVisible()); attempt += 1) {
      await page.locator('#skip-confirm').click();
      await refusal.waitFor({ timeout: 4000 }).catch(() => {});
    }
    await refusal.waitFor();
    await page.getByRole('button', { name: 'Отмена' }).click();
    await page.locator('#skip-reason').waitFor({ state: 'detached' });
  });

  await step('экземпляр: состояние «ошибка», шаг отмечен на схеме', async () => {
    const row = page.locator(`[data-testid="incident-row"][data-id="${incident.id}"]`);
    await row.getByTestId('incident-instance').click();
    await page.locator('[data-testid="instance-view"][data-state="failed"]').waitFor();
    expect((await byTest('instance-state').innerText()) === 'ошибка', 'the state does not say «ошибка»');
    await page.locator('[data-testid="instance-diagram"][data-ready="true"]').waitFor();
    await page.locator('.djs-element.mark-failed[data-element-id="sendOffer"]').waitFor();
    await page.locator('.djs-element.mark-completed[data-element-id="qualify"]').waitFor();
    const legend = await byTest('instance-legend').innerText();
    expect(legend.includes(`Ошибка: ${stepName}`), `the legend says: ${legend}`);
    await byTest('instance-incidents').waitFor();
    const variable = await byTest('variable-survey_email').innerText();
    expect(variable.includes(`buyer.${stamp}@example.com`), `the variables show: ${variable}`);
  });

  await step('причина устранена: SMTP-сервер запущен', async () => {
    writeFileSync(FIX_SIGNAL, 'fix');
    await until('the SMTP server to be up', () => readFileSync(FIX_SIGNAL, 'utf8') === 'up', 30_000);
  });

  await step('инциденты: выбрать и повторить, результат показан', async () => {
    await byTest('nav-incidents').click();
    const row = page.locator(`[data-testid="incident-row"][data-id="${incident.id}"]`);
    await row.locator('.ant-checkbox-input').check();
    await byTest('incidents-retry').filter({ hasText: 'Повторить выбранные (1)' }).click();
    await page.locator('[data-testid="retry-result"][data-status="retrying"]').waitFor();
    expect((await byTest('retry-results').innerText()).includes('повторяется'), 'the result does not say it is retrying');
  });

  await step('экземпляр пошёл дальше: письмо ушло, ждёт предложения', async () => {
    await until('the instance to wait at the proposal', async () => waitsAt(await mine(dealA.id), 'propose'), 30_000);
    await page.goto(`${BASE_URL}/instances/${encodeURIComponent(instanceA.id)}`);
    await page.locator('[data-testid="instance-view"][data-state="active"]').waitFor();
    await page.locator('.djs-element.mark-completed[data-element-id="sendOffer"]').waitFor();
    await page.locator('.djs-element.mark-current[data-element-id="propose"]').waitFor();
  });

  await step('карточка сделки ведёт к экземпляру её процесса', async () => {
    await page.goto(`${BASE_URL}/records/deal/${dealA.id}`);
    await page.locator(`[data-testid="process-instance"][data-process-key="${KEY}"]`).getByTestId('process-instance-link').click();
    await page.locator('[data-testid="instance-view"][data-state="active"]').waitFor();
    await page.locator('.djs-element.mark-current[data-element-id="propose"]').waitFor();
  });

  await step('доска: малая сделка без письма в «Предложение», возврат в «Квалификация» по условию шлюза и снова вперёд', async () => {
    await page.goto(`${BASE_URL}/pipelines/${KEY}?filter=${encodeURIComponent(`startsWith(title, '${PREFIX}')`)}`);
    await drag(cardIn('qualification', dealB.id), 'proposal');
    await cardIn('proposal', dealB.id).waitFor();
    await moveByMenu(cardIn('proposal', dealB.id), 'Квалификация');
    await cardIn('qualification', dealB.id).waitFor();
    await drag(cardIn('qualification', dealB.id), 'proposal');
    await cardIn('proposal', dealB.id).waitFor();
    const b = await mine(dealB.id);
    expect(b.activities.filter(a => a.activityId === 'qualify').length === 2 && !b.activities.some(a => a.activityId === 'sendOffer'),
      `the small deal went ${JSON.stringify(b.activities.map(a => a.activityId))}`);
    await until('both deals to wait at the proposal', async () => waitsAt(await mine(dealA.id), 'propose')
      && waitsAt(await mine(dealB.id), 'propose'), 30_000);
  });

  // ---- 4. Version 2 and migration --------------------------------------------------------------

  let v2;
  await step('версия 2 из редактора: шаг переименован, развёрнуто', async () => {
    await byTest('nav-processes').click();
    await page.locator(`[data-testid="process-model-row"][data-key="${KEY}"]`).getByRole('link').click();
    await page.locator('.djs-element[data-element-id="propose"]').waitFor();
    await modeling(m => m.get('modeling').updateProperties(m.get('elementRegistry').get('propose'), { name: 'Отправить предложение сегодня' }));
    await saveDraft();
    await byTest('process-deploy').click();
    await page.locator('.ant-message').getByText('Развёрнуто как версия 2').waitFor();
    v2 = (await api('GET', '/process-definitions')).find(d => d.key === KEY).versions.find(v => v.version === 2);
    expect(v2, 'no version 2 listed');
  });

  await step('экземпляры: фильтр по версии и состоянию', async () => {
    await byTest('nav-instances').click();
    await byTest('instances-process').click();
    await page.keyboard.type(`${NAME}: версия 1`);
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: new RegExp(`^\\s*${NAME}: версия 1\\s*$`) }).first().click();
    await choose(page, page, 'instances-state', 'идёт');
    // The list reloads as each filter applies: read it once it shows the two deals' instances.
    const rows = page.locator('[data-testid="instance-row"]');
    let states = [];
    await until('the filtered list', async () => {
      states = await rows.evaluateAll(items => items.map(r => r.getAttribute('data-state')));
      return states.length === 2 && states.every(s => s === 'active');
    }, 15_000).catch(() => { throw new Error(`states listed: ${states}`); });
    expect(new URL(page.url()).searchParams.get('definitionId') === v1.id, `the filter is not in the address: ${page.url()}`);
  });

  await step('версии: предпросмотр переноса и перенос на версию 2', async () => {
    await byTest('nav-process-versions').click();
    await page.locator(`[data-testid="process-link"][data-key="${KEY}"]`).click();
    await page.locator('[data-testid="version-row"][data-version="2"]').waitFor();
    await chooseContaining('migration-from', 'Версия 1 (');
    await byTest('migration-preview').click();
    await byTest('migration-candidate').first().waitFor();
    const cannot = await page.locator('[data-testid="migration-candidate"][data-can="false"]').count();
    expect(cannot === 0, `${cannot} instances cannot move`);
    await byTest('migration-run').click();
    await byTest('migration-done').filter({ hasText: 'Перенесено экземпляров' }).waitFor();
    for (const deal of [dealA, dealB]) {
      const moved = await mine(deal.id);
      expect(moved.definitionId === v2.id, `deal ${deal.id}'s instance runs on ${moved.definitionId}, not ${v2.id}`);
    }
  });

  await step('на версии 1 никого; сравнение версий отмечает изменённый шаг', async () => {
    await page.reload();
    await choose(page, page, 'migration-from', 'Версия 1 (идёт: 0)');
    await byTest('migration-preview').click();
    await page.getByText('На этой версии нет идущих экземпляров').waitFor();
    await page.locator('[data-testid="diff-before"][data-ready="true"]').waitFor();
    await page.locator('[data-testid="diff-after"][data-ready="true"]').waitFor();
    const changed = page.locator('[data-testid="diff-change"][data-kind="changed"][data-id="propose"]');
    expect((await changed.innerText()).includes('Отправить предложение сегодня'), `the change reads: ${await changed.innerText()}`);
    await page.locator('[data-testid="diff-before"] .djs-element.mark-changed[data-element-id="propose"]').waitFor();
  });

  await step('на версии 2: сделка выиграна перетаскиванием, процесс завершён', async () => {
    await page.goto(`${BASE_URL}/pipelines/${KEY}?filter=${encodeURIComponent(`startsWith(title, '${PREFIX}')`)}`);
    await drag(cardIn('proposal', dealA.id), 'won');
    await cardIn('won', dealA.id).filter({ hasText: 'Процесс завершён' }).waitFor();
    const ended = (await instancesOf(dealA.id)).find(i => i.processKey === KEY);
    expect(ended.endedAt && ended.definitionId === v2.id, `deal A's instance: ${JSON.stringify(ended)}`);
  });

  await step('проигрыш: причина «Другое» требует комментарий', async () => {
    await moveByMenu(cardIn('proposal', dealB.id), 'Проиграна');
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Почему сделка перешла на этап «Проиграна»?').waitFor();
    await choose(page, dialog, 'loss-reason', 'Другое');
    await dialog.getByText('Для причины «Другое» нужен комментарий').waitFor();
    expect(await byTest('loss-confirm').isDisabled(), 'the move is allowed without a comment');
    await byTest('loss-comment').fill('Купили у партнёра');
    await byTest('loss-confirm').click();
    await cardIn('lost', dealB.id).waitFor();
    const stored = await api('GET', `/records/deal/${dealB.id}`);
    expect(stored.values.stage === 'lost' && stored.values.loss_reason === 'other' && stored.values.loss_comment === 'Купили у партнёра',
      `the deal holds ${JSON.stringify(stored.values)}`);
  });

  // ---- 5. Parallel stages and a message ----------------------------------------------------------

  await api('POST', '/process-definitions', readFileSync(DEAL_PIPELINE, 'utf8'), 'application/xml');
  const dealC = await api('POST', '/records/deal', { values: { title: `${PREFIX} согласования`, stage: 'new', amount: 9000 } });
  await onBoard('deal-pipeline', dealC.id);

  await step('параллельные этапы: карточка сразу в «Юристы» и «Финансы»', async () => {
    await page.goto(`${BASE_URL}/pipelines/deal-pipeline?filter=${encodeURIComponent(`startsWith(title, '${PREFIX}')`)}`);
    await drag(cardIn('qualification', dealC.id), 'proposal');
    await cardIn('proposal', dealC.id).waitFor();
    await moveByMenu(cardIn('proposal', dealC.id), 'Юристы');
    await cardIn('legal', dealC.id).waitFor();
    await cardIn('finance', dealC.id).waitFor();
    const also = await cardIn('legal', dealC.id).innerText();
    expect(also.includes('Также на этапах:') && also.includes('Финансы'), `the legal card says: ${also}`);
  });

  await step('юристы согласовали; оплата получена перетаскиванием в «Выиграна»', async () => {
    const tasks = await api('GET', `/tasks?recordId=${dealC.id}&processKey=deal-pipeline`);
    const legal = tasks.find(t => t.name === 'Согласовать договор');
    expect(legal, `no legal task among ${JSON.stringify(tasks.map(t => t.name))}`);
    await api('POST', `/tasks/${legal.id}/complete`, {});
    await page.reload();
    await cardIn('finance', dealC.id).waitFor();
    await cardIn('legal', dealC.id).waitFor({ state: 'detached' });
    await drag(cardIn('finance', dealC.id), 'won');
    await cardIn('won', dealC.id).filter({ hasText: 'Процесс завершён' }).waitFor();
  });

  // ---- 6. Import and export --------------------------------------------------------------------

  await step('импорт файла Camunda Modeler и экспорт без правок: те же байты', async () => {
    const original = readFileSync(FIXTURE);
    await importFile(FIXTURE);
    await page.locator('.djs-element[data-element-id="Activity_review"]').waitFor();
    await page.locator('.djs-element[data-element-id="Lane_sales"]').waitFor();
    // What Voronka does not run is named, not dropped: the send task is a warning on the draft.
    await page.locator('[data-testid="finding"][data-element-id="Activity_notify"]').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), byTest('process-export').click()]);
    const exported = readFileSync(await download.path());
    expect(Buffer.compare(exported, original) === 0, `the export differs from the file imported (${exported.length} vs ${original.length} bytes)`);
  });

  await step('после правки экспорт — уже сериализация bpmn-js, с правкой и чужими расширениями', async () => {
    await modeling(m => m.get('modeling').updateProperties(m.get('elementRegistry').get('Activity_review'), { name: 'Проверить заказ ещё раз' }));
    const [download] = await Promise.all([page.waitForEvent('download'), byTest('process-export').click()]);
    const text = readFileSync(await download.path(), 'utf8');
    for (const part of ['Проверить заказ ещё раз', 'camunda:property name="owner"', 'camunda:inputParameter', 'Lane_sales_di', 'Flow_3_di']) {
      expect(text.includes(part), `the edited export lost ${part}`);
    }
  });

  await step('поставляемые процессы открываются в редакторе: каждый узел, дорожка и поток нарисованы', async () => {
    const files = readdirSync(SHIPPED).filter(f => f.endsWith('.bpmn20.xml')).sort();
    expect(files.length >= 8, `shipped: ${files}`);
    for (const file of files) {
      await importFile(join(SHIPPED, file));
      await page.locator('.djs-element[data-element-id="start"]').waitFor();
      const missing = await modeling(m => {
        const registry = m.get('elementRegistry');
        const root = m.get('canvas').getRootElement().businessObject;
        const process = root.$type === 'bpmn:Process' ? root : root.participants[0].processRef;
        const ids = [...(process.flowElements ?? []), ...(process.laneSets ?? []).flatMap(s => s.lanes ?? [])].map(e => e.id);
        return ids.filter(id => {
          const gfx = registry.getGraphics(id);
          const box = gfx?.getBoundingClientRect();
          return !gfx || !box || (box.width === 0 && box.height === 0);
        });
      });
      expect(missing.length === 0, `${file}: not drawn: ${missing.join(', ')}`);
    }
  });

  expect(pageErrors.length === 0, `script errors in the page: ${pageErrors.join('; ')}`);
}

walk.run(main);
