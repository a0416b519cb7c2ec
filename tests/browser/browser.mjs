#!/usr/bin/env node
// Browser test: the staff app and the customer portal in a real Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core) against a real `redress serve`.
//
//   node tests/browser/browser.mjs path/to/redress ARTIFACT_DIR
//
// 1. A customer submits a complaint in Armenian through the portal, with two files, and
//    gets the number, the acknowledgement and the status link.
// 2. Staff handle it in Russian: the head of quality finds it in the register and assigns
//    it; the investigator investigates, decides, offers compensation above their authority;
//    the manager approves it in the approvals queue; the investigator answers and closes.
// 3. The customer reads the answer and answers the survey, in Armenian.
// 4. The telephone intake is filled in with the keyboard alone, in the order of the form.
// 5. A POST without the CSRF token is refused, and changes nothing.
// Every main page is checked with axe-core (no serious or critical violations) and kept as
// a screenshot in ARTIFACT_DIR. Exit status 0 when everything passed.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const BINARY = process.argv[2];
const ARTIFACTS = path.resolve(process.argv[3] || 'browser-artifacts');
const CHROMIUM = process.env.REDRESS_CHROMIUM || '/usr/bin/chromium';
if (!BINARY) {
  console.error('usage: browser.mjs REDRESS_BINARY [ARTIFACT_DIR]');
  process.exit(2);
}
fs.mkdirSync(ARTIFACTS, { recursive: true });

let failures = 0;
async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}\n     ${String(e && e.stack || e).split('\n').slice(0, 6).join('\n     ')}`);
    throw e;
  }
}
function expect(cond, message) {
  if (!cond) throw new Error(message);
}

// ---- the server ----

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-browser-'));
const db = path.join(tmp, 'browser.db');
const env = { ...process.env, REDRESS_TICK: '3600' };
function run(args, input) {
  const r = spawnSync(BINARY, args, { env, encoding: 'utf8', input });
  if (r.status !== 0) throw new Error(`redress ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
run(['migrate', '--db', db]);
const PASSWORD = 'browser-test-password';
const people = [
  ['quality', 'head_of_quality', 'Анна Петрова', 'ru'],
  ['investigator', 'responsible', 'Самвел Акопян', 'ru'],
  ['manager', 'manager', 'Мария Смирнова', 'ru'],
  ['desk', 'front_line', 'Ирина Иванова', 'en'],
];
for (const [login, role, name, language] of people) {
  run(['user', 'add', '--db', db, '--name', login, '--role', role, '--full-name', name, '--language', language,
       '--password-stdin'], `${PASSWORD}\n`);
}
const ready = path.join(tmp, 'ready');
const server = spawn(BINARY, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--ready-file', ready, '--threads', '2'],
                     { env, stdio: ['ignore', 'ignore', 'pipe'] });
let serverLog = '';
server.stderr.on('data', (d) => { serverLog += d; });
let address;
for (let i = 0; i < 200 && !address; i++) {
  await new Promise((r) => setTimeout(r, 50));
  try { address = fs.readFileSync(ready, 'utf8').trim(); } catch { /* not yet */ }
}
if (!address) {
  console.error(`the server did not start:\n${serverLog}`);
  process.exit(1);
}
const BASE = `http://${address}`;

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});

// A browser context as one person: their language, a phone-sized or desktop screen. CSP is
// bypassed only so that axe-core can be injected.
async function person(locale, viewport = { width: 1280, height: 900 }, javaScriptEnabled = true) {
  const context = await browser.newContext({ locale, viewport, bypassCSP: true, javaScriptEnabled });
  const page = await context.newPage();
  page.on('pageerror', (e) => { console.log(`     page error: ${e.message}`); failures++; });
  return { context, page };
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

// axe-core on the page as it stands: fails on serious or critical violations.
async function accessible(page, name) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  fs.writeFileSync(path.join(ARTIFACTS, `${name}.axe.json`), JSON.stringify(result.violations, null, 2));
  expect(bad.length === 0, `${name}: axe found ${bad.map((v) => `${v.id} (${v.impact}: ${v.nodes.length} nodes, ${v.nodes[0]?.target})`).join('; ')}`);
}

async function page_(page, name) {
  const body = await page.locator('body').textContent();
  expect(!/\{\d\}|\uFFFD/.test(body), `${name}: an unfilled placeholder or a broken character on the page`);
  await accessible(page, name);
  await shot(page, name);
}

async function signIn(page, login) {
  await page.goto(`${BASE}/login`);
  await page.fill('#login', login);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]:below(#password)');
  await until(page, /\/register/);
}

