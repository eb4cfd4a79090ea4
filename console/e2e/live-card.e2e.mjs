// A record card open in a browser on node A shows an edit made through node B's API by another
// user, without a reload: the change travels outbox -> live-updates consumer -> clustered event
// bus -> node A's live stream -> the card, which reads the record again.
//
//   BASE_URL=http://127.0.0.1:18080 OTHER_URL=http://127.0.0.1:18081 ADMIN_USER=admin ADMIN_PASSWORD=... \
//   EDITOR_USER=nina EDITOR_PASSWORD=... RECORD_ID=<contact id> [SCREENSHOT_DIR=...] node e2e/live-card.e2e.mjs
//
// Exits 0 when every step passed, 1 otherwise; never runs longer than 90 s.
import { ADMIN_USER, apiAt, BASE_URL, browserWalk, signIn } from './walk.mjs';

const OTHER_URL = (process.env.OTHER_URL ?? '').replace(/\/+$/, '');
const EDITOR_USER = process.env.EDITOR_USER ?? '';
const EDITOR_PASSWORD = process.env.EDITOR_PASSWORD ?? '';
const RECORD_ID = process.env.RECORD_ID ?? '';
const HARD_LIMIT_MS = 90_000;
const LIVE_LIMIT_MS = 15_000; // a notice arrives within a second or two; the rest is room for a busy machine

const walk = browserWalk('live-card', HARD_LIMIT_MS);
const step = walk.step;
let page;

const byTest = id => page.getByTestId(id);

/** The API of the other node, as another client would call it. */
const otherNode = apiAt(OTHER_URL, ' on the other node');

async function main() {
  for (const [name, value] of Object.entries({ OTHER_URL, EDITOR_USER, EDITOR_PASSWORD, RECORD_ID })) {
    if (!value) throw new Error(`${name} is not set`);
  }
  page = await walk.open();
  const liveRequests = [];
  page.on('request', r => { if (r.url().includes('/api/v1/live')) liveRequests.push(r.url()); });

  await step(`sign in as ${ADMIN_USER} on ${BASE_URL}`, () => signIn(page));

  const before = await step(`open the card of contact ${RECORD_ID} and wait for live updates`, async () => {
    await page.goto(`${BASE_URL}/records/contact/${encodeURIComponent(RECORD_ID)}`);
    await page.locator(`[data-testid="record-card"][data-record-id="${RECORD_ID}"]`).waitFor();
    await page.locator('[data-testid="live-status"][data-state="live"]').waitFor();
    // A marker that a reload would wipe out.
    await page.evaluate(() => { window.__sameDocument = true; });
    return byTest('value-first_name').getAttribute('data-value');
  });

  const edited = `Edited-${Date.now()}`;
  await step(`${EDITOR_USER} changes the first name through ${OTHER_URL}`, async () => {
    const { token } = await otherNode('POST', '/auth/login', { username: EDITOR_USER, password: EDITOR_PASSWORD });
    const record = await otherNode('GET', `/records/contact/${encodeURIComponent(RECORD_ID)}`, undefined, token);
    if (record.values.first_name !== before) throw new Error(`the card showed ${before}, the API has ${record.values.first_name}`);
    await otherNode('PATCH', `/records/contact/${encodeURIComponent(RECORD_ID)}`,
      { version: record.version, values: { first_name: edited } }, token);
  });

  await step('the card shows the new value without a reload', async () => {
    await page.locator(`[data-testid="value-first_name"][data-value="${edited}"]`).waitFor({ timeout: LIVE_LIMIT_MS });
    if (!(await page.evaluate(() => window.__sameDocument === true))) throw new Error('the page was reloaded');
    const note = await byTest('live-note').innerText();
    if (!note.includes('Updated')) throw new Error(`the card did not say it was updated: "${note}"`);
    if (liveRequests.some(url => /token|bearer/i.test(new URL(url).search))) throw new Error('a token travelled in the URL');
  });
}

walk.run(main);
