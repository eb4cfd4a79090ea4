// What every browser walk shares: where the node is and who signs in (BASE_URL, ADMIN_USER,
// ADMIN_PASSWORD), headless Debian Chromium with the flags this machine allows and the language
// asked for (WALK_LOCALE, English by default), the API as a client calls it, signing in, numbered
// steps that print their time (and a screenshot each when SCREENSHOT_DIR is set), a hard time
// limit, and one way to fail (the step, the error, a screenshot) so a walk always stops.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR;

export const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:18080').replace(/\/+$/, '');
export const ADMIN_USER = process.env.ADMIN_USER ?? 'admin';
export const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? '';

/** Calls the API of the node at `baseUrl` as a client would; any answer but 2xx fails with its body. */
export function apiAt(baseUrl, where = '') {
  return async function api(method, path, body, token) {
    const headers = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${baseUrl}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}${where} answered ${res.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/** The API of the node under test. */
export const api = apiAt(BASE_URL);

const LANGUAGES = { ru: 'Русский', en: 'English' };

/**
 * Opens the console and signs in (the admin unless told otherwise); fails with what the console
 * said when it refuses. With `language`, then switches the console to it (`ru` or `en`).
 */
export async function signIn(page, { username = ADMIN_USER, password = ADMIN_PASSWORD, language, open = true } = {}) {
  if (open) await page.goto(`${BASE_URL}/`);
  await page.getByTestId('signin-username').fill(username);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-submit').click();
  const signedIn = page.locator(`[data-testid="nav-user"][data-username="${username}"]`);
  const problem = page.getByTestId('problem').first();
  await signedIn.or(problem).first().waitFor();
  if (!(await signedIn.isVisible())) throw new Error(`sign-in refused: ${(await problem.innerText()).replace(/\s+/g, ' ')}`);
  if (language) {
    await choose(page, page, 'language', LANGUAGES[language]);
    await page.locator(`html[lang="${language}"]`).waitFor();
  }
}

/** A walk named `name` (it prefixes screenshots and the verdict) that gives up after `limitMs`. */
export function browserWalk(name, limitMs) {
  let browser;
  let page;
  let stepNo = 0;
  let inStep = false;

  async function fail(err) {
    if (inStep) console.log('FAILED');
    console.error(`${name} e2e failed at step ${stepNo}: ${err?.stack ?? err}`);
    if (SCREENSHOT_DIR && page) {
      const path = join(SCREENSHOT_DIR, `${name}-failure.png`);
      await page.screenshot({ path, fullPage: true, timeout: 5_000 }).then(() => console.error(`screenshot: ${path}`), () => {});
    }
    await browser?.close().catch(() => {});
    process.exit(1);
  }

  return {
    /** Starts the browser and answers its one page; fails at once when the admin's password is not set. */
    async open() {
      if (!ADMIN_PASSWORD) throw new Error('ADMIN_PASSWORD is not set');
      if (SCREENSHOT_DIR) mkdirSync(SCREENSHOT_DIR, { recursive: true });
      browser = await chromium.launch({
        executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
          '--disable-sync', '--no-first-run', '--disable-quic'],
      });
      // English unless WALK_LOCALE says otherwise, whatever the machine's locale: the walks read texts the console shows.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: process.env.WALK_LOCALE ?? 'en-US' });
      page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.on('pageerror', err => console.log(`\n  page error: ${err.message}`));
      return page;
    },

    async step(title, action) {
      stepNo += 1;
      const started = Date.now();
      process.stdout.write(`[${String(stepNo).padStart(2)}] ${title} … `);
      inStep = true;
      const result = await action();
      inStep = false;
      console.log(`ok (${Date.now() - started} ms)`);
      if (SCREENSHOT_DIR) {
        await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${String(stepNo).padStart(2, '0')}.png`), fullPage: true });
      }
      return result;
    },

    /** Runs `main`; exits 0 when every step passed, 1 on the first failure or at the time limit. */
    run(main) {
      const hardStop = setTimeout(() => fail(new Error(`gave up after ${limitMs / 1000} s`)), limitMs);
      main().then(async () => {
        clearTimeout(hardStop);
        await browser.close();
        console.log(`${name} e2e passed: ${stepNo} steps`);
        process.exit(0);
      }, fail);
    },
  };
}

/**
 * Picks a record in the record picker marked `data-testid=testId` inside `scope` by typing `typed`
 * and clicking the option that shows `expected`, once the options are the search's answer (the
 * picker says so in data-search-settled). A click lost while the list slides in is tried again.
 */
export async function pickRecord(page, scope, testId, typed, expected) {
  const select = scope.getByTestId(testId);
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: expected }).first();
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (!(await select.evaluate(e => e.classList.contains('ant-select-open')))) await select.click();
    await select.locator('input').fill(typed);
    await scope.locator(`[data-testid="${testId}"][data-search-settled="true"]`).waitFor();
    await option.click();
    for (let wait = 0; wait < 30; wait += 1) {
      if ((await select.textContent()).includes(expected)) return;
      await page.waitForTimeout(100);
    }
  }
  throw new Error(`${testId}: "${expected}" was not picked after typing "${typed}"`);
}

/**
 * Chooses `label` in the antd Select marked `data-testid=testId` inside `scope`, the way a person
 * does: open it, then click the option (options render in a popup at the end of the page).
 */
export async function choose(page, scope, testId, label) {
  const select = scope.getByTestId(testId);
  const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  const option = open.locator('.ant-select-item-option').filter({ hasText: exact }).first();
  await select.click();
  if (await select.evaluate(e => e.classList.contains('ant-select-multiple'))) {
    await option.click(); // a list of several stays open; a second click would take the option back
    return;
  }
  // The list slides in like antd's menus, and a click that lands while it moves is lost (the list
  // stays open over the option, nothing chosen): a single select closes its list once it took the
  // option (its root loses ant-select-open), so choose again until it closed.
  const stillOpen = () => select.evaluate(e => e.classList.contains('ant-select-open'));
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (!(await stillOpen())) await select.click();
    await option.click();
    for (let wait = 0; wait < 30 && await stillOpen(); wait += 1) await page.waitForTimeout(100);
    if (!(await stillOpen())) return;
  }
  throw new Error(`the select ${testId} did not take «${label}»`);
}

/**
 * Opens the antd dropdown menu behind `trigger` and clicks the item reading `label`. The menu
 * slides in, and a click that lands while it is still moving is lost (the menu stays open with
 * the pointer over a neighbouring item), so the item is clicked again until the menu closes.
 */
export async function chooseMenuItem(page, trigger, label) {
  await trigger.click();
  const open = page.locator('.ant-dropdown:not(.ant-dropdown-hidden)');
  const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const item = open.locator('.ant-dropdown-menu-item').filter({ hasText: exact });
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await item.click();
    try {
      await open.waitFor({ state: 'detached', timeout: 3000 });
      return;
    } catch {
      // still open: the click missed while the menu moved; choose again
    }
  }
  throw new Error(`the menu did not take «${label}»`);
}

/**
 * Drags `card` onto `target` (a board column) with the mouse, as a person does: dnd-kit starts a
 * drag only after the pointer moves a few pixels, and the board may scroll while the card moves,
 * so the target is measured again before the drop.
 */
export async function dragTo(page, card, target) {
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
