// Browser tests of the classroom page: the real engine (WebAssembly) in headless Chromium,
// checked value by value against the native binary.
//
//   node --test tests/web/classroom.test.mjs
//
// The page is built with `bpsim classroom scenarios/classroom_three_powers.yaml
// scenarios/pivot_to_asia_2014.yaml -o X.html` (BPSIM_CLASSROOM_PAGE=FILE tests a page
// built elsewhere instead). Environment as in harness.mjs. Every comparison with the native
// run reports the largest absolute difference over all numbers and whether it was exact.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  browserSkipReason, launchBrowser, openPage, screenshot, runBpsim, bpsimHas, parseCsv,
  readCsv, tempDir, captureDownload, bpsimBinary,
} from './harness.mjs';

const CLASSROOM = 'scenarios/classroom_three_powers.yaml';
const PIVOT = 'scenarios/pivot_to_asia_2014.yaml';
const PIVOT_NAME = 'pivot-to-asia-2014';
const SANCTIONS = 'events.0.sanctions.intensity';
const TOL = 1e-12;

// Skipped only when the browser is absent and BPSIM_WEB_TESTS_OPTIONAL=1 (harness rule), or
// when `bpsim classroom` is missing under that same option; otherwise a missing binary or
// command fails every browser test with the reason (the pure tests at the end still run).
const skip = (() => {
  const r = browserSkipReason();
  if (r) return r;
  if (process.env.BPSIM_CLASSROOM_PAGE) return false;
  if (process.env.BPSIM_WEB_TESTS_OPTIONAL === '1' && !bpsimHas('classroom')) {
    return '`bpsim classroom` does not exist in this binary (skipped: BPSIM_WEB_TESTS_OPTIONAL=1)';
  }
  return false;
})();

let browser;
let pagePath;
let work;
let setupError = null;

before(async () => {
  if (skip) return;
  try {
    work = tempDir('bpsim-classroom-');
    if (process.env.BPSIM_CLASSROOM_PAGE) {
      pagePath = process.env.BPSIM_CLASSROOM_PAGE;
    } else {
      if (!existsSync(bpsimBinary)) throw new Error(`bpsim binary missing at ${bpsimBinary}: build it first (make)`);
      if (!bpsimHas('classroom')) throw new Error('`bpsim classroom` does not exist in this binary: the classroom page cannot be built');
      pagePath = join(work, 'class.html');
      const r = runBpsim(['classroom', CLASSROOM, PIVOT, '-o', pagePath]);
      if (r.code !== 0) throw new Error(`bpsim classroom failed (${r.code}): ${r.stderr}`);
    }
    browser = await launchBrowser();
  } catch (e) {
    setupError = e;
  }
});

after(async () => {
  if (browser) await browser.close();
  if (work && process.env.BPSIM_KEEP_TMP !== '1') rmSync(work, { recursive: true, force: true });
});

// ---- helpers ------------------------------------------------------------------------------

let runCount = 0;
// A native run into a fresh directory; returns {dir, states, dyads, world, events} parsed.
function nativeRun(args) {
  const dir = join(work, `native-${++runCount}`);
  const r = runBpsim(['run', ...args, '-o', dir, '--quiet']);
  assert.equal(r.code, 0, `bpsim run ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  const read = (f) => readCsv(join(dir, f));
  return { dir, states: read('states.csv'), dyads: read('dyads.csv'), world: read('world.csv'), events: read('events.csv') };
}

// Compares the page's rows (numbers/strings) with a native CSV (strings), every column of
// the CSV header, row by row. Returns {rows, numbers, maxAbs, exact, mismatches}.
function compareRows(pageRows, csv, what) {
  assert.equal(pageRows.length, csv.rows.length, `${what}: ${pageRows.length} rows on the page, ${csv.rows.length} in the native CSV`);
  let maxAbs = 0;
  let numbers = 0;
  let exact = true;
  const mismatches = [];
  csv.rows.forEach((nr, i) => {
    const pr = pageRows[i];
    for (const c of csv.header) {
      const nv = nr[c];
      const pv = pr[c];
      assert.notEqual(pv, undefined, `${what}: the page's row ${i} has no column '${c}'`);
      const nn = Number(nv);
      const pn = Number(pv);
      if (nv !== '' && !Number.isNaN(nn)) {
        numbers++;
        const d = Math.abs(pn - nn);
        if (!(d <= TOL) && mismatches.length < 5) mismatches.push(`${what} row ${i} ${c}: page ${pv}, native ${nv}`);
        if (Number.isNaN(d)) { maxAbs = Infinity; exact = false; continue; }
        if (d !== 0) exact = false;
        if (d > maxAbs) maxAbs = d;
      } else if (String(pv) !== nv) {
        exact = false;
        if (mismatches.length < 5) mismatches.push(`${what} row ${i} ${c}: page '${pv}', native '${nv}'`);
      }
    }
  });
  return { rows: csv.rows.length, numbers, maxAbs, exact, mismatches };
}

