// Shared helpers for bpsim's browser tests (report and classroom pages).
//
// Run with Node's built-in test runner, e.g. `node --test tests/web/report.test.mjs`.
// Environment:
//   BPSIM_CHROMIUM            chromium executable (default /usr/bin/chromium)
//   BPSIM_BINARY              bpsim binary (default build/sim/bpsim, relative to the repo root)
//   BPSIM_SCREENSHOTS         where screenshots go (default build/screenshots, relative to the repo root)
//   BPSIM_WEB_TESTS_OPTIONAL  "1": skip (not fail) when chromium is absent
//
// API (stable; the classroom tests import it):
//   repoRoot, webDir                     absolute paths
//   chromiumPath, bpsimBinary            resolved paths
//   browserSkipReason()                  a string when the browser tests must be skipped
//                                        (chromium absent AND BPSIM_WEB_TESTS_OPTIONAL=1), else
//                                        null; throws when chromium is absent and not optional
//   launchBrowser()                      -> playwright Browser (headless Chromium, no network)
//   openPage(browser, fileOrUrl, opts)   -> {page, context, consoleErrors, pageErrors,
//                                           requests, errors(), close()}
//        opts: {viewport: {width, height}, waitFor: 'bpsimReport' | 'bpsim' | null,
//               timeout: ms}.  consoleErrors: console.error texts; pageErrors: uncaught
//        exceptions; requests: every request URL that is not file:, data: or blob:
//        (must stay empty); errors(): consoleErrors + pageErrors + "network: URL" entries.
//   waitForGlobal(page, name, timeout)   waits until window[name].ready === true; returns
//                                        the load time in ms
//   screenshot(page, name, opts)         writes <BPSIM_SCREENSHOTS>/<name> (full page by
//                                        default), returns the path
//   runBpsim(args, {cwd, timeout, env})  -> {code, stdout, stderr} (spawnSync of the binary)
//   bpsimHas(subcommand)                 true when `bpsim SUB --help` prints SUB's own usage
//   parseCsv(text)                       -> {header: [...], rows: [{col: string}]}; RFC 4180
//                                        quoting, values kept as strings (independent of the
//                                        page's own parser on purpose)
//   readCsv(path)                        parseCsv of a file
//   tempDir(prefix)                      a fresh directory under the OS temp dir
//   fileUrl(path)                        file:// URL of an absolute or repo-relative path
//   captureDownload(page, locator, timeout) -> {name, path, bytes: Buffer} of the download
//                                        triggered by clicking locator (pauses 300 ms first
//                                        and clicks once more if nothing started: Chromium's
//                                        download limiter drops rapid repeated downloads)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');
export const webDir = join(repoRoot, 'web');

function fromRoot(p) { return isAbsolute(p) ? p : resolve(repoRoot, p); }

export const chromiumPath = process.env.BPSIM_CHROMIUM || '/usr/bin/chromium';
export const bpsimBinary = fromRoot(process.env.BPSIM_BINARY || 'build/sim/bpsim');
export const screenshotDir = fromRoot(process.env.BPSIM_SCREENSHOTS || 'build/screenshots');

export const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export function browserSkipReason() {
  if (existsSync(chromiumPath)) return null;
  if (process.env.BPSIM_WEB_TESTS_OPTIONAL === '1') {
    return `chromium not found at ${chromiumPath} (set BPSIM_CHROMIUM); skipped because BPSIM_WEB_TESTS_OPTIONAL=1`;
  }
  throw new Error(`chromium not found at ${chromiumPath}: install it (apt-get install chromium) or set BPSIM_CHROMIUM; ` +
                  'set BPSIM_WEB_TESTS_OPTIONAL=1 to skip the browser tests instead');
}

let playwright = null;
async function loadPlaywright() {
  if (!playwright) {
    const entry = join(webDir, 'node_modules', 'playwright-core', 'index.mjs');
    if (!existsSync(entry)) throw new Error(`playwright-core missing: run 'npm ci' in ${webDir}`);
    playwright = await import(pathToFileURL(entry).href);
  }
  return playwright;
}

export async function launchBrowser() {
  const { chromium } = await loadPlaywright();
  return chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
}

