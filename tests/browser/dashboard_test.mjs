// Drives the dashboard of a running `cartwatch serve` in headless Chromium, as a nurse would:
// sign in, add a patient, grade an assessment live, save it, and read the ward board, the
// patient page and the family view. A screenshot is kept after each step.
//
//   node dashboard_test.mjs --base http://127.0.0.1:PORT --user U --password P --screenshots DIR
//
// Exit 0: every step passed. 1: a step failed (the message names it). 77: skipped, because
// Chromium or node_modules (npm ci) is missing.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const SKIP = 77;

function parseArgs(argv) {
  const args = { chromium: process.env.CHROMIUM || '/usr/bin/chromium' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!['base', 'user', 'password', 'screenshots', 'chromium'].includes(key) || argv[i + 1] === undefined) {
      console.error(`usage: node dashboard_test.mjs --base URL --user U --password P --screenshots DIR [--chromium PATH] (bad argument ${argv[i]})`);
      process.exit(2);
    }
    args[key] = argv[i + 1];
  }
  for (const key of ['base', 'user', 'password', 'screenshots']) {
    if (!args[key]) {
      console.error(`dashboard_test: --${key} is required`);
      process.exit(2);
    }
  }
  args.base = args.base.replace(/\/$/, '');
  return args;
}

const args = parseArgs(process.argv.slice(2));

if (!fs.existsSync(args.chromium)) {
  console.error(`dashboard_test: skipped: no Chromium at ${args.chromium} (apt-get install chromium)`);
  process.exit(SKIP);
}
let puppeteer;
try {
  puppeteer = (await import('puppeteer-core')).default;
} catch {
  console.error('dashboard_test: skipped: puppeteer-core is not installed (npm ci --prefix tests/browser)');
  process.exit(SKIP);
}

fs.mkdirSync(args.screenshots, { recursive: true });

const browser = await puppeteer.launch({
  executablePath: args.chromium,
  headless: true,
  // Nothing but the server under test may load: every other host name fails to resolve.
  args: ['--no-sandbox', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});

const page = await browser.newPage();
await page.setViewport({ width: 1280, height: 900 });
page.setDefaultTimeout(10000);

// A script error or a Content-Security-Policy violation is a failure whatever the step.
const pageProblems = [];
page.on('pageerror', (err) => pageProblems.push(`script error: ${err.message}`));
page.on('console', (msg) => {
  if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) pageProblems.push(`CSP: ${msg.text()}`);
});