async function signOutPlain(page) {
  await Promise.all([page.waitForNavigation(), page.click('.who form[action="/logout"] button')]);
}

async function signOut(page) {
  await page.click('.who form[action="/logout"] button');
  await until(page, /\/login/);
}

// Opens an action's <details> on the card and submits its form; waits for the card to come
// back with a new version (or with an error, which fails the step).
async function act(page, summary, fill) {
  const details = page.locator('details', { has: page.locator('summary', { hasText: summary }) });
  await details.locator('summary').click();
  await fill(details);
  await submitOnCard(page, details.locator('button[type=submit]').last());
}

async function submitOnCard(page, button) {
  const version = await page.locator('input[name=version]').first().getAttribute('value');
  await button.click();
  await page.waitForFunction((v) => document.querySelector('#error') ||
                                    document.querySelector('input[name=version]')?.value !== v, version);
  if (await page.locator('#error').count()) {
    throw new Error(`the card says: ${await page.locator('#error').textContent()}`);
  }
}

// Waits until the address matches: full loads and htmx's boosted swaps (history pushes) alike.
async function until(page, pattern) {
  if (process.env.BROWSER_DEBUG) console.log(`     until ${pattern} at ${new Date().toISOString()}`);
  await page.waitForFunction((source) => new RegExp(source).test(location.href), pattern.source, { timeout: 15000 });
  await page.waitForLoadState();
}

const text = (page, selector) => page.locator(selector).first().textContent().then((t) => (t || '').trim());

let number;
let statusPath;
const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
                        '1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082', 'hex');