function report(name, c) {
  console.log(`# ${name}: ${c.rows} rows, ${c.numbers} numbers, max |page - native| = ${c.maxAbs}${c.exact ? ' (exactly equal)' : ' (not bit-identical)'}`);
}

function pairSeries(csv, a, b) {
  return csv.rows.filter((r) => r.a === a && r.b === b).map((r) => Number(r.alignment));
}

async function open(viewport) {
  if (setupError) throw setupError;
  const p = await openPage(browser, pagePath, { waitFor: 'bpsim', timeout: 30000, viewport });
  return p;
}

const state = (page) => page.evaluate(() => window.bpsim.state());
const shown = (page) => page.evaluate(() => window.bpsim.shown());

async function selectScenario(page, name) {
  const idx = await page.evaluate((n) => window.bpsim.scenarios().indexOf(n), name);
  assert.ok(idx >= 0, `scenario ${name} is not on the page`);
  await page.selectOption('#scenario', String(idx));
  await page.waitForFunction((n) => window.bpsim.state().scenario === n, name);
}

// Moves a slider the way a user does: focus it and press keys (Home = its minimum).
async function pressOnSlider(page, path, key) {
  const loc = page.locator(`input[type=range][data-path="${path}"]`);
  assert.equal(await loc.count(), 1, `no slider for ${path}`);
  await loc.focus();
  await loc.press(key);
  return loc;
}

async function seekEnd(page) {
  await page.locator('#scrubber').focus();
  await page.locator('#scrubber').press('End');
  const s = await state(page);
  return s.tick;
}

function assertNoErrors(p) {
  assert.deepEqual(p.errors(), [], `console errors, page errors or network requests: ${p.errors().join('\n')}`);
}

// ---- tests --------------------------------------------------------------------------------

