// Issue 9's operations, walked in Russian (browser locale ru-RU) in headless Debian Chromium against
// a node whose email plugin points at an SMTP port nobody answers on: a cold lead's welcome email
// stops as an incident; the admin finds it on the incidents screen and the instance view says
// «ошибка» with the failed step marked on the diagram; the cause is fixed (the test starts a real
// SMTP server when the walk asks through FIX_SIGNAL), the admin retries and sees the instance
// complete. A second version of the lead intake is deployed through the API; the admin moves a
// hot lead's running instance to it from the versions screen (preview, then migrate) and opens the
// diff of the two versions.
//
//   BASE_URL=... ADMIN_USER=admin ADMIN_PASSWORD=... FIX_SIGNAL=/tmp/x [SCREENSHOT_DIR=...] node e2e/process-ops.e2e.mjs
//
// Exits 0 when every step passed, 1 otherwise; never runs longer than 170 s.
import { readFileSync, writeFileSync } from 'node:fs';
import { browserWalk, choose } from './walk.mjs';

process.env.WALK_LOCALE ??= 'ru-RU';
const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:18080').replace(/\/+$/, '');
const ADMIN_USER = process.env.ADMIN_USER ?? 'admin';
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? '';
const FIX_SIGNAL = process.env.FIX_SIGNAL ?? '';
const stamp = Date.now();

const walk = browserWalk('process-ops', 170_000);
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

/** Picks the option of an antd Select whose text contains `text` (the walk does not know every count it shows). */
async function chooseContaining(testId, text) {
  await byTest(testId).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: text }).first().click();
}

const instancesOf = recordId => api('GET', `/process-instances?recordId=${recordId}`);

/** Version 2 of the lead intake: the call is renamed, a review follows the new deal. */
function secondVersion(xml) {
  const v2 = xml.replace('name="Call the lead"', 'name="Call the lead today"')
    .replace('<sequenceFlow id="dealToDone" sourceRef="createDeal" targetRef="done"/>',
      '<sequenceFlow id="dealToReview" sourceRef="createDeal" targetRef="reviewDeal"/>\n'
      + '    <userTask id="reviewDeal" name="Review the deal" flowable:candidateGroups="manager" flowable:formKey="call-lead"/>\n'
      + '    <sequenceFlow id="reviewToDone" sourceRef="reviewDeal" targetRef="done"/>');
  expect(v2.includes('reviewDeal') && v2.includes('Call the lead today'), 'the shipped lead intake changed shape; the walk cannot derive version 2');
  return v2;
}

