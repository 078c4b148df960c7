// Screenshots of every screen at desktop (1280x800) and phone (360x740) width, taken from a real
// `tamga serve --demo` walked through the same story as the e2e test. Writes
// docs/screenshots/<screen>-desktop.png and <screen>-phone.png (SCREENSHOTS_DIR for another
// folder; SCREENSHOTS_PHONE=390x844 for another phone size).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { addTableRule, apiClient, launch, REPO, signIn, startTamga, tinyPdf } from './lib.mjs';

const OUT = process.env.SCREENSHOTS_DIR ? resolve(process.env.SCREENSHOTS_DIR) : join(REPO, 'docs/screenshots');
mkdirSync(OUT, { recursive: true });
for (const f of readdirSync(OUT)) if (f.endsWith('.png')) rmSync(join(OUT, f));
const [phoneW, phoneH] = (process.env.SCREENSHOTS_PHONE ?? '360x740').split('x').map(Number);
const SIZES = [
  ['desktop', 1280, 800],
  ['phone', phoneW, phoneH],
];
const rel = (file) => (OUT.startsWith(REPO) ? file.slice(REPO.length + 1) : file);

// What each screen shows, for docs/screenshots/README.md (written at the end).
const CAPTIONS = {
  '01-home': 'Start page',
  '02-apply': 'Applicant: the application form',
  '03-apply-validation': 'Applicant: validation as they type',
  '04-apply-documents': 'Applicant: required documents, live from the policy in force, with reasons and citations',
  '05a-check-answers': 'Applicant: check your answers before submitting, each with a Change link',
  '05-submitted': 'Applicant: application number and access code',
  '06-missing-document': 'Applicant: the missing document with its citation, and its upload',
  '07-login': 'Staff sign-in',
  '08-queue': 'Officer: work queue with filters, overdue first',
  '09-case': 'Officer: a claimed case',
  '10-case-document': 'Officer: a document viewed in the page',
  '11-case-decision': 'Officer: the decision, its grounds and the rules that matched',
  '12-status-approved': 'Applicant: the approval',
  '13-case-refuse': 'Officer: refusal grounds pre-filled from what decided the case',
  '13b-case-refuse-confirm': 'Officer: refusing asks once more, naming the application',
  '14-status-refused': 'Applicant: refusal grounds in Russian, the appeal deadline and the appeal form',
  '15-status-notices': 'Applicant: the refusal notice as issued, opened in the page',
  '16-verify': 'Anyone: a notice verified by its code and PDF',
  '17-counter': 'Officer: a paper application entered with when it was received and why it is entered later',
  '18-case-receipt': 'Officer: a case received on paper',
  '19-policies': 'Policy author: versions on timelines',
  '20-version-basis': 'Policy author: a version’s legal basis (an illustrative model)',
  '21-version-graph': 'Policy author: a version’s requirement graph (dmn-js)',
  '22-version-table': 'Policy author: a decision table with reasons and citations (dmn-js)',
  '23-draft': 'Policy author: a draft in the dmn-js modeler, a new rule marked by the checks',
  '24-draft-tests': 'Policy author: the draft’s test report, and proposing it',
  '25-dashboard': 'Supervisor: counts over a chosen period',
  '26-dashboard-charts': 'Supervisor: received and decided per day, backlog, share within the deadline, oldest open cases',
  '27-apply-russian': 'The application form in Russian',
  '28-proposal-simulation': 'Policy author: a proposed version simulated over the stored cases (changed outcomes by outcome, citizenship, rule and month)',
  '29-proposal-approval': 'Policy author: four eyes, the proposer cannot approve their own version',
  '31-queue-mine': 'Officer: my cases, with the time left against each statutory deadline',
  '32-case-notes-assign': 'Supervisor: a case’s internal notes and its assignment to an officer, with each officer’s load',
  '33-status-kazakh': 'Applicant: the case in Kazakh',
  '34-queue-latvian': 'Officer: the work queue in Latvian',
  '35-asylum-lodge': 'Officer: an asylum claim lodged at the border, for a person who asked for protection',
  '36-asylum-checklist': 'Asylum officer: the claim under examination, the interview and the legal questions with what the answers point to',
  '30-draft-rule-findings': 'Policy author: a rule added in dmn-js, with what the checks find on it (generated id, no reason or citation, an unnamed document)',
};