test('page loads offline with both scenarios, no console error, no network request', { skip }, async () => {
  const p = await open();
  const { page } = p;
  try {
    console.log(`# page: ${pagePath} (${(readFileSync(pagePath).length / 1024).toFixed(0)} KB), ready after ${p.loadMs} ms`);
    const names = await page.evaluate(() => window.bpsim.scenarios());
    assert.deepEqual(names, ['classroom-three-powers', PIVOT_NAME]);
    const s = await state(page);
    assert.equal(s.scenario, 'classroom-three-powers');
    assert.equal(s.tick, 0);
    assert.equal(s.playing, false);
    assert.equal(s.seed, 1, 'seed = the scenario\'s seed');
    assert.deepEqual(s.overrides, {});
    assert.equal(s.recordings, 1, 'the scenario as written is run and recorded on load');
    assert.equal(await page.inputValue('#seed'), '1');
    assert.equal((await page.textContent('#cmdline')).trim(), `bpsim run ${CLASSROOM} --seed 1`);
    // bpsim.run gives the engine's rows with the CSV columns
    const r = await page.evaluate(() => { const x = window.bpsim.run('classroom-three-powers', {}); return { n: x.states.length, cols: x.columns.states, first: x.states[0] }; });
    assert.equal(r.n, 31 * 3);
    assert.deepEqual(r.cols, ['tick', 'date', 'state', 'power', 'threat', 'economy', 'military', 'order', 'east_west']);
    // tick 0 of the classroom scenario, worked by hand in its header: HEG power 0.607
    assert.ok(Math.abs(r.first.power - 0.6066) < 1e-3, `HEG power at tick 0 ${r.first.power}`);
    // the recording of the scenario as written = the native run, every number
    const native = nativeRun([CLASSROOM]);
    const rec = await page.evaluate(() => window.bpsim.recording());
    for (const f of ['states', 'dyads', 'world', 'events']) {
      const c = compareRows(rec[f], native[f], `${f}.csv`);
      report(`classroom-three-powers as written: ${f}`, c);
      assert.deepEqual(c.mismatches, []);
      assert.ok(c.maxAbs <= TOL);
    }
    // tick 1 of the header's worked example: SWG moves to about [0.0117, 0.0117]
    const swg1 = rec.states.find((x) => x.tick === 1 && x.state === 'SWG');
    assert.ok(Math.abs(swg1.order - 0.0117) < 5e-4 && Math.abs(swg1.east_west - 0.0117) < 5e-4, `SWG at tick 1: ${swg1.order}, ${swg1.east_west}`);
    // timing of one engine.run of the flagship in the page
    const ms = await page.evaluate((n) => {
      window.bpsim.run(n, {});
      const t0 = performance.now();
      const k = 50;
      for (let i = 0; i < k; i++) window.bpsim.run(n, { 'events.0.sanctions.intensity': (i % 10) / 10 });
      return (performance.now() - t0) / k;
    }, PIVOT_NAME);
    console.log(`# engine.run of ${PIVOT_NAME} (48 ticks, 8 states) in the page: ${(ms * 1000).toFixed(0)} us per run (mean of 50, rows included)`);
    assertNoErrors(p);
  } finally { await p.close(); }
});

test('play advances the tick, pause stops it, keys step; the display follows', { skip }, async () => {
  const p = await open();
  const { page } = p;
  try {
    await page.selectOption('#speed', '16');
    await page.click('#play');
    await page.waitForFunction(() => window.bpsim.state().tick >= 4, null, { timeout: 5000 });
    assert.equal((await state(page)).playing, true);
    await page.click('#pause');
    const t1 = (await state(page)).tick;
    assert.equal((await state(page)).playing, false);
    await page.waitForTimeout(700);
    const t2 = (await state(page)).tick;
    assert.equal(t2, t1, 'the tick moved after pause');
    assert.ok(t1 >= 4);
    // what is displayed is that tick
    const sh = await shown(page);
    assert.equal(sh.tick, t1);
    const label = await page.textContent('#tick-label');
    assert.ok(label.includes(`step ${t1} of 30`), `tick label '${label}'`);
    assert.equal(Number(await page.inputValue('#scrubber')), t1);
    // keyboard: arrows step, space plays and pauses
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    assert.equal((await state(page)).tick, t1 + 1);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    assert.equal((await state(page)).tick, t1 - 1);
    await page.keyboard.press('Space');
    assert.equal((await state(page)).playing, true);
    await page.keyboard.press('Space');
    assert.equal((await state(page)).playing, false);
    // playing to the end stops there
    await page.click('#play');
    await page.waitForFunction(() => !window.bpsim.state().playing, null, { timeout: 10000 });
    assert.equal((await state(page)).tick, 30);
    assert.equal((await state(page)).recordings, 1, 'playing must not run the engine again');
    assertNoErrors(p);
  } finally { await p.close(); }
});