async function main() {
  if (!ADMIN_PASSWORD) throw new Error('ADMIN_PASSWORD is not set');
  if (!FIX_SIGNAL) throw new Error('FIX_SIGNAL is not set');
  ({ token } = await api('POST', '/auth/login', { username: ADMIN_USER, password: ADMIN_PASSWORD }));
  // A cold lead with email consent: its welcome email cannot be sent (SMTP down).
  const cold = await api('POST', '/records/contact', { values: { first_name: 'Ольга', last_name: `Холодная${stamp}`,
    email: `olga.${stamp}@example.com`, consent_email: true } });
  // A hot lead: its instance waits at "Call the lead" on version 1.
  const hot = await api('POST', '/records/contact', { values: { first_name: 'Иван', last_name: `Горячий${stamp}`,
    phone: '8 (912) 345-67-89', email: `ivan.${stamp}@example.com`, decision_maker: true, budget: 150000, source: 'referral' } });
  const coldInstance = await until('the cold lead\'s process', async () => (await instancesOf(cold.id)).find(i => i.processKey === 'lead-intake'));
  await until('the hot lead waiting at the call', async () => (await instancesOf(hot.id))
    .find(i => i.processKey === 'lead-intake' && i.activities.some(a => a.activityId === 'callLead' && !a.endedAt)));
  const incident = await until('the welcome email to stop as an incident', async () => (await api('GET', '/incidents'))
    .find(i => i.processInstanceId === coldInstance.id), 60_000);

  page = await walk.open();
  const pageErrors = [];
  page.on('pageerror', err => pageErrors.push(err.message));

  await step('вход: интерфейс на русском, в меню процессы, экземпляры и инциденты', async () => {
    await page.goto(`${BASE_URL}/`);
    await byTest('signin-username').fill(ADMIN_USER);
    await byTest('signin-password').fill(ADMIN_PASSWORD);
    await byTest('signin-submit').click();
    await byTest('nav-inbox').filter({ hasText: 'Входящие' }).waitFor();
    await byTest('nav-incidents').filter({ hasText: 'Инциденты' }).waitFor();
    await byTest('nav-instances').filter({ hasText: 'Экземпляры процессов' }).waitFor();
    await byTest('nav-process-versions').filter({ hasText: 'Версии процессов' }).waitFor();
  });

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
    await page.locator('#skip-confirm').click();
    await page.getByText('Укажите, почему шаг пропускается').waitFor();
    await page.getByRole('button', { name: 'Отмена' }).click();
    await page.locator('#skip-reason').waitFor({ state: 'detached' });
  });

  await step('экземпляр: состояние «ошибка», шаг отмечен на схеме', async () => {
    const row = page.locator(`[data-testid="incident-row"][data-id="${incident.id}"]`);
    await row.getByTestId('incident-instance').click();
    await page.locator('[data-testid="instance-view"][data-state="failed"]').waitFor();
    expect((await byTest('instance-state').innerText()) === 'ошибка', 'the state does not say «ошибка»');
    await page.locator('[data-testid="instance-diagram"][data-ready="true"]').waitFor();
    await page.locator('.djs-element.mark-failed[data-element-id="sendWelcome"]').waitFor();
    await page.locator('.djs-element.mark-completed[data-element-id="start"]').waitFor();
    const legend = await byTest('instance-legend').innerText();
    expect(legend.includes('Ошибка: Send welcome email'), `the legend says: ${legend}`);
    await byTest('instance-incidents').waitFor();
    const email = await byTest('variable-email').innerText();
    expect(email.includes(`olga.${stamp}@example.com`), `the variables show: ${email}`);
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

  await step('экземпляр продолжился и завершился', async () => {
    await page.goto(`${BASE_URL}/instances/${encodeURIComponent(coldInstance.id)}`);
    await page.locator('[data-testid="instance-view"][data-state="completed"]').waitFor({ timeout: 30_000 });
    expect((await byTest('instance-state').innerText()) === 'завершён', 'the state does not say «завершён»');
    await page.locator('.djs-element.mark-completed[data-element-id="sendWelcome"]').waitFor();
  });

  await step('карточка лида ведёт к экземпляру его процесса', async () => {
    await page.goto(`${BASE_URL}/records/contact/${hot.id}`);
    await page.locator('[data-testid="process-instance"][data-process-key="lead-intake"]').getByTestId('process-instance-link').click();
    await page.locator('[data-testid="instance-view"][data-state="active"]').waitFor();
    await page.locator('.djs-element.mark-current[data-element-id="callLead"]').waitFor();
  });

  const v1 = (await api('GET', '/process-definitions')).find(p => p.key === 'lead-intake').versions[0];
  const v2 = await api('POST', '/process-definitions', secondVersion(await api('GET', `/process-definitions/${encodeURIComponent(v1.id)}/xml`)), 'application/xml');
  expect(v2.version === v1.version + 1, `deployed version ${v2.version} after ${v1.version}`);

  await step('экземпляры: фильтр по версии и состоянию', async () => {
    await byTest('nav-instances').click();
    // Every shipped process is listed with its versions: find this one by typing, as a person would.
    await byTest('instances-process').click();
    await page.keyboard.type(`Lead intake: версия ${v1.version}`);
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: new RegExp(`^\\s*Lead intake: версия ${v1.version}\\s*$`) }).first().click();
    await choose(page, page, 'instances-state', 'идёт');
    await page.locator('[data-testid="instance-row"][data-state="active"]').first().waitFor();
    const states = await page.locator('[data-testid="instance-row"]').evaluateAll(rows => rows.map(r => r.getAttribute('data-state')));
    expect(states.every(s => s === 'active'), `states listed: ${states}`);
    expect(new URL(page.url()).searchParams.get('definitionId') === v1.id, `the filter is not in the address: ${page.url()}`);
  });

  await step('версии: предпросмотр переноса и перенос на версию 2', async () => {
    await byTest('nav-process-versions').click();
    await page.locator('[data-testid="process-link"][data-key="lead-intake"]').click();
    await page.locator(`[data-testid="version-row"][data-version="${v2.version}"]`).waitFor();
    await chooseContaining('migration-from', `Версия ${v1.version} (`);
    await byTest('migration-preview').click();
    await byTest('migration-candidate').first().waitFor();
    const cannot = await page.locator('[data-testid="migration-candidate"][data-can="false"]').count();
    expect(cannot === 0, `${cannot} instances cannot move`);
    await byTest('migration-run').click();
    await byTest('migration-done').filter({ hasText: 'Перенесено экземпляров' }).waitFor();
    const moved = (await instancesOf(hot.id)).find(i => i.processKey === 'lead-intake' && !i.endedAt);
    expect(moved.definitionId === v2.id, `the hot lead's instance runs on ${moved.definitionId}, not ${v2.id}`);
  });

  await step('на версии 1 больше никого: предпросмотр так и говорит', async () => {
    await page.reload();
    await choose(page, page, 'migration-from', `Версия ${v1.version} (идёт: 0)`);
    await byTest('migration-preview').click();
    await page.getByText('На этой версии нет идущих экземпляров').waitFor();
  });

  await step('сравнение версий: добавленное, удалённое и изменённое отмечено', async () => {
    await page.locator('[data-testid="diff-before"][data-ready="true"]').waitFor();
    await page.locator('[data-testid="diff-after"][data-ready="true"]').waitFor();
    await page.locator('[data-testid="diff-change"][data-kind="added"][data-id="reviewDeal"]').waitFor();
    await page.locator('[data-testid="diff-change"][data-kind="removed"][data-id="dealToDone"]').waitFor();
    const changed = page.locator('[data-testid="diff-change"][data-kind="changed"][data-id="callLead"]');
    expect((await changed.innerText()).includes('Call the lead today'), `the change reads: ${await changed.innerText()}`);
    await page.locator('[data-testid="diff-after"] .djs-element.mark-added[data-element-id="reviewDeal"]').waitFor();
    await page.locator('[data-testid="diff-before"] .djs-element.mark-changed[data-element-id="callLead"]').waitFor();
  });

  expect(pageErrors.length === 0, `script errors in the page: ${pageErrors.join('; ')}`);
}

walk.run(main);
