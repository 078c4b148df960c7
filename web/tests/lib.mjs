// Shared by e2e.mjs and screenshots.mjs: start `tamga serve --demo` on a free port with the built
// UI and a throw-away data folder (and a copy of the policies, so nothing writes into the repo),
// and launch the system's Chromium through playwright-core (no browser download).
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

// A closed pipe on stdout (`| head`) must not kill the run before it stops the server.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

export const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = resolve(WEB, '..');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts tamga (TAMGA_BIN, default ../build/tamga from web/). With TAMGA_URL set, uses that
 * server instead (for developing the tests against a running one).
 */
export async function startTamga({ demoApplications = 200, args: extra = [], policies = join(REPO, 'policies') } = {}) {
  if (process.env.TAMGA_URL) {
    return { url: process.env.TAMGA_URL.replace(/\/$/, ''), stop: async () => {}, log: () => '', exited: () => null };
  }
  const bin = resolve(WEB, process.env.TAMGA_BIN ?? '../build/tamga');
  if (!existsSync(bin)) throw new Error(`tamga binary not found at ${bin} (build it, or set TAMGA_BIN)`);
  const dist = join(WEB, 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist}/index.html is missing: run \`npm run build\` in web/ first`);
  const tmp = mkdtempSync(join(tmpdir(), 'tamga-e2e-'));
  // A copy of the policies (those of another server, to go on from the law it published).
  cpSync(policies, join(tmp, 'policies'), { recursive: true });
  const port = await freePort();
  const args = [
    'serve', '--demo', '--demo-applications', String(demoApplications),
    '--data', join(tmp, 'data'), '--policies', join(tmp, 'policies'),
    '--listen', `127.0.0.1:${port}`, '--web', dist,
    // The tests sign in from 127.0.0.1 more often than the production login limit allows.
    '--no-rate-limits', ...extra,
  ];
  let output = '';
  const child = spawn(bin, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM');
      for (let i = 0; i < 50 && exited === null; i++) await sleep(100);
      if (exited === null) child.kill('SIGKILL');
    }
    rmSync(tmp, { recursive: true, force: true });
  };
  // Whatever happens to the test process, the server goes with it.
  const onExit = () => {
    if (exited === null) child.kill('SIGKILL');
  };
  process.on('exit', onExit);
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { onExit(); process.exit(130); });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited !== null) throw new Error(`tamga exited early (${JSON.stringify(exited)}):\n${output}`);
    try {
      const r = await fetch(`${url}/api/v1/health`);
      if (r.ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`tamga did not answer /api/v1/health within 120 s:\n${output}`);
    }
    await sleep(200);
  }
  return { url, stop, log: () => output, exited: () => exited, policies: join(tmp, 'policies') };
}

/** One headless Chromium with a fresh profile; each page (tab) has its own sessionStorage. */
export async function launch({ width = 1280, height = 800, locale = 'en-GB', acceptDownloads = false } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'tamga-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width, height },
    locale,
    timezoneId: 'UTC',
    acceptDownloads,
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The demo's fixed authenticator secrets (published with the demo like its passwords): the
 * supervisor and the policy author always sign in with a one-time code.
 */
export const DEMO_TOTP = {
  supervisor: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  'policy.author': 'KRUGKIDROVUWG2ZAMJZG653OEBTG66BA',
  'policy.author2': 'ORQW2Z3BEBQXK5DIN5ZDEIDEMVWW6IJB',
};

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const i = alphabet.indexOf(ch);
    if (i < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The RFC 6238 one-time code (HMAC-SHA-1, 30-second steps, 6 digits) for a base32 secret. */
export function totp(secretBase32, at = Date.now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', base32Decode(secretBase32)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}

/**
 * A code of `secret` not used before in this run: the server accepts each code once (RFC 6238
 * section 5.2), so a second sign-in within the same 30-second step waits for the next one.
 */
const usedSteps = new Map();
export async function freshTotp(secretBase32) {
  const step = () => Math.floor(Date.now() / 1000 / 30);
  while (step() <= (usedSteps.get(secretBase32) ?? -1)) {
    await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 50));
  }
  usedSteps.set(secretBase32, step());
  return totp(secretBase32);
}

/** A fresh one-time code for a demo account that needs one, else undefined. */
export const demoOtp = async (name) => (DEMO_TOTP[name] ? freshTotp(DEMO_TOTP[name]) : undefined);

/**
 * Signs in on the login page; for an account with an authenticator the page asks for the code
 * after the password, and the code is entered (the demo's, or the given secret's).
 */
export async function signIn(page, url, name, password, secret = DEMO_TOTP[name]) {
  // By the fields' names, so that it signs in whatever the UI's language.
  await page.goto(`${url}/#/login`);
  await page.locator('input[name="name"]').fill(name);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  if (secret) {
    const code = page.locator('input[name="otp"]');
    await code.waitFor();
    await code.fill(await freshTotp(secret));
    await page.locator('form button[type="submit"]').click();
  }
  await page.waitForFunction(() => sessionStorage.getItem('tamga.session') && !location.hash.startsWith('#/login'));
}

/**
 * axe-core (npm) on the page as it stands: the WCAG 2.1 A and AA rules and axe's best practices.
 * Returns the serious and critical violations as lines "rule (impact): target; ...". The script
 * is evaluated through the DevTools protocol, so the page's Content-Security-Policy (no inline
 * scripts) does not stop it.
 */
let axeSource = null;
export async function axeFindings(page) {
  axeSource ??= readFileSync(join(WEB, 'node_modules/axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.targets.join('; ')}`);
}

/** The API as a test client (to set up and to cross-check what the UI shows). */
export function apiClient(url) {
  let token = null;
  const call = async (method, path, body) => {
    const r = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: {
        ...(body ? { 'Content-Type': 'application/json' } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return json;
  };
  return {
    call,
    /** Signs in; the demo supervisor and policy author with their one-time code (or the given otp). */
    login: async (name, password, given = undefined) => {
      const otp = given ?? (await demoOtp(name));
      token = (await call('POST', '/auth/login', otp ? { name, password, otp } : { name, password })).token;
    },
  };
}

export const today = () => new Date().toISOString().slice(0, 10);

/** A small valid PDF (one empty page) to upload. */
export function tinyPdf(text = 'tamga test document') {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = `BT /F1 24 Tf 72 760 Td (${text}) Tj ET`;
  objs[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let out = '%PDF-1.4\n';
  const offsets = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * In a draft's dmn-js modeler: opens the table `tab`, adds a rule at its end (the table's "+" row),
 * types `input` into its first input cell and `output` into its output cell, and leaves the cell
 * (the modeler autosaves a second later). Returns the new row.
 */
export async function addTableRule(page, tab, input, output) {
  await page.getByRole('tab', { name: tab }).click();
  const table = page.locator('.dmn-canvas.editing .tjs-table');
  await table.waitFor();
  await page.locator('.dmn-canvas.editing tfoot.add-rule .add-rule-add').click();
  const row = table.locator('tbody tr').last();
  await row.locator('td.input-cell').first().click();
  await page.keyboard.type(input);
  await row.locator('td.output-cell').first().click();
  await page.keyboard.type(output);
  await page.getByRole('heading', { name: 'Decision model' }).click();
  return row;
}
