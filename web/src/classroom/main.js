// Entry of the classroom page (bundled to dist/classroom.js). Reads the embedded data,
// instantiates the engine (the real bpsim compiled to WebAssembly, inline in the page),
// builds the page and exposes window.bpsim for students and tests.
import { loadEngine } from '../engine.js';
import { readData } from '../common/data.js';
import { el } from '../common/format.js';
import { Classroom } from './app.js';

function fail(root, message) {
  root.replaceChildren(el('div', { class: 'fatal' }, el('h1', { text: 'The classroom page could not start' }), el('p', { text: message })));
  window.bpsim = { ready: false, error: message };
}

async function start() {
  const root = el('div', { id: 'classroom', class: 'classroom' });
  document.body.appendChild(root);
  let data;
  try {
    data = readData(document);
    if (!data.scenarios || !data.scenarios.length) throw new Error('the page holds no scenario');
  } catch (e) {
    fail(root, e.message);
    return;
  }
  document.title = document.title || 'bpsim classroom';
  let engine;
  try {
    engine = await loadEngine();
  } catch (e) {
    fail(root, `the engine (WebAssembly) did not load: ${e.message}`);
    return;
  }
  const app = new Classroom(data, engine, root);
  window.bpsim = {
    ready: true,
    scenarios: () => data.scenarios.map((s) => s.name),
    run: (name, overrides = {}, opts = {}) => app.runFor(name, overrides, opts),
    // Median microseconds of `reps` bare runs of a scenario in this page (no recording),
    // as `bpsim bench` measures natively.
    bench: (name, reps = 200) => engine.bench(app.handle(app.scenarioIndex(name)), reps),
    state: () => app.state(),
    shown: () => app.shown(),
    recordings: () => app.recordingsList(),
    recording: (id) => app.recordingRows(id),
    // Steering the page from the console (the same as the buttons and sliders).
    select: (name) => { app.selectScenario(app.scenarioIndex(name)); return app.state(); },
    set: (path, value) => { app.setValue(path, value); app.syncControls(); return app.state(); },
    setSeed: (seed) => { app.setSeed(seed); return app.state(); },
    play: () => app.player.play(),
    pause: () => app.player.pause(),
    seek: (t) => { app.player.pause(); app.player.seek(t); return app.shown(); },
    replay: (id) => { app.replay(id); return app.state(); },
    sideBySide: (on = true, variant) => { if (variant) app.variant = { ...variant }; app.setSideBySide(on); return app.state(); },
    command: () => app.command(),
    csv: () => app.csvFiles(),
  };
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
