// Walks what the rebuilt console offers beyond the lead-intake story, in headless Debian Chromium:
// Russian and English, sign-in kept in a new tab, a deal made with the contact picker, the filter
// builder writing the list's filter into the address, the board moving a deal (and showing why a
// move is refused), an admin renaming a user, and the recycle bin, search and reminders answering.
//
//   BASE_URL=http://127.0.0.1:18080 ADMIN_USER=admin ADMIN_PASSWORD=... [SCREENSHOT_DIR=...] node e2e/console-features.e2e.mjs
//
// Exits 0 when every step passed, 1 otherwise (a script error in the page fails it too); never runs longer than 240 s (a loaded machine takes its time).
import { ADMIN_PASSWORD, ADMIN_USER, api, BASE_URL, browserWalk, choose, chooseMenuItem, pickRecord, signIn } from './walk.mjs';

const stamp = Date.now();
const lastName = `Picker${stamp}`;

const walk = browserWalk('console-features', 240_000);
const step = walk.step;
let page;
const byTest = id => page.getByTestId(id);

async function main() {
  const { token } = await api('POST', '/auth/login', { username: ADMIN_USER, password: ADMIN_PASSWORD });
  const contact = await api('POST', '/records/contact', { values: { first_name: 'Ada', last_name: lastName, phone: '+7 900 000-00-01' } }, token);
  const other = await api('POST', '/records/contact', { values: { first_name: 'Bob', last_name: `Other${stamp}`, phone: '+7 900 000-00-02' } }, token);
  const manager = await api('POST', '/users', { username: `walker-${stamp}`, password: 'Walker-pass-123', roles: ['manager'] }, token);

  page = await walk.open();
  const pageErrors = [];
  page.on('pageerror', err => pageErrors.push(err.message));

  await step('a browser asking for Russian gets Russian, any other language English', async () => {
    for (const [locale, submit] of [['ru-RU', 'Войти'], ['de-DE', 'Sign in']]) {
      const context = await page.context().browser().newContext({ locale });
      const other = await context.newPage();
      await other.goto(`${BASE_URL}/`);
      await other.getByTestId('signin-submit').filter({ hasText: submit }).waitFor();
      await context.close();
    }
  });

  await step('sign in and switch to Russian, which a reload keeps', async () => {
    await signIn(page, { language: 'ru' });
    await byTest('nav-inbox').filter({ hasText: 'Входящие' }).waitFor();
    await page.reload();
    await byTest('nav-inbox').filter({ hasText: 'Входящие' }).waitFor();
    await page.goto(`${BASE_URL}/records/contact/${encodeURIComponent(contact.id)}`);
    await page.getByTestId('card-refresh').filter({ hasText: 'Обновить' }).waitFor();
  });

  await step('a new tab opens a card address signed in and in Russian; back to English', async () => {
    const tab = await page.context().newPage();
    await tab.goto(`${BASE_URL}/records/contact/${encodeURIComponent(contact.id)}`);
    await tab.locator(`[data-testid="record-card"][data-record-id="${contact.id}"]`).waitFor();
    await tab.getByTestId('nav-inbox').filter({ hasText: 'Входящие' }).waitFor();
    await tab.close();
    await choose(page, page, 'language', 'English');
    await byTest('nav-inbox').filter({ hasText: 'Inbox' }).waitFor();
  });

  const dealTitle = `Deal ${stamp}`;
  const dealId = await step('new deal: the contact is picked by name, never by id', async () => {
    await page.goto(`${BASE_URL}/records/deal/new`);
    await byTest('field-title').fill(dealTitle);
    await byTest('field-amount').fill('1 500,50');
    await choose(page, page, 'field-stage', 'New');
    await pickRecord(page, page, 'field-contact_id', lastName, lastName);
    await byTest('record-submit').click();
    const card = page.locator('[data-testid="record-card"][data-entity="deal"]');
    await card.waitFor();
    await byTest('value-contact_id').locator(`[data-testid="record-link"][data-record-id="${contact.id}"]`).waitFor();
    return card.getAttribute('data-record-id');
  });

  await step('the filter builder narrows the contacts and keeps the filter in the address', async () => {
    await byTest('nav-contact').click();
    await byTest('filter-builder').click();
    await choose(page, page, 'condition-field', 'Last name');
    await byTest('condition-value').fill(lastName);
    await byTest('conditions-apply').click();
    await page.waitForURL(url => new URL(url).searchParams.get('filter') === `last_name == '${lastName}'`);
    await page.locator(`[data-testid="record-row"][data-record-id="${other.id}"]`).waitFor({ state: 'detached' });
    await page.locator(`[data-testid="record-row"][data-record-id="${contact.id}"]`).waitFor();
    const rows = await byTest('record-row').count();
    if (rows !== 1) throw new Error(`expected 1 row, saw ${rows}`);
    if ((await byTest('filter-expression').inputValue()) !== `last_name == '${lastName}'`) throw new Error('the expression box does not show the filter');
  });

  await step('the board moves the deal to Proposal from its card menu', async () => {
    await page.goto(`${BASE_URL}/board/deal?by=stage&filter=${encodeURIComponent(`title == '${dealTitle}'`)}`);
    const card = page.locator(`[data-testid="board-column"][data-value="new"] [data-testid="board-card"][data-record-id="${dealId}"]`);
    await card.waitFor();
    await chooseMenuItem(page, card.getByTestId('board-move'), 'Proposal');
    await page.locator(`[data-testid="board-column"][data-value="proposal"] [data-testid="board-card"][data-record-id="${dealId}"]`).waitFor();
    const stored = await api('GET', `/records/deal/${dealId}`, undefined, token);
    if (stored.values.stage !== 'proposal') throw new Error(`the deal's stage is ${stored.values.stage}`);
  });

  await step('dragging the card onto Negotiation moves it there', async () => {
    const card = page.locator(`[data-testid="board-card"][data-record-id="${dealId}"]`);
    const from = await card.boundingBox();
    const target = page.locator('[data-testid="board-column"][data-value="negotiation"]');
    const to = await target.boundingBox();
    await page.mouse.move(from.x + 20, from.y + from.height - 8);
    await page.mouse.down();
    await page.mouse.move(from.x + 40, from.y + from.height, { steps: 5 });
    await page.mouse.move(to.x + to.width / 3, to.y + 60, { steps: 15 });
    const now = await target.boundingBox(); // where it is after any scrolling the drag caused
    await page.mouse.move(now.x + now.width / 3, now.y + 60, { steps: 5 });
    await page.mouse.up();
    await page.locator(`[data-testid="board-column"][data-value="negotiation"] [data-testid="board-card"][data-record-id="${dealId}"]`).waitFor();
    const stored = await api('GET', `/records/deal/${dealId}`, undefined, token);
    if (stored.values.stage !== 'negotiation') throw new Error(`the deal's stage is ${stored.values.stage}`);
  });

  await step('a move the stage rule refuses (Lost without a loss reason) shows its reason', async () => {
    const card = page.locator(`[data-testid="board-card"][data-record-id="${dealId}"]`);
    await chooseMenuItem(page, card.getByTestId('board-move'), 'Lost');
    const problem = byTest('board-problem');
    await problem.waitFor();
    const text = await problem.innerText();
    if (!/Loss reason/.test(text) || !/A lost deal needs a loss reason/.test(text)) throw new Error(`the refusal does not say why: ${text}`);
    await page.locator(`[data-testid="board-column"][data-value="negotiation"] [data-testid="board-card"][data-record-id="${dealId}"]`).waitFor();
    const stored = await api('GET', `/records/deal/${dealId}`, undefined, token);
    if (stored.values.stage !== 'negotiation') throw new Error(`the refused move changed the stage to ${stored.values.stage}`);
  });

  await step('an admin renames a user', async () => {
    await byTest('nav-users').click();
    const row = page.locator(`[data-testid="user-row"][data-username="${manager.username}"]`);
    await row.getByTestId('user-edit').click();
    await byTest('edit-displayName').fill(`Walker Renamed ${stamp}`);
    await byTest('user-save').click();
    await row.filter({ hasText: `Walker Renamed ${stamp}` }).waitFor();
  });

  await step('recycle bin, search and reminders answer', async () => {
    await byTest('nav-recycle-bin').click();
    await byTest('recycle-bin').waitFor();
    await byTest('global-search').fill(lastName);
    await byTest('search-hit').filter({ hasText: lastName }).first().waitFor();
    await page.keyboard.press('Escape');
    await byTest('nav-inbox').click();
    await byTest('reminders').waitFor();
    if (pageErrors.length) throw new Error(`script errors in the page: ${pageErrors.join('; ')}`);
  });
}

walk.run(main);
