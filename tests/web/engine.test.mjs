// The numbers in the classroom page ARE the engine's: every shipped scenario, noise off
// and on, run by the WebAssembly engine in the page (window.bpsim.run) and by the native
// binary (`bpsim run --set ...`), compared number by number.
//
// Expected: within 1e-12 everywhere, relative to the number's size (|page - native| <=
// 1e-12 max(1, |native|): capabilities are in the thousands, shares below 1). Byte-identical only against a native build without
// FMA/AVX (BPSIM_ARCH=generic: the same operations in the same order as the scalar
// WebAssembly build); the default native build (x86-64-v3/v4) fuses multiply-adds and
// vectorises, so the last bits differ. Set BPSIM_GENERIC_BINARY to a generic build to
// check the byte-identical case too (the test then reports it).
//
// Also: the engine's speed in the page against the native `bpsim bench` (printed, not
// asserted: speed targets are benchmarks, docs/benchmarks.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  repoRoot, launchBrowser, openPage, runBpsim, parseCsv, tempDir, browserSkipReason,
} from './harness.mjs';

const scenarioDir = join(repoRoot, 'scenarios');
const files = readdirSync(scenarioDir).filter((f) => f.endsWith('.yaml')).sort();
const NOISE = { 'parameters.sigma_a': 0.02, 'parameters.sigma_c': 0.01 };
const TOL = 1e-12;

let browser, view, tmp, names;
const skip = browserSkipReason();

before(async () => {
  if (skip) return;
  tmp = tempDir('bpsim-engine-');
  const page = join(tmp, 'all.html');
  const r = runBpsim(['classroom', ...files.map((f) => join(scenarioDir, f)), '-o', page, '--quiet']);
  assert.equal(r.code, 0, `bpsim classroom failed: ${r.stderr}`);
  browser = await launchBrowser();
  view = await openPage(browser, page, { waitFor: 'bpsim', timeout: 60000 });
  names = await view.page.evaluate(() => window.bpsim.scenarios());
  assert.equal(names.length, files.length);
});

after(async () => {
  if (view) await view.close();
  if (browser) await browser.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function native(binary, file, overrides, dir) {
  const args = ['run', join(scenarioDir, file), '-o', dir, '--force', '--quiet'];
  for (const [k, v] of Object.entries(overrides)) args.push('--set', `${k}=${v}`);
  const r = binary ? spawnSync(binary, args, { encoding: 'utf8', cwd: repoRoot }) : runBpsim(args);
  assert.equal(r.code ?? r.status, 0, `bpsim run failed: ${r.stderr}`);
  return Object.fromEntries(['states', 'dyads', 'world'].map((t) => [t, readFileSync(join(dir, `${t}.csv`), 'utf8')]));
}

// Every cell of the page's rows against the CSV's: ids equal, numbers within TOL.
function compare(pageRows, csvText, what) {
  const csv = parseCsv(csvText);
  assert.equal(pageRows.length, csv.rows.length, `${what}: row count`);
  let max = 0, rel = 0, cells = 0, exact = true;
  csv.rows.forEach((row, i) => {
    for (const col of csv.header) {
      const want = row[col];
      const got = pageRows[i][col];
      if (typeof got === 'string') { assert.equal(got, want, `${what} row ${i} ${col}`); continue; }
      const w = Number(want);
      assert.ok(Number.isFinite(got), `${what} row ${i} ${col}: page gave ${got}`);
      const d = Math.abs(got - w);
      if (d !== 0) exact = false;
      max = Math.max(max, d);
      rel = Math.max(rel, d / Math.max(1, Math.abs(w)));
      cells++;
    }
  });
  assert.ok(rel <= TOL, `${what}: max |page - native| / max(1, |native|) = ${rel} > ${TOL}`);
  return { max, rel, cells, exact };
}

for (const file of files) {
  for (const noisy of [false, true]) {
    test(`${file}${noisy ? ' with noise' : ''}: page engine = native engine`, { skip: skip || false }, async () => {
      const i = files.indexOf(file);
      const overrides = noisy ? NOISE : {};
      const page = await view.page.evaluate(([n, o]) => window.bpsim.run(n, o), [names[i], overrides]);
      const dir = join(tmp, `${file}-${noisy}`);
      const csv = native(undefined, file, overrides, dir);
      const parts = ['states', 'dyads', 'world'].map((t) => ({ t, ...compare(page[t], csv[t], `${file} ${t}`) }));
      const max = Math.max(...parts.map((p) => p.max));
      const rel = Math.max(...parts.map((p) => p.rel));
      const cells = parts.reduce((a, p) => a + p.cells, 0);
      console.log(`# ${file}${noisy ? ' +noise' : ''}: ${cells} numbers, max |page - native| = ${max}, relative ${rel}` +
        (parts.every((p) => p.exact) ? ' (bit-identical)' : ' (not bit-identical: native build fuses/vectorises)'));
      const generic = process.env.BPSIM_GENERIC_BINARY;
      if (generic && existsSync(generic)) {
        const g = native(generic, file, overrides, `${dir}-generic`);
        const gparts = ['states', 'dyads', 'world'].map((t) => compare(page[t], g[t], `${file} ${t} (generic)`));
        const same = gparts.every((p) => p.exact);
        console.log(`# ${file}${noisy ? ' +noise' : ''}: against the generic native build: ` +
          (same ? 'bit-identical' : `max ${Math.max(...gparts.map((p) => p.max))}`));
      }
    });
  }
}

test('speed: the flagship in the page against native bpsim bench (printed)', { skip: skip || false }, async () => {
  const i = files.indexOf('pivot_to_asia_2014.yaml');
  // Best of three batches of 2000 runs (the first also lets V8 tier the code up), then
  // the native median over as many runs, in the same minute.
  const batches = await view.page.evaluate((n) => [0, 1, 2].map(() => window.bpsim.bench(n, 2000)), names[i]);
  const us = Math.min(...batches);
  const r = runBpsim(['bench', join(scenarioDir, 'pivot_to_asia_2014.yaml'), '--runs', '2000']);
  assert.equal(r.code, 0, r.stderr);
  const m = /us_per_run=([0-9.]+)/.exec(r.stdout + r.stderr);
  assert.ok(m, `no us_per_run in bpsim bench output: ${r.stdout}`);
  const nat = Number(m[1]);
  assert.ok(us > 0 && Number.isFinite(us), `page bench gave ${us}`);
  console.log(`# flagship: page ${us.toFixed(1)} us/run, native ${nat.toFixed(1)} us/run, ratio ${(us / nat).toFixed(2)}x`);
});