test('the scrubber moves back through the recorded run; positions shown = the recorded rows = native', { skip }, async () => {
  const p = await open();
  const { page } = p;
  try {
    await selectScenario(page, PIVOT_NAME);
    const runsBefore = (await state(page)).engineRuns;
    await page.selectOption('#speed', '16');
    await page.click('#play');
    await page.waitForFunction(() => window.bpsim.state().tick >= 20, null, { timeout: 10000 });
    await page.click('#pause');
    const native = nativeRun([PIVOT]);
    const rec = await page.evaluate(() => window.bpsim.recording());
    const scrub = page.locator('#scrubber');
    await scrub.focus();
    let maxAbs = 0;
    for (const t of [12, 5, 0, 31, 48]) {
      await scrub.fill(String(t));
      const sh = await shown(page);
      assert.equal(sh.tick, t, `scrubber to ${t}`);
      assert.equal((await state(page)).tick, t);
      const recRows = rec.states.filter((r) => r.tick === t);
      const natRows = native.states.rows.filter((r) => Number(r.tick) === t);
      assert.equal(sh.positions.length, natRows.length);
      for (const pos of sh.positions) {
        const rr = recRows.find((r) => r.state === pos.id);
        const nr = natRows.find((r) => r.state === pos.id);
        assert.ok(rr && nr, `state ${pos.id} at tick ${t}`);
        // shown = recorded, exactly (the page draws its recording)
        assert.equal(pos.x, rr.order);
        assert.equal(pos.y, rr.east_west);
        assert.equal(pos.power, rr.power);
        for (const [a, b] of [[pos.x, nr.order], [pos.y, nr.east_west], [pos.power, nr.power]]) {
          const d = Math.abs(a - Number(b));
          maxAbs = Math.max(maxAbs, d);
        }
      }
      // the alignment curve shown so far has t + 1 points, equal to the recording
      const chnRus = rec.dyads.filter((r) => r.a === 'CHN' && r.b === 'RUS').map((r) => r.alignment).slice(0, t + 1);
      assert.deepEqual(sh.pairs['CHN-RUS'], chnRus);
    }
    console.log(`# scrubber positions vs native states.csv: max |diff| = ${maxAbs}${maxAbs === 0 ? ' (exactly equal)' : ''}`);
    assert.ok(maxAbs <= TOL);
    assert.equal((await state(page)).engineRuns, runsBefore, 'scrubbing must not run the engine');
    assertNoErrors(p);
  } finally { await p.close(); }
});

test('sanctions slider to 0 (flagship): a new recorded run, the Russia–China curve changes, rows = native --set run', { skip }, async () => {
  const p = await open();
  const { page } = p;
  try {
    await selectScenario(page, PIVOT_NAME);
    const end0 = await seekEnd(page);
    assert.equal(end0, 48);
    const before = await shown(page);
    const recBefore = (await state(page)).recordings;
    const slider = await pressOnSlider(page, SANCTIONS, 'Home');
    assert.equal(await slider.inputValue(), '0');
    const s = await state(page);
    assert.deepEqual(s.overrides, { [SANCTIONS]: 0 });
    assert.equal(s.recordings, recBefore + 1, 'a slider change records a new run');
    assert.equal(s.tick, 48, 'the tick stays where it was');
    const out = page.locator(`input[data-path="${SANCTIONS}"]`).locator('xpath=ancestor::div[contains(@class,"slider")]').locator('output');
    assert.equal((await out.textContent()).trim(), '0', 'the slider shows its value');
    const after = await shown(page);
    const b = before.pairs['CHN-RUS'];
    const a = after.pairs['CHN-RUS'];
    assert.equal(a.length, 49);
    const change = Math.abs(a[48] - b[48]);
    console.log(`# CHN-RUS alignment at 2021Q4: ${b[48].toFixed(4)} with sanctions 0.5, ${a[48].toFixed(4)} with 0 (change ${change.toFixed(4)})`);
    assert.ok(change > 0.3, 'without sanctions Russia–China must end far lower');
    assert.deepEqual(a.slice(0, 18), b.slice(0, 18), 'before the sanctions start (tick 17) the runs are the same');
    // the command line says what was changed
    assert.equal((await page.textContent('#cmdline')).trim(), `bpsim run ${PIVOT} --seed 7 --set ${SANCTIONS}=0`);
    // every number of the page's recording vs the native run
    const native = nativeRun([PIVOT, '--set', `${SANCTIONS}=0`]);
    const rec = await page.evaluate(() => window.bpsim.recording());
    let all = { rows: 0, numbers: 0, maxAbs: 0, exact: true };
    for (const f of ['states', 'dyads', 'world', 'events']) {
      const c = compareRows(rec[f], native[f], `${f}.csv`);
      report(`sanctions 0: ${f}`, c);
      assert.deepEqual(c.mismatches, []);
      all = { rows: all.rows + c.rows, numbers: all.numbers + c.numbers, maxAbs: Math.max(all.maxAbs, c.maxAbs), exact: all.exact && c.exact };
    }
    report('sanctions 0: all files', all);
    assert.ok(all.maxAbs <= TOL);
    // the displayed curve is the native one
    const nat = pairSeries(native.dyads, 'CHN', 'RUS');
    assert.ok(Math.max(...nat.map((v, i) => Math.abs(v - a[i]))) <= TOL);
    assertNoErrors(p);
  } finally { await p.close(); }
});

