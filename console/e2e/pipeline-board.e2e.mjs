// Issue 9's funnel on the kanban, walked in Russian (browser locale ru-RU) in headless Debian Chromium:
// a laned nonlinear sale (engine/src/test/resources/bpmn/deal-pipeline.bpmn20.xml) is deployed; a deal
// is dragged to «Выиграна» too early and the board says which step leads there while the card snaps
// back; it runs through the proposal, loops back, splits into two parallel stages (the card shows in
// both), and reaches «Выиграна» when the payment message is delivered by a drag; a second deal is
// lost with a reason and a comment from the loss dialog.
//
//   BASE_URL=http://127.0.0.1:18080 ADMIN_USER=admin ADMIN_PASSWORD=... [SCREENSHOT_DIR=...] node e2e/pipeline-board.e2e.mjs
//
// Exits 0 when every step passed, 1 otherwise; never runs longer than 200 s (a busy shared machine).
import { readFileSync } from 'node:fs';
import { browserWalk, choose, chooseMenuItem } from './walk.mjs';

process.env.WALK_LOCALE ??= 'ru-RU';
const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:18080').replace(/\/+$/, '');
const ADMIN_USER = process.env.ADMIN_USER ?? 'admin';
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? '';
const KEY = 'deal-pipeline';
const stamp = Date.now();

const walk = browserWalk('pipeline-board', 200_000);
const step = walk.step;
let page;
let token;
const byTest = id => page.getByTestId(id);

async function api(method, path, body, type = 'application/json') {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token}` };
  if (body !== undefined) headers['Content-Type'] = type;
  const res = await fetch(`${BASE_URL}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

const column = stage => page.locator(`[data-testid="pipeline-column"][data-stage="${stage}"]`);
const cardIn = (stage, id) => column(stage).locator(`[data-testid="pipeline-card"][data-record-id="${id}"]`);

/** Drags a card onto a column with the mouse, as a person does (dnd-kit starts after a few pixels). */
async function drag(card, stage) {
  const target = column(stage);
  await target.scrollIntoViewIfNeeded();
  await card.scrollIntoViewIfNeeded();
  const from = await card.boundingBox();
  const to = await target.boundingBox();
  await page.mouse.move(from.x + 20, from.y + from.height - 8);
  await page.mouse.down();
  await page.mouse.move(from.x + 40, from.y + from.height, { steps: 5 });
  await page.mouse.move(to.x + to.width / 3, to.y + 60, { steps: 15 });
  const now = await target.boundingBox();
  await page.mouse.move(now.x + now.width / 3, now.y + 60, { steps: 5 });
  await page.mouse.up();
}

/** Moves a card with its menu (the keyboard's and screen reader's way). */
async function moveByMenu(card, label) {
  await chooseMenuItem(page, card.getByTestId('pipeline-move'), label);
}

async function waitOnBoard(id) {
  for (let i = 0; i < 100; i += 1) {
    const board = await api('GET', `/pipelines/${KEY}/board`);
    if (board.stages.some(s => s.cards.some(c => c.id === id))) return;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`deal ${id} never reached the board`);
}