export function fileUrl(p) {
  if (/^(file|data|blob|about):/.test(p)) return p;
  return pathToFileURL(fromRoot(p)).href;
}

export async function waitForGlobal(page, name, timeout = 15000) {
  const t0 = Date.now();
  await page.waitForFunction((n) => window[n] && window[n].ready === true, name, { timeout });
  return Date.now() - t0;
}

export async function openPage(browser, fileOrUrl, opts = {}) {
  const context = await browser.newContext({
    viewport: opts.viewport || { width: 1400, height: 900 },
    acceptDownloads: true,
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  const consoleErrors = [];
  const pageErrors = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => pageErrors.push(String(e && e.stack || e)));
  context.on('request', (r) => {
    const u = r.url();
    if (!/^(file|data|blob):/.test(u)) requests.push(u);
  });
  // Anything that would leave the machine is refused (and recorded above).
  await context.route(/^(https?|wss?|ftp):/, (route) => route.abort());
  const t0 = Date.now();
  await page.goto(fileUrl(fileOrUrl), { waitUntil: 'load', timeout: opts.timeout || 30000 });
  let loadMs = Date.now() - t0;
  if (opts.waitFor) loadMs += await waitForGlobal(page, opts.waitFor, opts.timeout || 30000);
  return {
    page, context, consoleErrors, pageErrors, requests, loadMs,
    errors: () => [...consoleErrors, ...pageErrors, ...requests.map((u) => `network: ${u}`)],
    close: () => context.close(),
  };
}

export async function screenshot(page, name, opts = {}) {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, name);
  await page.screenshot({ path, fullPage: opts.fullPage !== false, ...opts });
  return path;
}

export async function captureDownload(page, locator, timeout = 10000) {
  // Chromium now and then drops a download that starts right after another one (its
  // download-request limiter): pause a little before each, and click a second time if
  // the first click started nothing.
  await page.waitForTimeout(300);
  let download;
  try {
    [download] = await Promise.all([page.waitForEvent('download', { timeout: Math.min(3000, timeout) }), locator.click()]);
  } catch (e) {
    if (!/Timeout/i.test(String(e && e.message))) throw e;
    await page.waitForTimeout(1000);
    [download] = await Promise.all([page.waitForEvent('download', { timeout }), locator.click()]);
  }
  const path = await download.path();
  return { name: download.suggestedFilename(), path, bytes: readFileSync(path) };
}

export function runBpsim(args, opts = {}) {
  const r = spawnSync(bpsimBinary, args, {
    cwd: opts.cwd || repoRoot,
    encoding: 'utf8',
    timeout: opts.timeout || 300000,
    env: { ...process.env, ...(opts.env || {}) },
    maxBuffer: 64 << 20,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function bpsimHas(sub) {
  if (!existsSync(bpsimBinary)) return false;
  try {
    const r = runBpsim([sub, '--help'], { timeout: 20000 });
    // An unknown subcommand prints the top-level help (exit 0): require its own usage line.
    return r.code === 0 && r.stdout.includes(`Usage: bpsim ${sub}`) ||
           r.code === 0 && new RegExp(`Usage: \\S*bpsim ${sub}\\b`).test(r.stdout);
  } catch { return false; }
}

export function parseCsv(text) {
  const records = [];
  let rec = [];
  let field = '';
  let i = 0;
  let quoted = false;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { rec.push(field); field = ''; i++; continue; }
    if (c === '\r' || c === '\n') {
      rec.push(field); field = '';
      records.push(rec); rec = [];
      if (c === '\r' && text[i + 1] === '\n') i++;
      i++; continue;
    }
    field += c; i++;
  }
  if (field !== '' || rec.length) { rec.push(field); records.push(rec); }
  const header = records.shift() || [];
  const rows = records.filter((r) => !(r.length === 1 && r[0] === '')).map((r) => {
    const o = {};
    header.forEach((h, k) => { o[h] = r[k] === undefined ? '' : r[k]; });
    return o;
  });
  return { header, rows };
}

export function readCsv(path) { return parseCsv(readFileSync(fromRoot(path), 'utf8')); }

export function tempDir(prefix = 'bpsim-web-') {
  return mkdtempSync(join(tmpdir(), prefix));
}
