// Shared by e2e.mjs and screenshots.mjs: start `tamga serve --demo` on a free port with the built
// UI and a throw-away data folder (and a copy of the policies, so nothing writes into the repo),
// and launch the system's Chromium through playwright-core (no browser download).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
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
export async function startTamga({ demoApplications = 200, args: extra = [] } = {}) {
  if (process.env.TAMGA_URL) {
    return { url: process.env.TAMGA_URL.replace(/\/$/, ''), stop: async () => {}, log: () => '', exited: () => null };
  }
  const bin = resolve(WEB, process.env.TAMGA_BIN ?? '../build/tamga');
  if (!existsSync(bin)) throw new Error(`tamga binary not found at ${bin} (build it, or set TAMGA_BIN)`);
  const dist = join(WEB, 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist}/index.html is missing: run \`npm run build\` in web/ first`);
  const tmp = mkdtempSync(join(tmpdir(), 'tamga-e2e-'));
  cpSync(join(REPO, 'policies'), join(tmp, 'policies'), { recursive: true });
  const port = await freePort();
  const args = [
    'serve', '--demo', '--demo-applications', String(demoApplications),
    '--data', join(tmp, 'data'), '--policies', join(tmp, 'policies'),
    '--listen', `127.0.0.1:${port}`, '--web', dist, ...extra,
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
  return { url, stop, log: () => output, exited: () => exited };
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
    login: async (name, password) => {
      token = (await call('POST', '/auth/login', { name, password })).token;
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
