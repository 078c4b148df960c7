// End-to-end test of the web UI on a real `tamga serve --demo` in headless Chromium:
// an applicant (on a 360 px phone) submits a KZ application without the no-objection certificate,
// sees it missing with its citation and uploads it; an officer claims, validates and approves
// (a second officer sees the hold); the applicant sees the approval; a policy author opens a
// decision table in dmn-js; the supervisor's dashboard counts the new case.
// Prints `e2e: N passed, M failed` and exits non-zero on failure; always stops the server.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { apiClient, launch, startTamga, tinyPdf, today, WEB } from './lib.mjs';

const results = [];
// What the story did, to check the supervisor's counts: applications filed and decisions made today.
const state = { filed: 0, decisions: 0 };
const TIMEOUT = 15_000;

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

async function test(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}\n     ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n     ')}`);
  }
}

function need(...keys) {
  for (const k of keys) if (state[k] === undefined) throw new Error(`skipped: an earlier step did not provide ${k}`);
}

/** Every key used in src/ exists in both catalogs, and the catalogs have the same keys. */
function checkCatalogs() {
  const en = JSON.parse(readFileSync(join(WEB, 'src/i18n/en.json'), 'utf8'));
  const ru = JSON.parse(readFileSync(join(WEB, 'src/i18n/ru.json'), 'utf8'));
  // Plural forms (key.one, key.few, ...) differ between languages: compare their base keys.
  const plural = /\.(one|few|many|other)$/;
  const bases = new Set([...Object.keys(en), ...Object.keys(ru)].filter((k) => /\.one$/.test(k)).map((k) => k.replace(plural, '')));
  const base = (k) => (plural.test(k) && bases.has(k.replace(plural, '')) ? k.replace(plural, '') : k);
  const enKeys = new Set(Object.keys(en).map(base));
  const ruKeys = new Set(Object.keys(ru).map(base));
  const problems = [];
  for (const k of enKeys) if (!ruKeys.has(k)) problems.push(`ru.json lacks ${k}`);
  for (const k of ruKeys) if (!enKeys.has(k)) problems.push(`en.json lacks ${k}`);
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (/\.(ts|tsx)$/.test(e.name)) files.push(join(d, e.name));
    }
  };
  walk(join(WEB, 'src'));
  for (const f of files) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/\b(t|tn)\(\s*'([^']+)'/g)) {
      const k = m[2];
      if (!enKeys.has(k)) problems.push(`${f.slice(WEB.length + 1)} uses ${k}, missing from en.json`);
    }
    for (const m of src.matchAll(/key: '(v\.[\w.]+)'/g)) if (!enKeys.has(m[1])) problems.push(`${f} uses ${m[1]}`);
  }
  for (const [name, cat] of [['en', en], ['ru', ru]]) {
    for (const [k, v] of Object.entries(cat)) if (typeof v !== 'string' || !v.trim()) problems.push(`${name}.json ${k} is empty`);
  }
  assert(problems.length === 0, problems.join('\n'));
}

const server = await startTamga({ demoApplications: 200 });
const browser = await launch();
const pageErrors = [];
const watch = (page, who) => {
  page.on('pageerror', (e) => pageErrors.push(`${who}: ${e.message}\n${e.stack ?? ''}`));
  page.setDefaultTimeout(TIMEOUT);
};

