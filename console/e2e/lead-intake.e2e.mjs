// Walks the lead-intake story through the console only, in headless Debian Chromium:
// admin adds a manager and a hot contact; the engine starts "Lead intake"; the manager calls the
// lead, qualifies it, and finds the deal the process opened.
//
//   BASE_URL=http://127.0.0.1:18080 ADMIN_USER=admin ADMIN_PASSWORD=... \
//   [SCREENSHOT_DIR=target/e2e] [CHROMIUM=/usr/bin/chromium] node e2e/lead-intake.e2e.mjs
//
// Exits 0 when every step passed, 1 otherwise; never runs longer than 120 s.
import { ADMIN_USER, BASE_URL, browserWalk, choose, signIn } from './walk.mjs';

const HARD_LIMIT_MS = 120_000;
const ASYNC_LIMIT_MS = 20_000; // the engine's async executor acts within a second or two

const stamp = Date.now();
const manager = { username: `manager-${stamp}`, password: 'Manager-pass-123', displayName: `Manager ${stamp}` };
const lead = {
  first_name: 'Lead', last_name: `E2E-${stamp}`, phone: '+7 912 345-67-89', email: `lead-${stamp}@example.com`,
  budget: '150000', source: 'referral',
};

const walk = browserWalk('lead-intake', HARD_LIMIT_MS);
const step = walk.step;
let page;

/** Retries `check` until it holds, calling `refresh` between tries: for what the engine does asynchronously. */
async function eventually(what, check, refresh, limitMs = ASYNC_LIMIT_MS) {
  const deadline = Date.now() + limitMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch { /* not there yet */ }
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${limitMs / 1000} s`);
    await page.waitForTimeout(1000);
    await refresh();
  }
}

const byTest = id => page.getByTestId(id);

/** Waits for `success`; when the console shows a problem instead, fails with its text. */
async function expectOutcome(success, what) {
  const problem = byTest('problem').first();
  await success.or(problem).first().waitFor();
  if (await success.first().isVisible()) return;
  if (await problem.isVisible()) throw new Error(`${what} refused: ${(await problem.innerText()).replace(/\s+/g, ' ')}`);
}

async function refreshCard() {
  await byTest('card-refresh').click();
}

async function main() {
  page = await walk.open();

  await step(`open ${BASE_URL} and sign in as ${ADMIN_USER}`, () => signIn(page));

  await step(`add manager ${manager.username}`, async () => {
    await byTest('nav-users').click();
    await byTest('user-username').fill(manager.username);
    await byTest('user-displayName').fill(manager.displayName);
    await byTest('user-password').fill(manager.password);
    await byTest('user-role').locator('input[value="manager"]').check();
    await byTest('user-submit').click();
    await expectOutcome(page.locator(`[data-testid="user-row"][data-username="${manager.username}"]`), 'adding the user');
  });

  const contactId = await step(`create hot lead ${lead.first_name} ${lead.last_name}`, async () => {
    await byTest('nav-contact').click();
    await byTest('new-record').click();
    for (const name of ['first_name', 'last_name', 'phone', 'email', 'budget']) {
      await byTest(`field-${name}`).fill(lead[name]);
    }
    await byTest('field-decision_maker').check();
    await choose(page, page, 'field-source', 'Referral');
    await byTest('record-submit').click();
    const card = page.locator('[data-testid="record-card"][data-entity="contact"]');
    await expectOutcome(card, 'creating the contact');
    return card.getAttribute('data-record-id');
  });

  await step(`card of contact ${contactId} shows warmth hot`, async () => {
    const warmth = () => byTest('value-warmth').getAttribute('data-value');
    await eventually('warmth "hot"', async () => (await warmth()) === 'hot', refreshCard, 5_000)
      .catch(async () => { throw new Error(`warmth is "${await warmth()}", expected "hot"`); });
  });

  await step('card shows a "Lead intake" process instance', async () => {
    const instance = byTest('process-instance').filter({ hasText: 'Lead intake' });
    await eventually('process instance "Lead intake"', () => instance.first().isVisible(), refreshCard);
  });

  await step(`sign out and sign in as ${manager.username}`, async () => {
    await byTest('nav-signout').click();
    await signIn(page, { username: manager.username, password: manager.password, open: false });
  });

  const task = page.locator(`[data-testid="task"][data-record-id="${contactId}"][data-name="Call the lead"]`).first();

  await step('inbox shows "Call the lead" for the contact', async () => {
    await byTest('nav-inbox').click();
    await eventually('task "Call the lead"', () => task.isVisible(), () => byTest('inbox-refresh').click());
  });

  await step('claim the task if it is unassigned', async () => {
    const claim = task.getByTestId('task-claim');
    if (await claim.isVisible()) {
      await claim.click();
      await task.getByTestId('task-complete').waitFor();
    }
  });

  await step('comment on the task and see the comment under it', async () => {
    await task.getByTestId('task-comments-toggle').click();
    const text = `Left a voicemail ${stamp}`;
    await task.getByLabel('Your comment').fill(text);
    await task.getByLabel('Your comment').press('Control+Enter');
    await task.getByTestId('task-comment').filter({ hasText: text }).waitFor();
    await task.getByTestId('task-comment').filter({ hasText: manager.username }).first().waitFor();
  });

  await step('complete it with outcome qualified', async () => {
    await task.getByTestId('task-complete').click();
    await choose(page, task, 'field-outcome', 'Qualified');
    const comment = task.getByTestId('field-comment');
    if (await comment.count()) await comment.fill('Called from the e2e walk; wants a proposal.');
    await task.getByTestId('task-submit').click();
    await expectOutcome(byTest('task-done'), 'completing the task');
    await task.waitFor({ state: 'detached' });
  });

  await step('open the contact card and find a linked deal', async () => {
    await byTest('nav-contact').click();
    await byTest('filter-expression').fill(`last_name == '${lead.last_name}'`);
    await byTest('filter-apply').click();
    await page.locator(`[data-testid="record-row"][data-record-id="${contactId}"] a`).first().click();
    await page.locator(`[data-testid="record-card"][data-record-id="${contactId}"]`).waitFor();
    const deals = byTest('linked-deal').getByTestId('linked-record');
    await eventually('a deal linked to the contact', () => deals.first().isVisible(), refreshCard);
  });

  await step('open the deal: stage qualified, linked back to the contact', async () => {
    await byTest('linked-deal').getByTestId('linked-record').first().click();
    await page.locator('[data-testid="record-card"][data-entity="deal"]').waitFor();
    const stage = await byTest('value-stage').getAttribute('data-value');
    if (stage !== 'qualified') throw new Error(`stage is "${stage}", expected "qualified"`);
    const back = byTest('value-contact_id').locator(`[data-testid="record-link"][data-record-id="${contactId}"]`);
    await back.click();
    await page.locator(`[data-testid="record-card"][data-entity="contact"][data-record-id="${contactId}"]`).waitFor();
  });
}

walk.run(main);