function writeIndex() {
  const screens = [...new Set(saved.map((f) => f.replace(/^.*\//, '').replace(/-(desktop|phone)\.png$/, '')))];
  const rows = screens.map((name) => {
    const c = CAPTIONS[name] ?? name;
    return `| ${c} | <img src="${name}-desktop.png" width="480" alt="${c}, desktop"> | <img src="${name}-phone.png" width="180" alt="${c}, phone"> |`;
  });
  writeFileSync(join(OUT, 'README.md'), [
    '# Screenshots',
    '',
    `Every screen of the web UI at desktop (1280x800) and phone (${phoneW}x${phoneH}) width, made by`,
    '`npm run screenshots` in `web/` (see [web/README.md](../../web/README.md)) from `tamga serve --demo`.',
    '',
    '| Screen | Desktop | Phone |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n'));
}

const server = await startTamga({ demoApplications: 300 });
const browser = await launch({ acceptDownloads: true });
const url = server.url;
const saved = [];
let failed = false;

async function shot(page, name, size, anchor) {
  if (anchor) {
    await page.locator(anchor).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
  } else {
    await page.evaluate(() => window.scrollTo(0, 0));
  }
  await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  await page.waitForTimeout(400);
  const [scrollW, viewW] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  if (scrollW > viewW) console.warn(`warning: ${name}-${size} is ${scrollW}px wide in a ${viewW}px window`);
  const file = join(OUT, `${name}-${size}.png`);
  await page.screenshot({ path: file });
  saved.push(rel(file));
}

async function login(page, name, password) {
  await signIn(page, url, name, password);
}

// Fills the applicant's form step by step (what, about you, passport, purpose) up to the
// documents step; `pause(step)` runs on each step before Continue (to take a screenshot there).
async function fillApplication(page, { surname, given, native = 'Смирнова Ольга', birth = '1988-07-02', passport = '762345678', lang = 'en' }, pause = async () => {}) {
  const L = lang === 'en'
    ? { country: 'Country', kind: 'Kind of application', surname: 'Surname', given: 'Given names', native: 'Full name in your native script', birth: 'Date of birth', sex: 'Sex (as in the passport)', cit: 'Citizenship', pno: 'Passport number', pis: 'Issuing state', pex: 'Passport expiry date', purpose: 'Purpose of your stay' }
    : { country: 'Страна', kind: 'Вид заявления', surname: 'Фамилия', given: 'Имя (имена)', native: 'Полное имя на родном языке', birth: 'Дата рождения', sex: 'Пол (как в паспорте)', cit: 'Гражданство', pno: 'Номер паспорта', pis: 'Государство выдачи', pex: 'Срок действия паспорта', purpose: 'Цель пребывания' };
  await page.getByLabel(L.country).selectOption('KZ');
  await page.getByLabel(L.kind).selectOption('permanent-residence');
  await pause('what');
  await page.getByTestId('continue').click();
  await page.getByLabel(L.surname).fill(surname);
  await page.getByLabel(L.given).fill(given);
  await page.getByLabel(L.native).fill(native);
  await page.getByLabel(L.birth).fill(birth);
  await page.getByLabel(L.sex).selectOption('F');
  await page.getByRole('combobox', { name: L.cit, exact: true }).fill('RUS');
  await pause('you');
  await page.getByTestId('continue').click();
  await page.getByLabel(L.pno).fill(passport);
  await page.getByLabel(L.pis).fill('RUS');
  await page.getByLabel(L.pex).fill('2033-02-11');
  await pause('passport');
  await page.getByTestId('continue').click();
  await page.getByLabel(L.purpose).selectOption('employment');
  await pause('purpose');
  await page.getByTestId('continue').click();
  await page.locator('li[data-doc="no-objection-certificate"]').waitFor();
}

try {
  for (const [size, width, height] of SIZES) {
    const ctx = browser.context;
    // Leaving a form with answers typed asks first (beforeunload): the script leaves.
    ctx.on('page', (p) => p.on('dialog', (d) => (d.type() === 'beforeunload' ? d.accept() : d.dismiss()).catch(() => {})));
    await ctx.addInitScript(() => {
      try {
        window.localStorage.setItem('tamga.lang', window.localStorage.getItem('tamga.force-lang') ?? 'en');
      } catch {
        /* frames without storage */
      }
    });
    const applicant = await ctx.newPage();
    await applicant.setViewportSize({ width, height });
    applicant.setDefaultTimeout(20_000);

    await applicant.goto(`${url}/#/`);
    await applicant.getByRole('heading', { name: 'Residence permits and visas' }).waitFor();
    await shot(applicant, '01-home', size);

    await applicant.goto(`${url}/#/apply`);
    // Each pass files a different person: screening would hold the second pass's application as
    // a possible duplicate of the first's.
    const person = size === 'phone'
      ? { surname: 'KUZNETSOVA', given: 'IRINA', native: 'Кузнецова Ирина', birth: '1991-03-14', passport: '764512398' }
      : { surname: 'SMIRNOVA', given: 'OLGA' };
    await fillApplication(applicant, person, async (step) => {
      if (step !== 'you') return;
      // The step about the applicant, then a mistake in it as it is typed.
      await shot(applicant, '02-apply', size);
      await applicant.getByLabel('Surname').fill('Смирнова');
      await applicant.getByLabel('Date of birth').fill('2090-01-01');
      await applicant.getByLabel('Date of birth').blur();
      await shot(applicant, '03-apply-validation', size, 'fieldset:has(legend:text("About you"))');
      await applicant.getByLabel('Surname').fill(person.surname);
      await applicant.getByLabel('Date of birth').fill(person.birth ?? '1988-07-02');
    });
    await shot(applicant, '04-apply-documents', size, size === 'phone' ? '.apply-side' : undefined);

    await applicant.getByRole('button', { name: 'Continue: check your answers' }).click();
    await applicant.getByTestId('check-answers').waitFor();
    await shot(applicant, '05a-check-answers', size, '[data-testid=check-answers]');
    await applicant.getByRole('button', { name: 'Submit application' }).click();
    const number = await applicant.getByTestId('application-number').innerText();
    await shot(applicant, '05-submitted', size);
    await shot(applicant, '06-missing-document', size, '#missing');

    await applicant.locator('#up-no-objection-certificate-file').setInputFiles({ name: 'consent.pdf', mimeType: 'application/pdf', buffer: tinyPdf(`Consent: ${person.surname} ${person.given}`) });
    await applicant.locator('#up-no-objection-certificate-issuingState').fill('RUS');
    await applicant.getByRole('button', { name: /^Upload Written consent/ }).click();
    await applicant.locator('.status-hero .badge', { hasText: 'Ready for review' }).waitFor();

    const officer = await ctx.newPage();
    await officer.setViewportSize({ width, height });
    officer.setDefaultTimeout(20_000);
    await officer.goto(`${url}/#/login`);
    await officer.getByLabel('Account name').fill('officer.kz');
    await shot(officer, '07-login', size);
    await login(officer, 'officer.kz', 'officer-kz-demo');
    if (size === 'phone') await officer.locator('summary', { hasText: 'Filters and search' }).click();
    await officer.getByLabel('State').selectOption('ready-for-review');
    await officer.locator('table tbody tr').first().waitFor();
    await shot(officer, '08-queue', size);

    await officer.goto(`${url}/#/officer/cases/${number}`);
    await officer.getByRole('button', { name: 'Claim this case' }).click();
    await officer.getByText('You hold this case').waitFor();
    await shot(officer, '09-case', size);
    await officer.locator('#documents').getByRole('button', { name: 'View' }).first().click();
    await officer.locator('#doc-viewer iframe').waitFor();
    await officer.waitForTimeout(1200);
    await shot(officer, '10-case-document', size, '#documents');
    await shot(officer, '11-case-decision', size, '#decision');
    await officer.getByRole('button', { name: 'Validate documents' }).click();
    await officer.locator('.case-status .badge', { hasText: 'Validated' }).waitFor();
    // Four eyes: a second officer approves what the first validated.
    const second = apiClient(url);
    await second.login('officer2.kz', 'officer2-kz-demo');
    await second.call('POST', `/cases/${number}/claim`, {});
    await second.call('POST', `/cases/${number}/approve`, {});

    await applicant.reload();
    await applicant.getByTestId('approved').waitFor();
    await shot(applicant, '12-status-approved', size);

    // A refusal: an LV visa for a Russian citizen, which the policy in force refuses; the officer's
    // refusal form comes pre-filled with the policy's ground.
    const filed = await (await fetch(`${url}/api/v1/applications`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        jurisdiction: 'LV', kind: 'visa', purpose: 'tourism', language: 'ru',
        applicant: size === 'phone'
          ? { surname: 'SOKOLOV', givenNames: 'DENIS', nativeName: 'Соколов Денис', birthDate: '1983-05-09', sex: 'M', citizenships: ['RUS'],
            passport: { number: '754321987', issuingState: 'RUS', expiry: '2032-01-01' } }
          : { surname: 'ORLOV', givenNames: 'PAVEL', nativeName: 'Орлов Павел', birthDate: '1985-01-20', sex: 'M', citizenships: ['RUS'],
            passport: { number: '753456789', issuingState: 'RUS', expiry: '2032-01-01' } },
      }),
    })).json();
    // Validated by a second LV officer (validating releases the case): officer.lv claims and decides.
    const lvApi = apiClient(url);
    await lvApi.login('officer2.lv', 'officer2-lv-demo');
    await lvApi.call('POST', `/cases/${filed.number}/claim`, {});
    await lvApi.call('POST', `/cases/${filed.number}/validate`, {});
    const lv = await ctx.newPage();
    await lv.setViewportSize({ width, height });
    lv.setDefaultTimeout(20_000);
    await login(lv, 'officer.lv', 'officer-lv-demo');
    await lv.goto(`${url}/#/officer/cases/${filed.number}`);
    await lv.getByRole('button', { name: 'Claim this case', exact: true }).click();
    await lv.locator('#ground-0-reason').waitFor();
    await shot(lv, '13-case-refuse', size, size === 'phone' ? '.refuse-form' : undefined);
    await lv.getByRole('button', { name: 'Refuse the application' }).click();
    await shot(lv, '13b-case-refuse-confirm', size, '[data-testid=refuse-confirm]');
    await lv.getByRole('button', { name: 'Yes, refuse the application' }).click();
    await lv.locator('.case-status .badge', { hasText: 'Refused' }).waitFor();
    const app2 = await ctx.newPage();
    await app2.setViewportSize({ width, height });
    await app2.goto(`${url}/#/status`);
    await app2.getByLabel('Application number').fill(filed.number);
    await app2.getByLabel('Access code').fill(filed.accessCode);
    await app2.getByRole('button', { name: 'Open my application' }).click();
    await app2.locator('#refusal').waitFor();
    await app2.getByRole('button', { name: 'RU', exact: true }).click();
    await app2.getByLabel('Почему решение следует изменить').fill('Я еду навестить больную мать в Риге: цель поездки гуманитарная.');
    await shot(app2, '14-status-refused', size);
    const notice = app2.getByTestId('notices').locator('li[data-kind="refusal"]');
    const code = await notice.locator('.notice-code').innerText();
    await notice.getByRole('button', { name: /^Открыть/ }).click();
    await app2.locator('#notice-viewer iframe').waitFor();
    await app2.waitForTimeout(600);
    await shot(app2, '15-status-notices', size, '#notices');
    const pdf = Buffer.from(await (await fetch(`${url}/api/v1/applications/${filed.number}/notices/${code}?format=pdf`, { headers: { 'X-Access-Code': filed.accessCode } })).arrayBuffer());
    await app2.goto(`${url}/#/verify`);
    await app2.getByLabel('Код проверки').fill(code);
    await app2.getByLabel('Уведомление (PDF)').setInputFiles({ name: `notice-${code}.pdf`, mimeType: 'application/pdf', buffer: pdf });
    await app2.getByRole('button', { name: 'Проверить уведомление' }).click();
    await app2.getByTestId('verify-result').waitFor();
    await shot(app2, '16-verify', size);
    await app2.getByRole('button', { name: 'EN', exact: true }).click();
    await lv.close();
    await app2.close();

    // A paper application received five days ago, entered now with the reason.
    await officer.goto(`${url}/#/officer/apply`);
    await officer.getByLabel('Country').selectOption('KZ');
    await officer.getByLabel('Kind of application').selectOption('permanent-residence');
    const kzToday = (await (await fetch(`${url}/api/v1/health`)).json()).clock.jurisdictions.KZ.localTime.slice(0, 10);
    const received = new Date(Date.parse(`${kzToday}T00:00:00Z`) - 5 * 86_400_000).toISOString().slice(0, 10);
    await officer.getByLabel('Received at').fill(`${received}T17:30`);
    await officer.getByLabel('Why it is entered later').fill('Received by post; the envelope was registered on paper.');
    await officer.getByLabel('Surname').fill(size === 'phone' ? 'HARTOVA' : 'PAPEROVA');
    await officer.getByLabel('Given names').fill(size === 'phone' ? 'OKSANA' : 'NINA');
    await officer.getByLabel('Date of birth').fill(size === 'phone' ? '1981-08-19' : '1979-11-02');
    await officer.getByLabel('Sex (as in the passport)').selectOption('F');
    await officer.getByRole('combobox', { name: 'Citizenship', exact: true }).fill('UKR');
    await officer.getByLabel('Passport number').fill(size === 'phone' ? 'FB654321' : 'FA123456');
    await officer.getByLabel('Issuing state').fill('UKR');
    await officer.getByLabel('Passport expiry date').fill('2031-06-30');
    await officer.getByLabel('Purpose of stay').selectOption('employment');
    await officer.locator('li[data-doc="no-objection-certificate"]').waitFor();
    await shot(officer, '17-counter', size);
    await officer.getByRole('button', { name: 'Continue: check your answers' }).click();
    await officer.getByRole('button', { name: 'Enter the application' }).click();
    await officer.getByTestId('receipt').waitFor();
    await shot(officer, '18-case-receipt', size, '#applicant');

    const author = await ctx.newPage();
    await author.setViewportSize({ width, height });
    author.setDefaultTimeout(20_000);
    await login(author, 'policy.author', 'policy-author-demo');
    await author.getByRole('heading', { name: 'Policies' }).waitFor();
    await shot(author, '19-policies', size);
    await author.goto(`${url}/#/policies/LV/visa/versions/2022-09-21`);
    await author.locator('.djs-container').waitFor();
    await author.waitForTimeout(800);
    await shot(author, '20-version-basis', size);
    await shot(author, '21-version-graph', size, '#models');
    await author.getByRole('tab', { name: /Outcome/ }).click();
    await author.locator('.tjs-table').waitFor();
    await shot(author, '22-version-table', size, '#models');
    await author.goto(`${url}/#/policies/KZ/permanent-residence/draft`);
    await author.locator('.dmn-canvas.editing .djs-container').waitFor();
    // Issue 12: a new requirement added as a row in dmn-js; the checks mark it until it has an id,
    // its reason and citation in both languages, and the document its names.
    await addTableRule(author, /Required Documents/, '"permanent-residence"', '"medical-certificate"');
    const added = author.locator('fieldset[data-rule^="DecisionRule_"]');
    await added.waitFor({ timeout: 10_000 });
    await author.getByRole('button', { name: 'Run the tests' }).click();
    await added.locator('.rule-findings').waitFor({ timeout: 30_000 });
    await shot(author, '23-draft', size, '#models');
    await shot(author, '30-draft-rule-findings', size, 'fieldset[data-rule^="DecisionRule_"]');
    await added.getByLabel('Rule id').fill('kz-pr-medical-certificate');
    await added.getByLabel('Reason (English)').fill('A medical certificate of the applicant\'s health is required for a permanent residence permit.');
    await added.getByLabel('Citation (English)').fill('Order on medical certificates (illustrative), art. 1');
    await added.getByLabel('Reason (Russian)').fill('Для получения разрешения на постоянное проживание требуется медицинская справка о состоянии здоровья заявителя.');
    await added.getByLabel('Citation (Russian)').fill('Приказ о медицинских справках (иллюстративный), ст. 1');
    await author.getByRole('button', { name: 'Apply to the model' }).click();
    await author.getByText('Written into the model.').waitFor();
    const doc = author.locator('fieldset[data-doc="medical-certificate"]');
    await doc.getByLabel('Name (English)').fill('Medical certificate');
    await doc.getByLabel('Name (Russian)').fill('Медицинская справка');
    await author.getByRole('button', { name: 'Run the tests' }).click();
    await author.waitForFunction(() => /\d+ passed, 0 failed/.test(document.querySelector('[data-testid=test-report]')?.textContent ?? '')
      && !document.querySelector('fieldset[data-doc="medical-certificate"] .rule-findings'), null, { timeout: 30_000 });
    await author.waitForTimeout(500);
    await shot(author, '24-draft-tests', size, '#tests');
    // Issue 12: the draft proposed, and simulated over the demo's cases before a second person
    // approves it.
    await author.getByLabel(/I propose that this version takes effect on/).check();
    await author.getByRole('button', { name: 'Propose the version' }).click();
    await author.getByRole('link', { name: 'Open the proposal' }).click({ timeout: 30_000 });
    await author.getByRole('heading', { name: /Proposal \d+/ }).waitFor();
    await author.getByLabel('Decided cases filed from').fill('2022-01-01');
    await author.getByLabel('to', { exact: true }).fill('2023-12-31');
    await author.getByRole('button', { name: 'Run the simulation' }).click();
    await author.getByTestId('simulation').waitFor({ timeout: 60_000 });
    await author.waitForTimeout(500);
    await shot(author, '28-proposal-simulation', size, '#simulation');
    await shot(author, '29-proposal-approval', size, '#approve');

    const supervisor = await ctx.newPage();
    await supervisor.setViewportSize({ width, height });
    supervisor.setDefaultTimeout(20_000);
    await login(supervisor, 'supervisor', 'supervisor-demo');
    await supervisor.locator('svg.chart-svg').first().waitFor();
    await shot(supervisor, '25-dashboard', size);
    await shot(supervisor, '26-dashboard-charts', size, '.dash-grid');

    // Issue 14: the officer's own cases, a case's notes and assignment, Kazakh and Latvian.
    await officer.goto(`${url}/#/officer`);
    await officer.getByTestId('next-case').click();
    await officer.waitForFunction(() => /^#\/officer\/cases\//.test(location.hash));
    const held = (await officer.evaluate(() => location.hash)).split('/').pop();
    await officer.getByRole('textbox', { name: /^New note/ }).fill('Called the consulate: the certificate was sent on Monday.');
    await officer.getByRole('button', { name: 'Add the note' }).click();
    await officer.getByTestId('notes').waitFor();
    await officer.goto(`${url}/#/officer?assignee=me`);
    await officer.locator('table[aria-busy="false"] tbody tr').first().waitFor();
    await shot(officer, '31-queue-mine', size);
    await supervisor.goto(`${url}/#/officer/cases/${held}`);
    await supervisor.getByRole('heading', { name: 'Assignment' }).waitFor();
    await supervisor.getByTestId('notes').waitFor();
    await shot(supervisor, '32-case-notes-assign', size, size === 'phone' ? '#assign' : '.case-layout');
    await officer.evaluate(() => window.localStorage.setItem('tamga.force-lang', 'lv'));
    await officer.reload();
    await officer.locator('table[aria-busy="false"] tbody tr').first().waitFor();
    await shot(officer, '34-queue-latvian', size);
    await officer.evaluate(() => window.localStorage.removeItem('tamga.force-lang'));
    const kk = await ctx.newPage();
    await kk.setViewportSize({ width, height });
    await kk.goto(`${url}/#/status`);
    await kk.getByLabel('Application number').fill(filed.number);
    await kk.getByLabel('Access code').fill(filed.accessCode);
    await kk.getByRole('button', { name: 'Open my application' }).click();
    await kk.locator('#refusal').waitFor();
    await kk.getByRole('button', { name: 'KK', exact: true }).click();
    await kk.waitForFunction(() => document.documentElement.lang === 'kk');
    await shot(kk, '33-status-kazakh', size);
    await kk.getByRole('button', { name: 'EN', exact: true }).click();
    await kk.close();

    const ru = await ctx.newPage();
    await ru.setViewportSize({ width, height });
    await ru.evaluate(() => 0).catch(() => {});
    await ru.goto(`${url}/#/apply`);
    await ru.evaluate(() => window.localStorage.setItem('tamga.force-lang', 'ru'));
    await ru.reload();
    await fillApplication(ru, { surname: 'PETROVA', given: 'MARIA', lang: 'ru' });
    await shot(ru, '27-apply-russian', size, size === 'phone' ? '.apply-side' : undefined);
    await ru.evaluate(() => window.localStorage.removeItem('tamga.force-lang'));

    // Asylum: the lodging form, and a demo claim under examination as its officer sees it.
    await officer.goto(`${url}/#/officer/asylum`);
    await officer.evaluate(() => window.localStorage.setItem('tamga.lang', 'en'));
    await officer.reload();
    await officer.locator('select[name="place"]').selectOption('border-point');
    await officer.locator('input[name="location"]').fill('Syrym border crossing point');
    await officer.locator('input[name="surname"]').fill('VOLKOV');
    await officer.locator('input[name="givenNames"]').fill('ARTEM');
    await shot(officer, '35-asylum-lodge', size);
    const asylum = await ctx.newPage();
    await asylum.setViewportSize({ width, height });
    await signIn(asylum, url, 'asylum.kz', 'asylum-kz-demo');
    await asylum.goto(`${url}/#/officer?kind=asylum&state=examination`);
    await asylum.locator('table a[href*="/officer/cases/KZ-"]').first().click();
    await asylum.getByTestId('points-to').waitFor();
    await shot(asylum, '36-asylum-checklist', size, '#checklist');
    await asylum.close();

    for (const p of [applicant, officer, author, supervisor, ru]) await p.close();
  }
} catch (e) {
  failed = true;
  console.error(`screenshots: ${e?.stack ?? e}`);
} finally {
  await browser.close();
  await server.stop();
}
if (!failed) writeIndex();
for (const f of saved) console.log(f);
console.log(`screenshots: ${saved.length} saved${failed ? ', stopped by an error' : ''}`);
process.exit(failed ? 1 : 0);