test('side by side: B = A without the first sanctions; B − A = the native paired difference', { skip }, async () => {
  const p = await open({ width: 1600, height: 1000 });
  const { page } = p;
  try {
    await selectScenario(page, PIVOT_NAME);
    await page.check('#sbs-toggle');
    const s = await state(page);
    assert.equal(s.sideBySide, true);
    assert.deepEqual(s.variant, { path: 'events.0.enabled', value: false });
    assert.equal(s.diffPair, 'CHN-RUS');
    assert.equal(await page.inputValue('#sbs-pair'), 'CHN-RUS');
    const crn = await page.textContent('#side-by-side');
    assert.match(crn, /same seed/);
    assert.match(crn, /common random numbers/);
    await seekEnd(page);
    const sh = await shown(page);
    assert.equal(sh.diff.length, 49);
    const A = nativeRun([PIVOT, '--seed', '7']);
    const B = nativeRun([PIVOT, '--seed', '7', '--set', 'events.0.enabled=false']);
    const a = pairSeries(A.dyads, 'CHN', 'RUS');
    const b = pairSeries(B.dyads, 'CHN', 'RUS');
    const nd = a.map((v, i) => b[i] - v);
    let maxAbs = 0;
    nd.forEach((v, i) => { maxAbs = Math.max(maxAbs, Math.abs(v - sh.diff[i])); });
    console.log(`# side by side CHN-RUS B - A vs native paired difference: max |diff| = ${maxAbs}${maxAbs === 0 ? ' (exactly equal)' : ''}; B - A at 2021Q4 = ${nd[48].toFixed(4)}`);
    assert.ok(maxAbs <= TOL);
    assert.ok(nd[48] < -0.3, 'switching the sanctions off must lower Russia–China at the end');
    assert.ok(nd.slice(0, 18).every((v) => v === 0), 'no difference before the sanctions start');
    // B's map shows B's positions: Russia at the end as in the native B run
    const rusB = sh.positionsB.find((q) => q.id === 'RUS');
    const natRusB = B.states.rows.find((r) => r.state === 'RUS' && Number(r.tick) === 48);
    assert.ok(Math.abs(rusB.x - Number(natRusB.order)) <= TOL && Math.abs(rusB.y - Number(natRusB.east_west)) <= TOL);
    // the text under the maps says the numbers
    const now = await page.textContent('#diff-now');
    assert.ok(now.includes(nd[48] >= 0 ? `+${nd[48].toFixed(2)}` : nd[48].toFixed(2)), `diff text '${now}'`);
    // pick another pair: the difference follows
    await page.selectOption('#sbs-pair', 'USA-RUS');
    const sh2 = await shown(page);
    const ua = pairSeries(A.dyads, 'USA', 'RUS');
    const ub = pairSeries(B.dyads, 'USA', 'RUS');
    assert.ok(ub.every((v, i) => Math.abs(v - ua[i] - sh2.diff[i]) <= TOL));
    await page.selectOption('#sbs-pair', 'CHN-RUS');
    await page.locator('#scrubber').fill('36');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(300);
    await screenshot(page, 'classroom_side_by_side.png', { fullPage: true });
    // the teacher picks a slider as the change: B = A with sanctions at 0
    await page.selectOption('#sbs-what', SANCTIONS);
    const s3 = await state(page);
    assert.equal(s3.variant.path, SANCTIONS);
    assert.equal(s3.variant.value, 0, 'a slider variant starts at the other end of its range (here its minimum)');
    await seekEnd(page);
    const sh3 = await shown(page);
    assert.equal(sh3.diff.length, 49);
    const C = nativeRun([PIVOT, '--set', `${SANCTIONS}=0`]);
    const c = pairSeries(C.dyads, 'CHN', 'RUS');
    assert.ok(c.every((v, i) => Math.abs(v - a[i] - sh3.diff[i]) <= TOL), 'B - A with the slider variant = native');
    assertNoErrors(p);
  } finally { await p.close(); }
});