try {
  const url = server.url;
  const supervisorApi = apiClient(url);
  const ctx = browser.context;
  await ctx.addInitScript(() => {
    try {
      if (!window.localStorage.getItem('tamga.lang')) window.localStorage.setItem('tamga.lang', 'en');
    } catch {
      /* frames without storage (the PDF viewer) */
    }
  });

  await test('message catalogs: every key used exists in English and Russian', checkCatalogs);

  await test('the server serves the UI at / with the API beside it', async () => {
    const html = await (await fetch(`${url}/`)).text();
    assert(html.includes('<div id="app">'), 'index.html not served at /');
    await supervisorApi.login('supervisor', 'supervisor-demo');
    const s = await supervisorApi.call('GET', `/stats?from=${today()}&to=${today()}`);
    state.received0 = s.receivedPerDay.reduce((a, p) => a + p.count, 0);
    state.decided0 = s.decidedPerDay.reduce((a, p) => a + p.count, 0);
    const policies = await supervisorApi.call('GET', '/policies');
    const versions = policies.jurisdictions.find((j) => j.jurisdiction === 'KZ').kinds.find((k) => k.kind === 'residence-visa').versions;
    const inForce = versions.filter((v) => v.takesEffect <= today()).sort((a, b) => a.takesEffect.localeCompare(b.takesEffect)).pop();
    const detail = await supervisorApi.call('GET', `/policies/KZ/residence-visa/versions/${inForce.takesEffect}`);
    state.nocRule = detail.rules.find((r) => /no-objection/.test(readRuleOutput(detail, r.id)) || /noc/.test(r.id));
    assert(state.nocRule?.citation, 'no rule requiring the no-objection certificate in KZ residence-visa');
  });

  // --- Applicant, on a phone -------------------------------------------------------------------
  const applicant = await ctx.newPage();
  watch(applicant, 'applicant');
  await applicant.setViewportSize({ width: 360, height: 740 });

  await test('keyboard and labels: a skip link leads to the content; every field of the form has a label', async () => {
    await applicant.goto(`${url}/#/apply`);
    await applicant.getByLabel('Country').waitFor();
    // The page's heading takes focus when a page opens; Tab goes on to the first field.
    assert((await applicant.evaluate(() => document.activeElement?.tagName)) === 'H1', 'the heading does not take focus');
    await applicant.keyboard.press('Tab');
    assert((await applicant.evaluate(() => document.activeElement?.getAttribute('name'))) === 'jurisdiction', 'Tab does not reach the first field');
    const skip = applicant.getByRole('link', { name: 'Skip to content' });
    await skip.focus();
    assert((await skip.boundingBox()).y >= 0, 'the focused skip link is not visible');
    await applicant.keyboard.press('Enter');
    assert((await applicant.evaluate(() => document.activeElement?.id)) === 'main', 'the skip link does not move focus to the content');
    await applicant.getByLabel('Country').selectOption('KZ');
    await applicant.getByLabel('Kind of application').selectOption('residence-visa');
    await applicant.getByRole('combobox', { name: 'Citizenship', exact: true }).fill('RUS');
    await applicant.locator('input[type=file]').first().waitFor();
    const unlabelled = await applicant.evaluate(() =>
      [...document.querySelectorAll('input, select, textarea')]
        .filter((el) => el.type !== 'hidden' && !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    assert(unlabelled.length === 0, `inputs without a label: ${unlabelled.join(', ')}`);
    await applicant.reload();
  });

  await test('applicant (360 px): the form validates as the user types and shows the live document list', async () => {
    await applicant.goto(`${url}/#/apply`);
    await applicant.getByLabel('Country').selectOption('KZ');
    await applicant.getByLabel('Kind of application').selectOption('residence-visa');
    const surname = applicant.getByLabel('Surname');
    await surname.fill('Иванова');
    await applicant.getByText('Use Latin letters as printed in the passport').first().waitFor();
    assert((await surname.getAttribute('aria-invalid')) === 'true', 'surname not marked invalid');
    await surname.fill('IVANOVA');
    await applicant.getByText('Use Latin letters as printed in the passport').first().waitFor({ state: 'detached' });
    await applicant.getByLabel('Given names').fill('ANNA');
    await applicant.getByLabel('Date of birth').fill('1991-03-14');
    await applicant.getByLabel('Sex (as in the passport)').selectOption('F');
    const cit = applicant.getByRole('combobox', { name: 'Citizenship', exact: true });
    await cit.fill('RU');
    await cit.blur();
    await applicant.getByText('is not a 3-letter ICAO code').waitFor();
    await cit.fill('RUS');
    await applicant.getByLabel('Passport number').fill('751234567');
    await applicant.getByLabel('Issuing state').fill('RUS');
    await applicant.getByLabel('Passport expiry date').fill('2034-05-01');
    await applicant.getByLabel('Purpose of your stay').selectOption('family');
    const docs = applicant.getByTestId('required-documents');
    const noc = docs.locator('li[data-doc="no-objection-certificate"]');
    await noc.waitFor();
    const text = await noc.innerText();
    assert(/No-objection certificate/.test(text), `document name not shown: ${text}`);
    assert(/missing/.test(text), 'the certificate is not marked missing');
    assert(text.includes(state.nocRule.citation), `citation not shown live: ${text}`);
    const overflow = await applicant.evaluate(() => document.documentElement.scrollWidth);
    assert(overflow <= 360, `the page is ${overflow}px wide at 360px`);
  });

  await test('applicant: submits without the certificate, receives number and access code, sees it missing with its citation', async () => {
    await applicant.getByRole('button', { name: 'Submit application' }).click();
    const number = await applicant.getByTestId('application-number').innerText({ timeout: TIMEOUT });
    const code = await applicant.getByTestId('access-code').innerText();
    assert(/^KZ-\d{4}-\d{6}$/.test(number), `bad number ${number}`);
    assert(code.length >= 6, 'no access code');
    state.number = number;
    state.code = code;
    state.filed++;
    const missing = applicant.getByTestId('missing-documents').locator('li[data-doc="no-objection-certificate"]');
    await missing.waitFor();
    const text = await missing.innerText();
    assert(text.includes('No-objection certificate'), `missing document name not visible: ${text}`);
    assert(text.includes(state.nocRule.citation), `citation not visible: ${text}`);
    await applicant.getByText('Awaiting documents').first().waitFor();
  });

  await test('applicant: a file that is not a PDF is refused by the API, the error shown next to the field', async () => {
    need('number');
    await applicant.locator('#up-no-objection-certificate-file').setInputFiles({ name: 'noc.pdf', mimeType: 'application/pdf', buffer: Buffer.from('this is not a PDF') });
    await applicant.getByRole('button', { name: /^Upload No-objection certificate/ }).click();
    const error = applicant.locator('#up-no-objection-certificate-file-error');
    await error.getByText(/not a PDF, JPEG or PNG/).waitFor();
    assert((await applicant.locator('#up-no-objection-certificate-file').getAttribute('aria-invalid')) === 'true', 'the file input is not marked invalid');
  });

  await test('applicant: uploads the certificate; the application becomes ready for review', async () => {
    need('number');
    await applicant.locator('#up-no-objection-certificate-file').setInputFiles({ name: 'noc.pdf', mimeType: 'application/pdf', buffer: tinyPdf('No objection') });
    await applicant.getByRole('button', { name: /^Upload No-objection certificate/ }).click();
    await applicant.locator('.status-hero').getByText('Ready for review').waitFor();
    await applicant.getByTestId('missing-documents').waitFor({ state: 'detached' });
    await applicant.locator('#documents').getByText('No-objection certificate from the country of citizenship').waitFor();
  });

  // --- Officer --------------------------------------------------------------------------------
  const officer = await ctx.newPage();
  watch(officer, 'officer');
  const login = async (page, name, password) => {
    await page.goto(`${url}/#/login`);
    await page.getByLabel('Account name').fill(name);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForFunction(() => sessionStorage.getItem('tamga.session') && !location.hash.startsWith('#/login'));
  };

  await test('officer: the work queue filters by state, kind and citizenship, overdue first', async () => {
    await login(officer, 'officer.kz', 'officer-kz-demo');
    await officer.getByRole('heading', { name: 'Work queue' }).waitFor();
    await officer.getByLabel('State').selectOption('ready-for-review');
    await officer.getByLabel('Kind', { exact: true }).selectOption('residence-visa');
    await officer.getByLabel('Citizenship').fill('RUS');
    await officer.waitForFunction(() => location.hash.includes('citizenship=RUS'));
    await officer.locator('table tbody tr').first().waitFor();
    const states = await officer.locator('table tbody tr td[data-label="State"]').allInnerTexts();
    assert(states.length > 0 && states.every((s) => s.includes('Ready for review')), `rows not filtered: ${states}`);
    const deadlines = await officer.locator('table tbody tr').evaluateAll((rows) => rows.map((r) => r.classList.contains('overdue')));
    const firstNotOverdue = deadlines.indexOf(false);
    assert(firstNotOverdue === -1 || deadlines.slice(firstNotOverdue).every((o) => !o), 'overdue cases are not first');
  });

  await test('officer: opens the new case, sees applicant data, views the PDF in the page, claims it', async () => {
    need('number');
    await officer.getByLabel('Open a case by number').fill(state.number);
    await officer.getByRole('button', { name: 'Open', exact: true }).click();
    await officer.getByRole('heading', { name: `Case ${state.number}` }).waitFor();
    await officer.locator('#applicant').getByText('IVANOVA').waitFor();
    await officer.locator('#documents').getByRole('button', { name: 'View' }).first().click();
    await officer.locator('#doc-viewer iframe').waitFor();
    await officer.locator('#decision').getByText('Rules that matched').waitFor();
    await officer.getByRole('button', { name: 'Claim this case' }).click();
    await officer.getByText('You hold this case').waitFor();
    await officer.locator('#audit').getByText('case.claim').waitFor();
  });

  await test('a second officer sees who holds the case and cannot act on it', async () => {
    need('number');
    const admin = apiClient(url);
    await admin.login('admin', 'admin-demo-password');
    await admin.call('POST', '/accounts', { name: 'officer.kz2', password: 'officer-kz2-test', role: 'officer', jurisdictions: ['KZ'] });
    const other = await ctx.newPage();
    watch(other, 'officer2');
    await login(other, 'officer.kz2', 'officer-kz2-test');
    await other.goto(`${url}/#/officer/cases/${state.number}`);
    await other.getByText('officer.kz holds this case').waitFor();
    assert(await other.getByRole('button', { name: 'Claim this case' }).isDisabled(), 'the claim button is enabled for the second officer');
    assert((await other.getByRole('button', { name: 'Validate documents' }).count()) === 0, 'the second officer is offered Validate');
    await other.close();
  });

  await test('officer: validates and approves', async () => {
    need('number');
    await officer.getByRole('button', { name: 'Validate documents' }).click();
    await officer.locator('.case-status').getByText('Validated').first().waitFor();
    await officer.getByLabel('Note (optional)').fill('all requirements met');
    await officer.getByRole('button', { name: 'Approve', exact: true }).click();
    await officer.locator('.case-status').getByText('Approved').first().waitFor();
    await officer.getByText('The application is approved.').waitFor();
    state.decisions++;
  });

  await test('applicant: sees the approval', async () => {
    need('number');
    await applicant.reload();
    await applicant.getByTestId('approved').waitFor();
    await applicant.locator('.status-hero .badge', { hasText: 'Approved' }).waitFor();
    await applicant.getByText('Your application has been approved.').first().waitFor();
  });

  await test('language: switches to Russian and the choice persists', async () => {
    await applicant.getByRole('button', { name: 'RU' }).click();
    await applicant.getByText('Ваше заявление одобрено.').first().waitFor();
    await applicant.reload();
    await applicant.getByText('Ваше заявление одобрено.').first().waitFor();
    assert((await applicant.evaluate(() => document.documentElement.lang)) === 'ru', 'html lang is not ru');
    await applicant.getByRole('button', { name: 'EN' }).click();
    await applicant.getByText('Your application has been approved.').first().waitFor();
  });

  await test('officer: requests a document; refuses with grounds pre-filled from the policy; the applicant appeals; the appeal is decided', async () => {
    // Set-up through the API: an LV visa for a Russian citizen (refused by the policy in force).
    const filed = await (await fetch(`${url}/api/v1/applications`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        jurisdiction: 'LV', kind: 'visa', purpose: 'tourism', filingDate: today(),
        applicant: { surname: 'ORLOV', givenNames: 'PAVEL', birthDate: '1985-01-20', sex: 'M', citizenships: ['RUS'],
          passport: { number: '753456789', issuingState: 'RUS', expiry: '2032-01-01' } },
      }),
    })).json();
    assert(filed.decision?.outcome === 'refuse', `LV policy did not refuse: ${JSON.stringify(filed.decision)}`);
    state.filed++;
    const lv = await ctx.newPage();
    watch(lv, 'officer.lv');
    await login(lv, 'officer.lv', 'officer-lv-demo');
    await lv.goto(`${url}/#/officer/cases/${filed.number}`);
    await lv.getByRole('button', { name: 'Claim this case' }).click();
    await lv.getByText('You hold this case').waitFor();
    // Request a document: validation first, then the request.
    await lv.locator('summary', { hasText: 'Request documents' }).click();
    await lv.getByRole('button', { name: 'Request', exact: true }).click();
    await lv.getByText('Choose at least one document.').waitFor();
    await lv.getByLabel('Birth certificate').check();
    await lv.getByLabel('Why they are needed').fill('Please show your birth certificate.');
    await lv.getByRole('button', { name: 'Request', exact: true }).click();
    await lv.locator('.case-status .badge', { hasText: 'Awaiting documents' }).waitFor();
    const fd = new FormData();
    fd.set('kind', 'birth-certificate');
    fd.set('file', new Blob([tinyPdf('Birth certificate')], { type: 'application/pdf' }), 'bc.pdf');
    const up = await fetch(`${url}/api/v1/applications/${filed.number}/documents`, { method: 'POST', headers: { 'X-Access-Code': filed.accessCode }, body: fd });
    assert(up.ok, `upload failed: ${up.status}`);
    await lv.getByRole('button', { name: 'Show the latest version' }).click({ timeout: 20_000 });
    await lv.locator('.case-status .badge', { hasText: 'Ready for review' }).waitFor();
    await lv.getByRole('button', { name: 'Validate documents' }).click();
    await lv.locator('.case-status .badge', { hasText: 'Validated' }).waitFor();
    // The refusal form is pre-filled with the policy's refusal ground; its reason is edited.
    const rule = lv.locator('#ground-0-ruleId');
    await rule.waitFor();
    assert((await rule.inputValue()).startsWith('lv-'), `refusal ground not pre-filled: ${await rule.inputValue()}`);
    const reason = lv.locator('#ground-0-reason');
    assert((await reason.inputValue()).length > 10, 'no pre-filled reason');
    await reason.fill('');
    await lv.getByRole('button', { name: 'Refuse the application' }).click();
    await lv.getByText('This is required.').first().waitFor();
    await reason.fill('Visas are not issued to citizens of Russia for tourism.');
    await lv.getByRole('button', { name: 'Refuse the application' }).click();
    await lv.locator('.case-status .badge', { hasText: 'Refused' }).waitFor();
    state.decisions++;
    // The applicant reads the grounds and appeals.
    const app2 = await ctx.newPage();
    watch(app2, 'applicant2');
    await app2.goto(`${url}/#/status`);
    await app2.getByLabel('Application number').fill(filed.number);
    await app2.getByLabel('Access code').fill(filed.accessCode);
    await app2.getByRole('button', { name: 'Open my application' }).click();
    await app2.locator('#refusal').getByText('Visas are not issued to citizens of Russia for tourism.').waitFor();
    await app2.getByLabel('Why the decision should be changed').fill('short');
    await app2.getByLabel('Why the decision should be changed').blur();
    await app2.getByText('At least 10 characters.', { exact: true }).waitFor();
    await app2.getByLabel('Why the decision should be changed').fill('My trip is to visit my sick mother; a humanitarian purpose.');
    await app2.getByRole('button', { name: 'File the appeal' }).click();
    await app2.locator('.status-hero .badge', { hasText: 'Appealed' }).waitFor();
    // The officer decides the appeal (an appeal is worked afresh: claim again).
    await lv.reload();
    await lv.getByRole('button', { name: 'Claim this case' }).click();
    await lv.getByLabel('Uphold the appeal (set the refusal aside)').check();
    await lv.getByRole('textbox', { name: 'Reason', exact: true }).fill('Humanitarian purpose shown.');
    await lv.getByRole('button', { name: 'Decide', exact: true }).click();
    await lv.locator('.case-status .badge', { hasText: 'Appeal upheld' }).waitFor();
    state.decisions++;
    await app2.reload();
    await app2.locator('.status-hero .badge', { hasText: 'Appeal upheld' }).waitFor();
    await app2.close();
    await lv.close();
  });

  // --- Policy author --------------------------------------------------------------------------
  const author = await ctx.newPage();
  watch(author, 'author');
  await test('policy author: opens a version on the timeline and its decision table in dmn-js', async () => {
    await login(author, 'policy.author', 'policy-author-demo');
    await author.getByRole('heading', { name: 'Policies' }).waitFor();
    await author.getByRole('link', { name: 'Residence visa' }).first().click();
    await author.getByRole('link', { name: /From 22 Sept 2022/ }).click();
    await author.getByRole('heading', { name: /Version of 22 Sept 2022/ }).waitFor();
    await author.locator('.djs-container').waitFor();
    await author.getByRole('tab', { name: /Required Documents/ }).click();
    const table = author.locator('.tjs-table');
    await table.waitFor();
    const text = await table.innerText();
    assert(text.includes('"no-objection-certificate"'), `decision table does not show the certificate rule: ${text.slice(0, 300)}`);
    assert(/Hit policy/i.test(await author.locator('.dmn-decision-table-container').innerText()), 'no hit policy shown');
  });

  await test('policy author: a draft opens in the dmn-js modeler and its tests run', async () => {
    await author.getByRole('link', { name: 'Start a draft from this version' }).click();
    await author.getByRole('heading', { name: /Draft/ }).waitFor();
    await author.locator('.dmn-canvas.editing .djs-container').waitFor();
    await author.getByRole('button', { name: 'Run the tests' }).click();
    const report = author.getByTestId('test-report');
    await report.waitFor({ timeout: 30_000 });
    const text = await report.innerText();
    assert(/\d+ passed, 0 failed/.test(text), `no passing test report: ${text}`);
  });

  await test('policy author: publishes the draft with the day it takes effect; it joins the timeline', async () => {
    const takesEffect = await author.getByRole('textbox', { name: 'Takes effect on', exact: true }).inputValue();
    await author.getByRole('textbox', { name: 'Takes effect on', exact: true }).fill('2021-01-01');
    await author.getByText('A new version must take effect after the latest one').waitFor();
    await author.getByRole('textbox', { name: 'Takes effect on', exact: true }).fill(takesEffect);
    await author.getByRole('button', { name: 'Publish the version' }).click();
    await author.getByText('Tick the box to confirm the date.').waitFor();
    await author.getByLabel(/I confirm this version takes effect on/).check();
    await author.getByRole('button', { name: 'Publish the version' }).click();
    await author.getByText(/The version is published and takes effect on/).waitFor({ timeout: 30_000 });
    await author.getByRole('link', { name: 'Open the published version' }).click();
    await author.getByRole('heading', { name: /Version of/ }).waitFor();
    const id = await author.locator('dd code').first().innerText();
    assert(id === `KZ/residence-visa/${takesEffect}`, `published version shows ${id}`);
    await author.goto(`${url}/#/policies/KZ/residence-visa`);
    await author.getByRole('link', { name: new RegExp(`Version in force from .* to now`) }).waitFor();
    assert((await author.locator('ol.versions > li').count()) === 4, 'the timeline does not list four versions');
  });

  // --- Supervisor -----------------------------------------------------------------------------
  const supervisor = await ctx.newPage();
  watch(supervisor, 'supervisor');
  await test('supervisor: the dashboard counts the new cases (received and decided today)', async () => {
    need('received0', 'decided0', 'number');
    await login(supervisor, 'supervisor', 'supervisor-demo');
    await supervisor.getByRole('heading', { name: 'Supervisor dashboard' }).waitFor();
    await supervisor.locator('svg.chart-svg').first().waitFor();
    await supervisor.getByRole('textbox', { name: 'From', exact: true }).fill(today());
    await supervisor.getByRole('textbox', { name: 'To', exact: true }).fill(today());
    await supervisor.getByRole('button', { name: 'Show', exact: true }).click();
    await supervisor.waitForFunction(() => location.hash.includes('from='));
    const expectReceived = String(state.received0 + state.filed);
    const expectDecided = String(state.decided0 + state.decisions);
    await supervisor.waitForFunction(
      ([r, d]) => document.querySelector('[data-testid=kpi-received]')?.textContent === r && document.querySelector('[data-testid=kpi-decided]')?.textContent === d,
      [expectReceived, expectDecided],
    );
    const within = await supervisor.getByTestId('kpi-within').innerText();
    assert(within !== '—', 'no share within the deadline');
    const table = await supervisor.locator('.chart-data').first().evaluate((d) => {
      d.open = true;
      return d.innerText;
    });
    assert(table.includes(expectReceived), `the chart's data table does not show ${expectReceived} received: ${table}`);
  });
} catch (e) {
  results.push({ name: 'setup', ok: false });
  console.log(`FAIL setup: ${e?.stack ?? e}`);
} finally {
  await browser.close();
  await server.stop();
}

if (pageErrors.length) {
  results.push({ name: 'no uncaught errors in the pages', ok: false });
  console.log(`FAIL no uncaught errors in the pages\n     ${pageErrors.join('\n     ')}`);
} else {
  results.push({ name: 'no uncaught errors in the pages', ok: true });
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

function readRuleOutput(detail, id) {
  for (const f of detail.files) {
    const m = f.xml.match(new RegExp(`<rule id="${id}">([\\s\\S]*?)</rule>`));
    if (m) return m[1];
  }
  return '';
}