try {
  const customer = await person('hy-AM', { width: 390, height: 844 });
  await step('portal: an Armenian customer submits a complaint with files on a phone-sized screen', async () => {
    const { page } = customer;
    await page.goto(`${BASE}/portal`);
    expect(await page.getAttribute('html', 'lang') === 'hy', 'the portal speaks Armenian to an Armenian browser');
    const heading = await text(page, 'h1');
    expect(/[\u0530-\u058F]/.test(heading), `the heading is in Armenian: ${heading}`);
    await page_(page, '01-portal-hy');
    await page.fill('#name', 'Արամ Սարգսյան');
    await page.fill('#email', 'aram@example.am');
    await page.fill('#product', 'Լվացքի մեքենա');
    await page.fill('#statement', 'Լվացքի մեքենան չի աշխատում առաքումից հետո։ Խնդրում եմ փոխարինել։');
    await page.setInputFiles('#attachments', [
      { name: 'receipt.png', mimeType: 'image/png', buffer: png },
      { name: 'նամակ.txt', mimeType: 'text/plain', buffer: Buffer.from('Պատվեր 1234\n') },
    ]);
    await Promise.all([page.waitForSelector('#number'), page.click('button[type=submit]')]);
    number = await text(page, '#number');
    expect(/^\d{4}-\d{6}$/.test(number), `a register number: ${number}`);
    statusPath = await page.getAttribute('#status-link', 'href');
    expect(/^\/status\/st_[0-9a-f]{64}$/.test(statusPath), `an unguessable status link: ${statusPath}`);
    await page_(page, '02-portal-registered-hy');
    await page.click('#ack-link');
    await page.waitForSelector('.letter');
    expect((await text(page, '.letter')).includes(number), 'the acknowledgement names the number');
    await page_(page, '03-acknowledgement-hy');
    await page.goto(`${BASE}${statusPath}`);
    await page_(page, '04-status-received-hy');
  });

  const staff = await person('ru-RU');
  await step('staff (ru): the head of quality finds the complaint in the register and assigns it', async () => {
    const { page } = staff;
    await page.goto(`${BASE}/login`);
    expect(await page.getAttribute('html', 'lang') === 'ru', 'the login page follows Accept-Language');
    await page_(page, '05-login-ru');
    await signIn(page, 'quality');
    expect(await page.getAttribute('html', 'lang') === 'ru', 'the staff app speaks the user\'s language');
    await page.fill('#q', 'Սարգսյան');
    await page.waitForFunction((n) => document.querySelector('#results')?.textContent.includes(n), number);
    await page_(page, '06-register-ru');
    await page.click(`a:text("${number}")`);
    await until(page, new RegExp(`/complaints/${number}$`));
    expect((await page.locator('.files a').count()) === 2, 'both files are on the card');
    await page_(page, '07-card-registered-ru');
    await act(page, 'Назначить', async (d) => { await d.locator('select[name=responsible]').selectOption('investigator'); });
    expect((await text(page, '.timeline')).includes('investigator'), 'the timeline shows the assignment');
    await signOut(page);
  });

  await step('staff (ru): the investigator investigates, decides, and offers compensation above their authority', async () => {
    const { page } = staff;
    await signIn(page, 'investigator');
    await page.goto(`${BASE}/complaints/${number}`);
    await act(page, 'Начать расследование', async () => {});
    await act(page, 'Записать мнение сотрудника', async (d) => {
      await d.locator('input[name=employee]').fill('Курьер Олег Петров');
      await d.locator('textarea[name=view]').fill('Курьер подтвердил, что коробка была повреждена.');
    });
    await act(page, 'Дать заключение', async (d) => {
      await d.locator('textarea[name=opinion]').fill('Повреждение при доставке.');
      await d.locator('input[name=cause]').fill('Небрежная перевозка');
      await d.locator('select[name=cause_kind]').selectOption('supplier');
      await d.locator('input[name=supplier]').fill('ТрансЛогистик');
    });
    await act(page, 'Решить, обоснована ли', async (d) => {
      await d.locator('#val-yes').check();
      await d.locator('#val-reason').fill('Машина повреждена при доставке.');
    });
    await act(page, 'Предложить компенсацию', async (d) => {
      const option = d.locator('.option', { hasText: 'сервис' });
      expect((await option.textContent()).includes('Нужно согласование'), 'the picker says the service contract needs approval');
      await option.locator('input').check();
    });
    await page_(page, '08-card-compensation-pending-ru');
    await signOut(page);
  });

  await step('staff (ru): the manager approves the compensation in the approvals queue', async () => {
    const { page } = staff;
    await signIn(page, 'manager');
    await page.goto(`${BASE}/approvals`);
    await page_(page, '09-approvals-ru');
    const row = page.locator('tr', { hasText: number });
    expect((await row.textContent()).includes('Бесплатный сервисный договор на год'), 'the catalogue option is named in Russian');
    await row.locator('button[value=true]').click();
    await page.waitForFunction((n) => !document.querySelector('main').textContent.includes(n), number);
    expect(await page.locator('tr', { hasText: number }).count() === 0, 'the approval left the queue');
    await signOut(page);
  });

  await step('staff (ru): the investigator answers the customer and closes the complaint', async () => {
    const { page } = staff;
    await signIn(page, 'investigator');
    await page.goto(`${BASE}/complaints/${number}`);
    await act(page, 'Ответить клиенту', async (d) => {
      await d.locator('textarea[name=text]').fill('Հարգելի Արամ, մենք կփոխարինենք մեքենան և կտրամադրենք անվճար սպասարկում մեկ տարով։');
    });
    await submitOnCard(page, page.locator('#close'));
    expect((await text(page, '#stage')).length > 0, 'the stage is shown');
    await page_(page, '10-card-closed-ru');
    await page.goto(`${BASE}/tasks`);
    await page_(page, '11-tasks-ru');
    await signOut(page);
  });

  await step('portal (hy): the customer reads the answer and answers the survey', async () => {
    const { page } = customer;
    await page.goto(`${BASE}${statusPath}`);
    expect((await text(page, '#answer')).includes('Հարգելի Արամ'), 'the answer is on the status page');
    await page_(page, '12-status-answered-hy');
    for (const id of ['reliability', 'speed', 'courtesy', 'solution']) {
      await page.locator(`label[for="score-${id}-9"]`).click();
    }
    await page.locator('#rec-yes').check();
    await page.click('form[action$="/survey"] button[type=submit]');
    await until(page, /done=survey/);
    expect(await page.locator('form[action$="/survey"]').count() === 0, 'the survey is answered once');
  });

  await step('staff: the card shows the satisfaction index from the customer\'s survey', async () => {
    const { page } = staff;
    await signIn(page, 'quality');
    await page.goto(`${BASE}/complaints/${number}`);
    const body = await text(page, 'main');
    expect(body.includes('9') && body.includes('/ 10'), 'the index 9 / 10 is shown');
    await signOut(page);
  });

  await step('intake: a telephone complaint is taken with the keyboard alone', async () => {
    const { page } = await person('en-GB');
    await signIn(page, 'desk');
    await page.goto(`${BASE}/intake`);
    await page_(page, '13-intake-en');
    // From the top of the page, Tab reaches the form's fields in the order of the call.
    const order = [];
    const typed = { name: 'John Smith', phone: '+44 20 7946 0000', email: 'john@example.org', product: 'Kettle',
                    category: 'Delivery', statement: 'The kettle arrived broken.', wants: 'A new kettle.',
                    callback_note: 'Call about the replacement.' };
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
      if (order.at(-1) !== id) order.push(id);
      if (typed[id]) await page.keyboard.type(typed[id]);
      if (id === 'apologised') await page.keyboard.press('Space');
      if (id === 'BUTTON' && await page.evaluate(() => document.activeElement.closest('form.intake') !== null)) break;
    }
    const fields = order.filter((id) => ['name', 'phone', 'email', 'language', 'kind', 'product', 'category',
                                         'statement', 'apologised', 'wants', 'callback_due', 'callback_note'].includes(id));
    expect(JSON.stringify(fields) === JSON.stringify(['name', 'phone', 'email', 'language', 'kind', 'product', 'category',
                                                      'statement', 'apologised', 'wants', 'callback_due', 'callback_note']),
           `focus order: ${order.join(' > ')}`);
    await Promise.all([page.waitForSelector('#status-url'), page.keyboard.press('Enter')]);
    const oral = await text(page, '#number');
    expect(/^\d{4}-\d{6}$/.test(oral), `the oral complaint is registered: ${oral}`);
    await page_(page, '14-intake-registered-en');
    await page.goto(`${BASE}/complaints/${oral}`);
    expect((await text(page, 'main')).includes('Oral, not yet confirmed in writing'), 'the complaint is marked oral');
    expect((await page.locator('.timeline').textContent()).includes('Callback booked'), 'the callback is booked');
  });

  await step('without JavaScript: the portal, signing in, the register and a step on the card still work', async () => {
    const { page } = await person('bg-BG', { width: 1024, height: 800 }, false);
    await page.goto(`${BASE}/portal`);
    expect(await page.getAttribute('html', 'lang') === 'bg', 'the portal speaks Bulgarian to a Bulgarian browser');
    await page.fill('#name', 'Георги Димитров');
    await page.fill('#phone', '+359 2 000 0000');
    await page.fill('#statement', 'Закаленото стъкло пристигна спукано.');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    const plain = await text(page, '#number');
    expect(/^\d{4}-\d{6}$/.test(plain), `registered without JavaScript: ${plain}`);
    await page.goto(`${BASE}/login`);
    await page.fill('#login', 'quality');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]:below(#password)')]);
    await page.goto(`${BASE}/register?q=${encodeURIComponent('стъкло')}`);
    expect((await text(page, '#results')).includes(plain), 'the search works as a plain GET');
    await page.goto(`${BASE}/complaints/${plain}`);
    await page.locator('summary', { hasText: 'Комментарий' }).click();  // quality works in Russian
    await page.fill('#cm-text', 'Обадих се на клиента.');
    await Promise.all([page.waitForNavigation(), page.locator('form[action$="/comment"] button').click()]);
    expect((await text(page, '.timeline')).includes('Обадих се на клиента.'), 'the comment is on the timeline');
    await signOutPlain(page);
  });

  await step('a POST without the CSRF token is refused and changes nothing', async () => {
    const { page } = staff;
    await signIn(page, 'quality');
    await page.goto(`${BASE}/complaints/${number}`);
    const before = await page.locator('.timeline li').count();
    const response = await page.request.post(`${BASE}/complaints/${number}/do/comment`, {
      form: { text: 'forged comment' },
    });
    expect(response.status() === 403, `refused with 403, got ${response.status()}`);
    const forged = await page.request.post(`${BASE}/complaints/${number}/do/comment`, {
      form: { text: 'forged comment', _csrf: '0'.repeat(40) },
    });
    expect(forged.status() === 403, `a wrong token is refused too, got ${forged.status()}`);
    await page.reload();
    expect(await page.locator('.timeline li').count() === before, 'no event was added');
    const withToken = await page.locator('form[action$="/comment"] input[name=_csrf]').getAttribute('value');
    const real = await page.request.post(`${BASE}/complaints/${number}/do/comment`, {
      form: { text: 'a real comment', _csrf: withToken }, maxRedirects: 0,
    });
    expect(real.status() === 303, `the same POST with the token is accepted, got ${real.status()}`);
  });
} catch (e) {
  // Reported by step(); fall through to clean up.
} finally {
  await browser.close().catch(() => {});
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(failures ? `browser: ${failures} failure(s); screenshots in ${ARTIFACTS}` : `browser: all passed; screenshots in ${ARTIFACTS}`);
process.exit(failures ? 1 : 0);