test('replay after a slider change shows the earlier recording, without running the engine', { skip }, async () => {
  const p = await open();
  const { page } = p;
  try {
    await selectScenario(page, PIVOT_NAME);
    await seekEnd(page);
    const first = await shown(page);
    const firstId = (await state(page)).recording;
    await pressOnSlider(page, SANCTIONS, 'Home');
    await seekEnd(page);
    const second = await shown(page);
    assert.notEqual(second.recording, firstId);
    assert.notDeepEqual(second.pairs['CHN-RUS'], first.pairs['CHN-RUS'], 'the new run must differ for this test to mean anything');
    const s2 = await state(page);
    // replay the previous run
    await page.click('#replay-previous');
    const s3 = await state(page);
    assert.equal(s3.recording, firstId);
    assert.equal(s3.recordings, s2.recordings, 'replay must not record a new run');
    assert.equal(s3.engineRuns, s2.engineRuns, 'replay must not run the engine');
    assert.deepEqual(s3.overrides, {}, 'the settings of the replayed run are back');
    assert.equal(await page.locator(`input[data-path="${SANCTIONS}"]`).inputValue(), '0.5', 'the slider shows the replayed run\'s value');
    // play the replay to the end: what is shown is the earlier recording, tick by tick
    await page.selectOption('#speed', '16');
    await page.click('#play');
    await page.waitForFunction(() => !window.bpsim.state().playing, null, { timeout: 10000 });
    const replayed = await shown(page);
    assert.equal(replayed.tick, 48);
    assert.deepEqual(replayed.pairs, first.pairs);
    assert.deepEqual(replayed.positions, first.positions);
    assert.equal((await state(page)).engineRuns, s2.engineRuns);
    // and the list offers the later one again
    await page.click(`#recordings button.replay[data-id="${second.recording}"]`);
    await seekEnd(page);
    assert.deepEqual((await shown(page)).pairs, second.pairs);
    assert.equal((await state(page)).engineRuns, s2.engineRuns);
    assertNoErrors(p);
  } finally { await p.close(); }
});