let shotNumber = 0;
async function shot(name) {
  shotNumber += 1;
  const file = path.join(args.screenshots, `${String(shotNumber).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
}

class StepFailure extends Error {}
function expect(condition, message) {
  if (!condition) throw new StepFailure(message);
}

async function step(name, body) {
  try {
    await body();
    expect(pageProblems.length === 0, pageProblems.join('; '));
    await shot(name);
    console.log(`ok   ${name}`);
  } catch (err) {
    console.error(`FAIL ${name}: ${err.message}`);
    try { await shot(`FAILED-${name}`); } catch { /* the page may be gone */ }
    await browser.close();
    process.exit(1);
  }
}

const text = (selector) => page.$eval(selector, (e) => e.textContent);

// Replaces an input's value as typing does, so the page sees the same input events.
async function retype(selector, value) {
  await page.focus(selector);
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyA');
  await page.keyboard.up('Control');
  await page.keyboard.press('Backspace');
  if (value !== '') await page.keyboard.type(value);
}

// The live preview's CRS grade (data-grade of the first badge).
const previewCrs = (grade) => page.waitForFunction((g) => {
  const badge = document.querySelector('#preview-grades .grade');
  return badge && badge.dataset.grade === g && document.querySelectorAll('#preview-rec .actions li').length > 0;
}, {}, String(grade));

const patientId = `BRW-${Date.now()}`;
const patientPath = `/patients/${encodeURIComponent(patientId)}`;
let recommendationAtGrade1 = '';

await step('login', async () => {
  await page.goto(`${args.base}/login?next=/`, { waitUntil: 'domcontentloaded' });
  await page.type('#login-user', args.user);
  await page.type('#login-password', args.password);
  // Either the page moves on, or it shows the server's refusal: report that, not a timeout.
  const moved = page.waitForNavigation({ waitUntil: 'domcontentloaded' }).then(() => null);
  const refused = page.waitForFunction(() => document.getElementById('login-error')?.textContent.trim())
    .then((handle) => handle.jsonValue()).catch(() => null);
  await page.click('#login-submit');
  const refusal = await Promise.race([moved, refused]);
  expect(!refusal, `sign-in refused: ${refusal}`);
  expect(new URL(page.url()).pathname === '/', `after sign-in the page is ${page.url()}, not the ward board`);
  await page.waitForFunction(() => /Signed in as \S+ \(\w+\)/.test(document.getElementById('who-name').textContent));
  expect((await text('.site-header')).includes('Decision support — a clinician decides.'), 'the header does not say that a clinician decides');
  await page.waitForFunction(() => /updated \d\d:\d\d:\d\d/.test(document.getElementById('ward-updated').textContent));
});

await step('add-patient', async () => {
  await page.click('#add-toggle');
  await page.type('#add-id', patientId);
  await page.type('#add-age', '54');
  await page.type('#add-weight', '70');
  await page.select('#add-product', 'axi-cel');
  // Day 0 = yesterday, as the local time a datetime-local input holds.
  await page.$eval('#add-infusion', (input) => {
    const d = new Date(Date.now() - 86400000);
    const p = (n) => String(n).padStart(2, '0');
    input.value = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  });
  await page.click('#add-submit');
  await page.waitForSelector(`tr[data-patient="${patientId}"]`);
  const error = await text('#add-error');
  expect(error === '', `adding the patient was refused: ${error}`);
  const row = await text(`tr[data-patient="${patientId}"]`);
  expect(/day 1/.test(row), `the new row does not show day 1 after a day 0 of yesterday: ${row}`);
});

await step('open-assessment', async () => {
  await page.goto(`${args.base}${patientPath}/assess`, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => document.querySelectorAll('#preview-grades .grade').length === 2);
  expect((await text('#patient-id')) === patientId, 'the form is not for the new patient');
  expect(await page.$eval('#save', (b) => !b.disabled), 'Save is disabled for a nurse');
});

await step('fever-grade-1', async () => {
  await page.select('#f-temp-unit', 'Cel');
  await page.type('#f-temp', '39.2');
  await previewCrs(1);
  recommendationAtGrade1 = await text('#preview-rec');
  expect(recommendationAtGrade1.includes('clinician'), 'the recommendation does not say that a clinician decides');
});

await step('hypotension-vasopressor-grade-3', async () => {
  await page.select('#f-hypotension', 'true');
  await page.click('#vp-norepinephrine');
  await previewCrs(3);
  await page.waitForFunction((before) => document.getElementById('preview-rec').textContent !== before, {}, recommendationAtGrade1);
});

await step('impossible-temperature-refused', async () => {
  await retype('#f-temp', '60');
  await page.waitForFunction(() => /Temperature/.test(document.getElementById('form-error').textContent));
  const message = await text('#form-error');
  expect(/60/.test(message), `the refusal does not name the value: ${message}`);
  expect(await page.$eval('#f-temp', (e) => e.getAttribute('aria-invalid') === 'true'), 'the temperature field is not marked invalid');
});

await step('fix-and-save', async () => {
  await retype('#f-temp', '39.2');
  await previewCrs(3);
  expect((await text('#form-error')) === '', `the form still refuses: ${await text('#form-error')}`);
  await page.click('#save');
  await page.waitForFunction(() => /Saved as assessment #\d+/.test(document.getElementById('saved').textContent), { timeout: 15000 });
  const stored = await page.$eval('#saved .grade', (e) => e.dataset.grade);
  expect(stored === '3', `the stored CRS grade is ${stored}, not 3`);
  expect(await page.$(`#saved a[href="${patientPath}"]`), 'no link back to the patient page');
});

await step('ward-shows-crs-3', async () => {
  await page.goto(`${args.base}/`, { waitUntil: 'domcontentloaded' });
  const cell = `tr[data-patient="${patientId}"] td.crs .grade`;
  await page.waitForSelector(cell);
  const { grade, label } = await page.$eval(cell, (e) => ({ grade: e.dataset.grade, label: e.textContent }));
  expect(grade === '3' && /CRS\s*≥?3/.test(label), `the ward row shows "${label}" (grade ${grade}), not CRS 3`);
  // Sorting is by buttons in the column headers.
  await page.click('th[data-key="crs"] button');
  const sort = await page.$eval('th[data-key="crs"]', (th) => th.getAttribute('aria-sort'));
  expect(sort === 'ascending', `sorting by CRS left aria-sort="${sort}"`);
});

await step('patient-page-timeline', async () => {
  await page.goto(`${args.base}${patientPath}`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#timeline svg');
  await page.waitForFunction(() => document.querySelectorAll('#assessments tr').length >= 1 && document.querySelector('#current .recommendation'));
});

await step('family-view', async () => {
  await page.goto(`${args.base}${patientPath}/family`, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => document.getElementById('family-notice').textContent.trim().length > 0);
  expect((await text('.family-banner')).includes('not medical advice'), 'the family view is not marked as not medical advice');
});

await browser.close();
console.log(`dashboard test passed; screenshots in ${args.screenshots}`);
process.exit(0);