async function main() {
  if (!ADMIN_PASSWORD) throw new Error('ADMIN_PASSWORD is not set');
  ({ token } = await api('POST', '/auth/login', { username: ADMIN_USER, password: ADMIN_PASSWORD }));
  const xml = readFileSync(new URL('../../engine/src/test/resources/bpmn/deal-pipeline.bpmn20.xml', import.meta.url), 'utf8');
  await api('POST', '/process-definitions', xml, 'application/xml');
  const prefix = `Воронка${stamp}`;
  const deal = await api('POST', '/records/deal', { values: { title: `${prefix} станки`, stage: 'new', amount: 5000 } });
  const lostDeal = await api('POST', '/records/deal', { values: { title: `${prefix} лицензии`, stage: 'new', amount: 700 } });
  await waitOnBoard(deal.id);
  await waitOnBoard(lostDeal.id);

  page = await walk.open();
  const pageErrors = [];
  page.on('pageerror', err => pageErrors.push(err.message));

  await step('вход и воронка «Сделка по этапам» из меню «Воронки»', async () => {
    await page.goto(`${BASE_URL}/`);
    await byTest('signin-username').fill(ADMIN_USER);
    await byTest('signin-password').fill(ADMIN_PASSWORD);
    await byTest('signin-submit').click();
    await byTest('nav-pipelines').filter({ hasText: 'Воронки' }).click();
    await page.getByRole('heading', { name: 'Воронки' }).waitFor();
    await byTest(`pipeline-${KEY}`).filter({ hasText: 'Сделка по этапам' }).click();
    await page.getByRole('region', { name: 'Квалификация' }).waitFor();
    await page.goto(`${BASE_URL}/pipelines/${KEY}?filter=${encodeURIComponent(`startsWith(title, '${prefix}')`)}`);
    await cardIn('qualification', deal.id).waitFor();
    await cardIn('qualification', lostDeal.id).waitFor();
  });

  await step('рано в «Выиграна»: доска объясняет, после какого шага, карточка остаётся', async () => {
    await drag(cardIn('qualification', deal.id), 'won');
    const problem = byTest('pipeline-problem');
    await problem.waitFor();
    const text = await problem.innerText();
    expect(text.includes('Перемещение невозможно') && text.includes('Этап «Выиграна» доступен только после шага')
      && text.includes('«Согласовать договор» (этап «Юристы»)') && text.includes('«Оплата получена» (этап «Финансы»)'),
      `the refusal says: ${text}`);
    await cardIn('qualification', deal.id).waitFor();
    expect(await cardIn('won', deal.id).count() === 0, 'the refused card shows in «Выиграна»');
  });

  await step('перетаскивание в «Предложение», затем возврат в «Квалификация» и снова вперёд', async () => {
    await drag(cardIn('qualification', deal.id), 'proposal');
    await cardIn('proposal', deal.id).waitFor();
    await moveByMenu(cardIn('proposal', deal.id), 'Квалификация');
    await cardIn('qualification', deal.id).waitFor();
    await drag(cardIn('qualification', deal.id), 'proposal');
    await cardIn('proposal', deal.id).waitFor();
  });

  await step('согласования: карточка сразу на двух параллельных этапах', async () => {
    await moveByMenu(cardIn('proposal', deal.id), 'Юристы');
    await cardIn('legal', deal.id).waitFor();
    await cardIn('finance', deal.id).waitFor();
    const also = await cardIn('legal', deal.id).innerText();
    expect(also.includes('Также на этапах:') && also.includes('Финансы'), `the legal card says: ${also}`);
  });

  await step('юристы согласовали; оплата получена перетаскиванием в «Выиграна»', async () => {
    const tasks = await api('GET', `/tasks?recordId=${deal.id}&processKey=${KEY}`);
    const legal = tasks.find(t => t.name === 'Согласовать договор');
    expect(legal, `no legal task among ${JSON.stringify(tasks.map(t => t.name))}`);
    await api('POST', `/tasks/${legal.id}/complete`, {});
    await page.reload();
    await cardIn('finance', deal.id).waitFor();
    await cardIn('legal', deal.id).waitFor({ state: 'detached' });
    await drag(cardIn('finance', deal.id), 'won');
    await cardIn('won', deal.id).filter({ hasText: 'Процесс завершён' }).waitFor();
  });

  await step('проигрыш: причина «Другое» требует комментарий', async () => {
    await moveByMenu(cardIn('qualification', lostDeal.id), 'Проиграна');
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Почему сделка перешла на этап «Проиграна»?').waitFor();
    await choose(page, dialog, 'loss-reason', 'Другое');
    await dialog.getByText('Для причины «Другое» нужен комментарий').waitFor();
    expect(await byTest('loss-confirm').isDisabled(), 'the move is allowed without a comment');
    await byTest('loss-comment').fill('Купили у партнёра');
    await byTest('loss-confirm').click();
    await cardIn('lost', lostDeal.id).waitFor();
    const stored = await api('GET', `/records/deal/${lostDeal.id}`);
    expect(stored.values.stage === 'lost' && stored.values.loss_reason === 'other' && stored.values.loss_comment === 'Купили у партнёра',
      `the deal holds ${JSON.stringify(stored.values)}`);
    if (pageErrors.length) throw new Error(`script errors in the page: ${pageErrors.join('; ')}`);
  });
}

walk.run(main);