test('downloads: the CSVs equal `bpsim run` with the page\'s command line; seed and toggles', { skip }, async () => {
  const p = await open();
  const { page } = p;
  try {
    await selectScenario(page, PIVOT_NAME);
    // seed 11, sanctions at 0.3 (Home then 30 steps of 0.01), the Vostok exercise off
    await page.fill('#seed', '11');
    await page.press('#seed', 'Enter');
    await page.waitForFunction(() => window.bpsim.state().seed === 11);
    const sl = await pressOnSlider(page, SANCTIONS, 'Home');
    for (let i = 0; i < 30; i++) await sl.press('ArrowRight');
    assert.equal(await sl.inputValue(), '0.3');
    const toggle = page.locator('input[type=checkbox][data-path="events.8.enabled"]');
    await toggle.uncheck();
    const s = await state(page);
    assert.deepEqual(s.overrides, { [SANCTIONS]: 0.3, 'events.8.enabled': false });
    const cmd = (await page.textContent('#cmdline')).trim();
    assert.equal(cmd, `bpsim run ${PIVOT} --seed 11 --set ${SANCTIONS}=0.3 --set events.8.enabled=false`);
    const cmdFile = await captureDownload(page, page.locator('button.download[data-file="command"]'));
    assert.ok(cmdFile.bytes.toString('utf8').includes(cmd), 'the downloaded command file holds the command line');
    const args = cmd.split(/\s+/);
    assert.equal(args[0], 'bpsim');
    assert.equal(args[1], 'run');
    const native = nativeRun(args.slice(2));
    let identical = 0;
    for (const f of ['states.csv', 'dyads.csv', 'world.csv', 'events.csv']) {
      const d = await captureDownload(page, page.locator(`button.download[data-file="${f}"]`));
      assert.ok(d.name.endsWith(f), `download name ${d.name}`);
      const mine = d.bytes;
      const theirs = readFileSync(join(native.dir, f));
      if (Buffer.compare(mine, theirs) === 0) {
        identical++;
        console.log(`# download ${f}: byte for byte identical to bpsim run (${mine.length} bytes)`);
      } else {
        const c = compareRows(parseCsv(mine.toString('utf8')).rows, parseCsv(theirs.toString('utf8')), f);
        report(`download ${f} (NOT byte-identical)`, c);
        assert.deepEqual(c.mismatches, []);
        assert.ok(c.maxAbs <= TOL);
      }
    }
    console.log(`# downloads: ${identical} of 4 files byte-identical`);
    // the shown recording is this run too
    const rec = await page.evaluate(() => window.bpsim.recording());
    const c = compareRows(rec.dyads, native.dyads, 'dyads.csv');
    assert.ok(c.maxAbs <= TOL);
    // the all-in-one button downloads the four CSVs and the command
    const names = [];
    const onDl = (d) => names.push(d.suggestedFilename());
    page.on('download', onDl);
    await page.click('#download-all');
    await page.waitForFunction(() => true);
    const t0 = Date.now();
    while (names.length < 5 && Date.now() - t0 < 8000) await page.waitForTimeout(100);
    page.off('download', onDl);
    assert.equal(names.length, 5, `downloads: ${names.join(', ')}`);
    assertNoErrors(p);
  } finally { await p.close(); }
});

test('screenshot of the page mid-run (classroom.png), settings reset, scenario switch', { skip }, async () => {
  const p = await open({ width: 1600, height: 1000 });
  const { page } = p;
  try {
    await selectScenario(page, PIVOT_NAME);
    await page.locator('#scrubber').fill('30');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(300);
    const path = await screenshot(page, 'classroom.png', { fullPage: true });
    console.log(`# screenshot ${path}`);
    // the scenario's values come back with one button; the seed too
    await pressOnSlider(page, 'states.RUS.traits.hedging', 'End');
    assert.ok(Object.keys((await state(page)).overrides).length === 1);
    await page.click('#reset-settings');
    assert.deepEqual((await state(page)).overrides, {});
    assert.equal((await page.textContent('#cmdline')).trim(), `bpsim run ${PIVOT} --seed 7`);
    // back to the classroom scenario: its own controls, seed and tick 0
    await selectScenario(page, 'classroom-three-powers');
    const s = await state(page);
    assert.equal(s.seed, 1);
    assert.equal(s.tick, 0);
    assert.equal(await page.locator(`input[data-path="${SANCTIONS}"]`).count(), 0);
    assert.ok(await page.locator('input[data-path="events.1.enabled"]').count() === 1);
    assertNoErrors(p);
  } finally { await p.close(); }
});

// ---- the page's pure settings logic (no browser) -----------------------------------------

test('settings: overrides normalised, the command line lists only changed values', async () => {
  const st = await import('../../web/src/classroom/settings.js');
  const S = {
    name: 'x', file: 'scenarios/x.yaml',
    controls: [
      { path: 'events.0.sanctions.intensity', label: 'Sanctions', value: 0.5, min: 0, max: 1, step: 0.01 },
      { path: 'parameters.sigma_a', label: 'Noise', value: 0, min: 0, max: 0.05, step: 0.001 },
    ],
    events: [
      { index: 0, kind: 'sanctions', label: 'sanctions A -> B', path: 'events.0.enabled' },
      { index: 1, kind: 'exercise', label: 'exercise A, C', path: 'events.1.enabled' },
    ],
  };
  assert.deepEqual(st.normalizeOverrides(S, { 'events.0.sanctions.intensity': 0.5, 'events.1.enabled': true }), {});
  assert.deepEqual(st.normalizeOverrides(S, { 'events.1.enabled': false, 'parameters.sigma_a': 0.02, 'events.0.sanctions.intensity': 0 }),
    { 'events.0.sanctions.intensity': 0, 'parameters.sigma_a': 0.02, 'events.1.enabled': false }, 'page order: sliders, then events');
  assert.equal(st.commandLine(S, 7, {}), 'bpsim run scenarios/x.yaml --seed 7');
  assert.equal(st.commandLine(S, 11, { 'events.1.enabled': false, 'events.0.sanctions.intensity': 0.3 }),
    'bpsim run scenarios/x.yaml --seed 11 --set events.0.sanctions.intensity=0.3 --set events.1.enabled=false');
  assert.equal(st.roundToStep(0.1 + 0.2, 0.01), 0.3);
  assert.equal(st.roundToStep('0.0070000000000000001', 0.001), 0.007);
  assert.equal(st.roundToStep(3, 1), 3);
  assert.deepEqual(st.defaultVariant(S), { path: 'events.0.enabled', value: false });
  assert.deepEqual(st.variantOverrides(S, { 'parameters.sigma_a': 0.02 }, { path: 'events.0.enabled', value: false }),
    { 'parameters.sigma_a': 0.02, 'events.0.enabled': false });
  assert.deepEqual(st.variantOverrides(S, {}, { path: 'events.0.sanctions.intensity', value: 0.5 }), {}, 'B equal to the scenario has no override');
  // every number prints in a form that parses back to the same double
  for (const v of [0.3, 1e-7, 0.1 + 0.2, 123456.789, 2 ** -30]) assert.equal(Number(st.formatValue(v)), v);
});

test('recording: the focus state and default pairs from the resolved scenario JSON', async () => {
  const rc = await import('../../web/src/classroom/recording.js');
  const ids = ['USA', 'EU', 'CHN', 'RUS'];
  const S = {
    states: ids.map((id) => ({ id })), axes: ['x', 'y'],
    scenario: { state_ids: ids, events: [{ kind: 'exercise', participants: [2, 3] }, { kind: 'sanctions', by: [0, 1], target: 3 }] },
  };
  assert.equal(rc.focusState(S), 'RUS');
  const power = { USA: 0.4, EU: 0.3, CHN: 0.2, RUS: 0.1 };
  const result = { states: [], dyads: [], world: [{ tick: 0, concentration: 0.3 }], events: [], columns: { world: ['tick', 'concentration'] } };
  for (const id of ids) result.states.push({ tick: 0, state: id, power: power[id], x: 0, y: 0 });
  for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) result.dyads.push({ tick: 0, a: ids[i], b: ids[j], alignment: i - j, power_ratio: 1 });
  const idx = rc.indexResult(result, S);
  assert.deepEqual(rc.defaultPairs(S, idx), ['USA-RUS', 'EU-RUS', 'CHN-RUS']);
  assert.equal(rc.defaultDiffPair(S, idx), 'CHN-RUS', 'the largest power that does not sanction the focus state');
  assert.equal(rc.findPair(idx, 'RUS', 'CHN'), 'CHN-RUS');
  assert.equal(idx.alignment['EU-CHN'][0], -1);
});
