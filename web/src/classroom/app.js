// The classroom page: one Classroom object holds the settings, the recorded runs and the
// player, builds the DOM and keeps every view in step with the current tick.
import { el, fmt, fmtSigned, tickLabel } from '../common/format.js';
import { stateColors, colorFor, PALETTE } from '../charts/palette.js';
import {
  normalizeOverrides, sameOverrides, currentValue, roundToStep, commandLine,
  variantOverrides, defaultVariant, describeOverrides, describeSetting,
} from './settings.js';
import { indexResult, defaultPairs, defaultDiffPair, pairName, focusState } from './recording.js';
import { explain, groupTitles } from './explain.js';
import { Player } from './player.js';
import { LiveMap, LiveSeries, EventLog } from './views.js';
import { scrubber, download, autoResize } from '../charts/index.js';

const MAX_RECORDINGS = 30;
const SPEEDS = [1, 2, 4, 8, 16];

function now() { return (typeof performance !== 'undefined' ? performance : Date).now(); }

export class Classroom {
  constructor(data, engine, root) {
    this.data = data;
    this.engine = engine;
    this.root = root;
    this.scenarios = data.scenarios || [];
    this.handles = new Map();
    this.recordings = [];
    this.nextId = 1;
    this.current = null;
    this.sideBySide = false;
    this.lastRunMs = null;
    this.player = new Player({ onTick: () => this.render(), onState: () => this.renderTransport() });
    this.buildShell();
    autoResize();
    this.selectScenario(0);
    document.addEventListener('keydown', (e) => this.onKey(e));
    // space on a focused button would also click it on key-up: the shortcut wins
    document.addEventListener('keyup', (e) => {
      if ((e.key === ' ' || e.code === 'Space') && e.target && e.target.tagName === 'BUTTON') e.preventDefault();
    });
  }

  get S() { return this.scenarios[this.si]; }

  handle(si) {
    if (!this.handles.has(si)) this.handles.set(si, this.engine.load(this.scenarios[si].scenario));
    return this.handles.get(si);
  }

  scenarioIndex(name) {
    const i = this.scenarios.findIndex((s) => s.name === name || s.file === name);
    if (i < 0) throw new Error(`no scenario '${name}' on this page; there are: ${this.scenarios.map((s) => s.name).join(', ')}`);
    return i;
  }

  // ---- runs and recordings -------------------------------------------------------------

  runEngine(si, overrides, seed) {
    const t0 = now();
    this.engineRuns = (this.engineRuns || 0) + 1;
    const result = this.engine.run(this.handle(si), overrides, { seed });
    const ms = now() - t0;
    return { result, ms };
  }

  // Runs the current settings unless the current recording already is them. `live` names
  // the slider being dragged: while the same drag goes on, its provisional run is replaced
  // instead of piling up recordings.
  record(live = null) {
    const S = this.S;
    const overrides = normalizeOverrides(S, this.overrides);
    this.overrides = overrides;
    const cur = this.current;
    if (cur && cur.si === this.si && cur.seed === this.seed && sameOverrides(cur.overrides, overrides)) {
      if (!live) cur.live = null;
      return cur;
    }
    let out;
    try {
      out = this.runEngine(this.si, overrides, this.seed);
    } catch (e) {
      this.showStatus(`The engine did not accept these settings: ${e.message}`, true);
      return cur;
    }
    this.lastRunMs = out.ms;
    const rec = {
      id: 0, si: this.si, scenario: S.name, seed: this.seed, overrides: { ...overrides },
      result: out.result, index: indexResult(out.result, S), ms: out.ms, variants: new Map(), live,
    };
    if (live && cur && cur.live === live && this.recordings[this.recordings.length - 1] === cur) {
      rec.id = cur.id;
      this.recordings[this.recordings.length - 1] = rec;
    } else {
      rec.id = this.nextId++;
      this.recordings.push(rec);
      while (this.recordings.length > MAX_RECORDINGS) this.recordings.shift();
    }
    this.current = rec;
    this.showStatus(`Ran ${S.name}: ${rec.index.lastTick} steps in ${out.ms.toFixed(2)} ms (run #${rec.id} recorded).`);
    return rec;
  }

  // B of side by side for a recording: same seed, the variant's one change.
  variantRun(rec) {
    const S = this.scenarios[rec.si];
    const ov = variantOverrides(S, rec.overrides, this.variant);
    const key = JSON.stringify(ov);
    if (!rec.variants.has(key)) {
      const out = this.runEngine(rec.si, ov, rec.seed);
      rec.variants.set(key, { overrides: ov, result: out.result, index: indexResult(out.result, S), ms: out.ms });
    }
    return rec.variants.get(key);
  }

  replay(id) {
    const rec = this.recordings.find((r) => r.id === Number(id));
    if (!rec) throw new Error(`no recording #${id}`);
    this.player.pause();
    if (rec.si !== this.si) this.switchScenarioUi(rec.si);
    this.seed = rec.seed;
    this.overrides = { ...rec.overrides };
    this.current = rec;
    rec.live = null;
    this.syncControls();
    this.player.setLast(rec.index.lastTick);
    this.showStatus(`Replaying run #${rec.id} as recorded (not run again).`);
    this.refresh();
  }

  // ---- settings ------------------------------------------------------------------------

  selectScenario(si) {
    this.player.pause();
    this.switchScenarioUi(si);
    const S = this.S;
    this.seed = scenarioSeed(S);
    this.overrides = {};
    this.syncControls();
    this.changed();
    this.player.seek(0);
  }

  switchScenarioUi(si) {
    this.si = si;
    const S = this.S;
    this.variant = defaultVariant(S);
    this.colors = stateColors(S.states);
    this.ui.scenario.value = String(si);
    this.ui.description.textContent = S.description || '';
    this.ui.file.textContent = S.file || '';
    this.buildControls();
    this.buildViews();
    this.watched = null;
    this.diffPair = null;
  }

  setValue(path, value, live = null) {
    this.overrides = normalizeOverrides(this.S, { ...this.overrides, [path]: value });
    this.changed(live);
  }

  setSeed(seed) {
    const text = String(seed).trim();
    if (!/^\d{1,20}$/.test(text) || BigInt(text) >= 2n ** 64n) {
      this.showStatus('The seed must be a whole number from 0 to 18446744073709551615.', true);
      this.ui.seed.value = String(this.seed);
      return;
    }
    const n = Number(text);
    this.seed = Number.isSafeInteger(n) ? n : String(BigInt(text));
    this.changed();
  }

  resetSettings() {
    this.overrides = {};
    this.seed = scenarioSeed(this.S);
    this.syncControls();
    this.changed();
  }

  changed(live = null) {
    const rec = this.record(live);
    if (!rec) return;
    this.player.setLast(rec.index.lastTick);
    this.refresh();
  }

  refresh() {
    const rec = this.current;
    if (rec && !this.watched) this.watched = defaultPairs(this.S, rec.index);
    if (rec && !this.diffPair) this.diffPair = defaultDiffPair(this.S, rec.index);
    this.syncSideControls();
    this.renderRecordings();
    this.renderCommand();
    this.renderPairChips();
    this.render();
  }

  // ---- DOM -----------------------------------------------------------------------------

  buildShell() {
    const ui = {};
    this.ui = ui;
    ui.scenario = el('select', { id: 'scenario', 'aria-label': 'scenario', onchange: (e) => this.selectScenario(Number(e.target.value)) },
      ...this.scenarios.map((s, i) => el('option', { value: String(i), text: s.name })));
    ui.seed = el('input', { id: 'seed', type: 'number', min: '0', step: '1', inputmode: 'numeric', 'aria-label': 'seed', onchange: (e) => this.setSeed(e.target.value) });
    ui.description = el('p', { class: 'description' });
    ui.file = el('code', { class: 'file' });
    ui.status = el('p', { id: 'status', class: 'status', role: 'status' });

    ui.play = el('button', { id: 'play', class: 'big primary', title: 'Play (space)', onclick: () => this.player.play() }, '▶ Play');
    ui.pause = el('button', { id: 'pause', class: 'big', title: 'Pause (space)', onclick: () => this.player.pause() }, '❚❚ Pause');
    ui.stepBack = el('button', { id: 'step-back', class: 'big', title: 'One step back (←)', onclick: () => this.player.step(-1) }, '◀ Back');
    ui.step = el('button', { id: 'step', class: 'big', title: 'One step forward (→)', onclick: () => this.player.step(1) }, 'Step ▶');
    ui.reset = el('button', { id: 'reset', class: 'big', title: 'Back to the start (Home)', onclick: () => { this.player.pause(); this.player.seek(0); } }, '↺ Reset');
    ui.speed = el('select', { id: 'speed', 'aria-label': 'speed', onchange: (e) => this.player.setSpeed(e.target.value) },
      ...SPEEDS.map((s) => el('option', { value: String(s), text: `${s} step${s > 1 ? 's' : ''} / s` })));
    ui.speed.value = String(this.player.speed);
    ui.timeline = el('div', { class: 'timeline' });
    ui.tickText = el('span', { id: 'tick-label', class: 'tick-label' });

    ui.controls = el('div', { id: 'controls' });
    ui.maps = el('div', { class: 'maps' });
    ui.mapA = el('div', { class: 'map-a' });
    ui.mapB = el('div', { class: 'map-b' });
    ui.maps.append(ui.mapA, ui.mapB);
    ui.nowTable = el('table', { id: 'now', class: 'now' });

    ui.sbsToggle = el('input', { id: 'sbs-toggle', type: 'checkbox', onchange: (e) => this.setSideBySide(e.target.checked) });
    ui.sbsWhat = el('select', { id: 'sbs-what', 'aria-label': 'what differs in B', onchange: (e) => this.pickVariantPath(e.target.value) });
    ui.sbsValue = el('span', { class: 'sbs-value' });
    ui.sbsPair = el('select', { id: 'sbs-pair', 'aria-label': 'pair', onchange: (e) => { this.diffPair = e.target.value; this.render(); } });
    ui.diffChart = el('div', { class: 'diff-box' });
    ui.diffNow = el('p', { id: 'diff-now', class: 'diff-now' });
    ui.sbsPanel = el('section', { id: 'side-by-side', class: 'panel sbs-panel' },
      el('h2', {}, el('label', {}, ui.sbsToggle, ' Side by side: A = these settings, B = the same with one change')),
      el('div', { class: 'sbs-body' },
        el('div', { class: 'sbs-row' }, el('label', { for: 'sbs-what', text: 'B differs from A in: ' }), ui.sbsWhat, ui.sbsValue),
        el('div', { class: 'sbs-row' }, el('label', { for: 'sbs-pair', text: 'Difference B − A of the alignment of: ' }), ui.sbsPair),
        el('p', { class: 'crn' },
          el('strong', { text: 'Why the difference means something: ' }),
          'A and B use the same seed, so every random draw of every mechanism (noise, exercise incidents) is the same in both runs: ',
          el('em', { text: 'common random numbers' }),
          '. The only thing that differs is the one change you picked, so the difference B − A is the effect of that change, not luck.'),
        ui.diffNow,
        ui.diffChart));

    ui.charts = el('section', { class: 'charts' });
    ui.pairChips = el('div', { id: 'pair-chips', class: 'chips' });
    ui.events = el('ol', { id: 'event-log', class: 'event-log' });

    ui.recordings = el('ol', { id: 'recordings', class: 'recordings' });
    ui.previous = el('button', { id: 'replay-previous', onclick: () => this.replayPrevious() }, '↶ Replay the previous run');

    ui.cmd = el('code', { id: 'cmdline', class: 'cmdline' });
    ui.copy = el('button', { id: 'copy-cmd', onclick: () => this.copyCommand() }, 'Copy');
    ui.downloads = el('div', { id: 'downloads', class: 'downloads' });

    const transport = el('section', { class: 'panel transport', 'aria-label': 'player' },
      el('div', { class: 'buttons' }, ui.play, ui.pause, ui.stepBack, ui.step, ui.reset,
        el('label', { class: 'speed' }, 'Speed ', ui.speed)),
      ui.timeline, ui.tickText);

    this.root.replaceChildren(
      el('header', { class: 'top' },
        el('h1', {}, 'Balance of power — classroom'),
        el('div', { class: 'pickers' },
          el('label', {}, 'Scenario ', ui.scenario),
          el('label', {}, 'Seed ', ui.seed),
          el('button', { id: 'reset-settings', onclick: () => this.resetSettings(), title: 'Every slider and switch back to the scenario\'s own values' }, 'Scenario values'))),
      el('div', { class: 'intro' }, ui.description,
        el('p', { class: 'howto' }, 'Press ', el('kbd', { text: 'space' }), ' to play or pause, ', el('kbd', { text: '←' }), ' ', el('kbd', { text: '→' }),
          ' to step. Every change of a slider or switch runs the model again (the real bpsim engine, in this page) and records the run; the timeline replays it.')),
      transport,
      ui.status,
      el('div', { class: 'layout' },
        el('aside', { class: 'panel side' }, el('h2', { text: 'Settings' }), ui.controls),
        el('main', { class: 'stage' },
          el('section', { class: 'panel map-panel' },
            el('h2', {}, 'Who lines up with whom'),
            el('p', { class: 'hint' }, 'Each bubble is a state at its position on the two axes; the bigger the bubble, the more powerful the state. States close together are aligned. A ring marks an event at this step.'),
            ui.maps,
            ui.nowTable),
          ui.sbsPanel,
          ui.charts,
          el('section', { class: 'panel' }, el('h2', { text: 'What happened (newest first)' }), ui.events),
          el('section', { class: 'panel' },
            el('h2', { text: 'Recorded runs' }),
            el('p', { class: 'hint' }, 'Every change records a new run. Replay shows a run exactly as it was recorded, without running it again.'),
            ui.previous, ui.recordings),
          el('section', { class: 'panel' },
            el('h2', { text: 'Take this run home' }),
            el('p', { class: 'hint' }, 'This command runs the same thing with bpsim on a computer and writes the same CSV files:'),
            el('div', { class: 'cmd-row' }, ui.cmd, ui.copy),
            ui.downloads))),
      el('footer', {}, `bpsim ${(this.data.bpsim && this.data.bpsim.version) || ''} — the model runs in this page; nothing is sent anywhere.`));
    this.renderDownloads();
  }

  buildControls() {
    const S = this.S;
    const box = this.ui.controls;
    this.controlEls = new Map();
    const groups = ['events', 'traits', 'parameters'];
    const parts = [];
    if (S.events.length) {
      parts.push(el('fieldset', { class: 'group toggles' },
        el('legend', { text: 'Switch events on or off' }),
        ...S.events.map((ev) => {
          const input = el('input', { type: 'checkbox', 'data-path': ev.path, id: `ctl-${ev.path}`,
            onchange: (e) => this.setValue(ev.path, e.target.checked) });
          this.controlEls.set(ev.path, { input, kind: 'toggle' });
          return el('div', { class: 'toggle' },
            el('label', { for: `ctl-${ev.path}` }, input, ' ', ev.label),
            el('p', { class: 'explain', text: ev.help || '' }));
        })));
    }
    for (const g of groups) {
      const cs = S.controls.filter((c) => (c.group || 'parameters') === g);
      if (!cs.length) continue;
      parts.push(el('fieldset', { class: 'group sliders' },
        el('legend', { text: groupTitles[g] || g }),
        ...cs.map((c) => this.sliderEl(c))));
    }
    const other = S.controls.filter((c) => !groups.includes(c.group || 'parameters'));
    if (other.length) parts.push(el('fieldset', { class: 'group sliders' }, el('legend', { text: 'Other' }), ...other.map((c) => this.sliderEl(c))));
    box.replaceChildren(...parts);
  }

  sliderEl(c) {
    const id = `ctl-${c.path}`;
    const out = el('output', { class: 'value', for: id });
    const input = el('input', {
      id, type: 'range', 'data-path': c.path, min: String(c.min), max: String(c.max), step: String(c.step),
      oninput: (e) => {
        const v = roundToStep(e.target.value, c.step);
        out.textContent = fmt(v, 4);
        this.setValue(c.path, v, c.path);
      },
      onchange: (e) => {
        const v = roundToStep(e.target.value, c.step);
        this.setValue(c.path, v, null);
        if (this.current) this.current.live = null;
        this.renderRecordings();
      },
    });
    const dflt = el('span', { class: 'default', text: `scenario: ${fmt(c.value, 4)}` });
    this.controlEls.set(c.path, { input, out, kind: 'slider', control: c });
    return el('div', { class: 'slider' },
      el('div', { class: 'slider-head' }, el('label', { for: id, text: c.label }), out),
      input,
      el('p', { class: 'explain' }, explain(c), ' ', dflt));
  }

  syncControls() {
    const S = this.S;
    for (const [path, c] of this.controlEls) {
      const v = currentValue(S, this.overrides, path);
      if (c.kind === 'toggle') c.input.checked = v !== false;
      else {
        c.input.value = String(v);
        c.out.textContent = fmt(Number(v), 4);
        c.input.classList.toggle('changed', Object.prototype.hasOwnProperty.call(this.overrides, path));
      }
    }
    this.ui.seed.value = String(this.seed);
  }

  buildViews() {
    for (const v of this.views || []) v.dispose();
    const S = this.S;
    const ui = this.ui;
    ui.mapA.replaceChildren();
    ui.mapB.replaceChildren();
    ui.charts.replaceChildren();
    ui.diffChart.replaceChildren();
    this.mapA = new LiveMap(ui.mapA, S, this.colors, { id: 'map-a', title: 'Alignment map' });
    this.mapB = new LiveMap(ui.mapB, S, this.colors, { id: 'map-b', title: 'B', height: 470 });
    this.chartPairs = new LiveSeries(ui.charts, S, { id: 'pairs', title: 'Alignment of the watched pairs', subtitle: 'Alignment score: +1 = same position, −1 = opposite corners.', yMin: -1, yMax: 1, zeroLine: true });
    this.chartPairs.handle.extra.appendChild(ui.pairChips);
    this.chartPower = new LiveSeries(ui.charts, S, { id: 'power', title: 'Power shares', subtitle: 'Each state\'s share of all power (the shares add up to 1).', yMin: 0 });
    this.chartRatio = new LiveSeries(ui.charts, S, { id: 'ratios', title: 'Power ratios of the watched pairs', subtitle: 'How many times stronger the first state of a pair is than the second.', yMin: 0 });
    this.chartPoles = new LiveSeries(ui.charts, S, { id: 'poles', title: 'Concentration and effective poles', subtitle: 'Concentration (left axis): 1 = one state has all the power. Effective poles (right axis): how many equally strong powers the world is like.', yMin: 0, yMax: 1, yName: 'concentration', y2: { name: 'poles', min: 1 } });
    this.diff = new LiveSeries(ui.diffChart, S, { id: 'diff', title: 'Difference B − A', height: 340, zeroLine: true });
    this.eventLog = new EventLog(ui.events, S);
    this.views = [this.mapA, this.mapB, this.chartPairs, this.chartPower, this.chartRatio, this.chartPoles, this.diff];
    ui.timeline.replaceChildren();
    this.scrub = scrubber(ui.timeline, { labels: S.tick_labels, onChange: (t) => { this.player.pause(); this.player.seek(t); } });
    this.scrub.input.id = 'scrubber';
    this.scrub.button.hidden = true;   // the page's own Play button drives the player
  }

  // ---- side by side ---------------------------------------------------------------------

  setSideBySide(on) {
    this.sideBySide = !!on;
    this.ui.sbsToggle.checked = this.sideBySide;
    this.root.classList.toggle('sbs', this.sideBySide);
    this.mapA.setHeight(this.sideBySide ? 470 : 540);
    this.syncSideControls();
    this.render();
    // the maps change size when B appears or goes
    requestAnimationFrame(() => { for (const v of this.views) v.resize(); });
  }

  pickVariantPath(path) {
    const S = this.S;
    const ev = S.events.find((e) => e.path === path);
    if (ev) {
      const a = currentValue(S, this.overrides, path);
      this.variant = { path, value: !(a !== false) };
    } else {
      const c = S.controls.find((x) => x.path === path);
      const a = Number(currentValue(S, this.overrides, path));
      this.variant = { path, value: a === c.min ? c.max : c.min };
    }
    this.syncSideControls();
    this.render();
  }

  setVariant(path, value) {
    this.variant = { path, value };
    this.syncSideControls();
    this.render();
  }

  syncSideControls() {
    const S = this.S;
    const ui = this.ui;
    const v = this.variant;
    const opts = [
      ...S.events.map((e) => el('option', { value: e.path, text: `event: ${e.label}` })),
      ...S.controls.map((c) => el('option', { value: c.path, text: c.label })),
    ];
    ui.sbsWhat.replaceChildren(...opts);
    if (v) ui.sbsWhat.value = v.path;
    // B's value for the chosen path
    if (!v) { ui.sbsValue.replaceChildren(); return; }
    const ev = S.events.find((e) => e.path === v.path);
    if (ev) {
      const sel = el('select', { id: 'sbs-event-value', 'aria-label': 'B: event on or off', onchange: (e) => this.setVariant(v.path, e.target.value === 'on') },
        el('option', { value: 'off', text: 'switched OFF in B' }), el('option', { value: 'on', text: 'switched ON in B' }));
      sel.value = v.value ? 'on' : 'off';
      ui.sbsValue.replaceChildren(sel);
    } else {
      const c = S.controls.find((x) => x.path === v.path);
      const out = el('output', { class: 'value', text: fmt(v.value, 4) });
      const r = el('input', { id: 'sbs-slider-value', type: 'range', min: String(c.min), max: String(c.max), step: String(c.step), value: String(v.value), 'aria-label': 'B: value',
        oninput: (e) => { const x = roundToStep(e.target.value, c.step); out.textContent = fmt(x, 4); this.variant = { path: v.path, value: x }; this.render(); } });
      ui.sbsValue.replaceChildren(' B: ', r, ' ', out);
    }
    const idx = this.current && this.current.index;
    if (idx) {
      ui.sbsPair.replaceChildren(...idx.pairs.map((p) => el('option', { value: p.key, text: `${p.a} – ${p.b}` })));
      if (this.diffPair) ui.sbsPair.value = this.diffPair;
    }
  }

  // ---- rendering -----------------------------------------------------------------------

  renderTransport() {
    const p = this.player;
    this.ui.play.disabled = p.playing;
    this.ui.pause.disabled = !p.playing;
    this.root.classList.toggle('playing', p.playing);
  }

  render() {
    const rec = this.current;
    if (!rec) return;
    const S = this.S;
    const idx = rec.index;
    const t = Math.min(this.player.tick, idx.lastTick);
    const ui = this.ui;
    this.scrub.input.max = String(idx.lastTick);
    this.scrub.set(t, false);
    ui.tickText.textContent = `${tickLabel(S.tick_labels, t)} · step ${t} of ${idx.lastTick}`;
    this.renderTransport();

    this.mapA.setRecording(idx);
    this.mapA.setTick(t);
    this.mapA.setTitle(this.sideBySide ? `A: ${describeOverrides(S, rec.overrides)}` : 'Alignment map');
    let B = null;
    if (this.sideBySide) {
      try {
        B = this.variantRun(rec);
      } catch (e) {
        this.showStatus(`B could not run: ${e.message}`, true);
      }
      if (B) {
        this.mapB.setRecording(B.index);
        this.mapB.setTick(t);
        this.mapB.setTitle(`B: ${describeSetting(S, this.variant.path, this.variant.value)}`);
      }
    }
    this.B = B;

    // a pair of the focus state takes the other state's colour (CHN-RUS is China's green)
    const focus = focusState(S);
    const colorOfPair = (k, i) => {
      const { a, b } = idx.pairOf[k];
      const other = a === focus ? b : b === focus ? a : null;
      return other ? colorFor(this.colors, other, S.states.findIndex((s) => s.id === other)) : PALETTE[(i + 8) % PALETTE.length];
    };
    const watched = (this.watched || []).filter((k) => idx.alignment[k]);
    this.chartPairs.update(watched.map((k, i) => ({ name: pairName(idx, k), color: colorOfPair(k, i), data: idx.alignment[k] })), t, idx.ticks);
    this.chartPower.update(S.states.map((s, i) => ({ name: s.id, color: colorFor(this.colors, s.id, i), data: idx.power[s.id] })), t, idx.ticks);
    this.chartRatio.update(watched.map((k, i) => ({ name: pairName(idx, k, ' / '), color: colorOfPair(k, i), data: idx.ratio[k] })), t, idx.ticks);
    const w = idx.world;
    this.chartPoles.update([
      { name: 'concentration', color: '#332288', data: w.concentration || [] },
      { name: 'effective poles', color: '#B8A300', data: w.effective_poles || [], axis: 1 },
    ], t, idx.ticks);
    this.eventLog.update(idx, t);
    this.renderNow(idx, t, B);

    if (B && this.diffPair && idx.alignment[this.diffPair]) {
      const a = idx.alignment[this.diffPair];
      const b = B.index.alignment[this.diffPair];
      const d = a.map((x, i) => b[i] - x);
      const name = pairName(idx, this.diffPair);
      this.diff.update([
        { name: `B − A: ${name}`, color: '#D55E00', data: d, width: 4 },
        { name: `A: ${name}`, color: '#0072B2', data: a, width: 2, dashed: true },
        { name: `B: ${name}`, color: '#009E73', data: b, width: 2, dashed: true },
      ], t, idx.ticks);
      this.diff.handle.card.querySelector('.bp-card-title').textContent = `Difference B − A: ${name} alignment`;
      ui.diffNow.textContent = `At ${tickLabel(S.tick_labels, t)}: ${name} alignment is ${fmtSigned(a[t])} in A and ${fmtSigned(b[t])} in B, a difference B − A of ${fmtSigned(d[t])}.`;
    }
  }

  renderNow(idx, t, B) {
    const rows = (this.watched || []).filter((k) => idx.alignment[k]).map((k) => el('tr', {},
      el('th', { text: pairName(idx, k) }),
      el('td', { text: fmtSigned(idx.alignment[k][t]) }),
      el('td', { text: fmt(idx.ratio[k][t], 3) }),
      ...(B ? [el('td', { text: fmtSigned(B.index.alignment[k][t]) })] : [])));
    this.ui.nowTable.replaceChildren(
      el('thead', {}, el('tr', {}, el('th', { text: 'pair' }), el('th', { text: 'alignment' }), el('th', { text: 'power ratio' }),
        ...(B ? [el('th', { text: 'alignment in B' })] : []))),
      el('tbody', {}, ...rows));
  }

  renderPairChips() {
    const idx = this.current && this.current.index;
    if (!idx) return;
    const chips = (this.watched || []).map((k) => el('span', { class: 'chip' }, pairName(idx, k),
      el('button', { class: 'chip-x', title: `stop watching ${k}`, 'aria-label': `remove ${k}`, onclick: () => { this.watched = this.watched.filter((x) => x !== k); this.renderPairChips(); this.render(); } }, '×')));
    const add = el('select', { id: 'add-pair', 'aria-label': 'watch another pair', onchange: (e) => {
      if (e.target.value) { this.watched = [...this.watched, e.target.value]; this.renderPairChips(); this.render(); }
    } }, el('option', { value: '', text: '+ watch a pair…' }),
    ...idx.pairs.filter((p) => !(this.watched || []).includes(p.key)).map((p) => el('option', { value: p.key, text: `${p.a} – ${p.b}` })));
    this.ui.pairChips.replaceChildren(...chips, add);
  }

  renderRecordings() {
    const items = this.recordings.slice().reverse().map((r) => {
      const isCur = r === this.current;
      const Sr = this.scenarios[r.si];
      return el('li', { class: isCur ? 'rec current' : 'rec', 'data-id': String(r.id) },
        el('button', { class: 'replay', 'data-id': String(r.id), disabled: isCur, onclick: () => this.replay(r.id) }, isCur ? 'showing' : 'Replay'),
        el('span', { class: 'rec-name', text: `#${r.id} ${Sr.name}, seed ${r.seed}: ` }),
        el('span', { class: 'rec-desc', text: describeOverrides(Sr, r.overrides) }));
    });
    this.ui.recordings.replaceChildren(...items);
    this.ui.previous.disabled = !this.previousRecording();
  }

  previousRecording() {
    const i = this.recordings.indexOf(this.current);
    if (i > 0) return this.recordings[i - 1];
    if (i < 0 && this.recordings.length) return this.recordings[this.recordings.length - 1];
    return null;
  }

  replayPrevious() {
    const p = this.previousRecording();
    if (p) this.replay(p.id);
  }

  command() {
    return commandLine(this.S, this.seed, this.overrides);
  }

  renderCommand() {
    this.ui.cmd.textContent = this.command();
  }

  copyCommand() {
    const text = this.command();
    const done = () => this.showStatus('Command copied.');
    const fallback = () => {
      const range = document.createRange();
      range.selectNodeContents(this.ui.cmd);
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      try { document.execCommand('copy'); done(); } catch { this.showStatus('Select the command and copy it with Ctrl+C.'); }
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  }

  renderDownloads() {
    const files = ['states.csv', 'dyads.csv', 'world.csv', 'events.csv'];
    this.ui.downloads.replaceChildren(
      el('button', { id: 'download-all', class: 'primary', onclick: () => this.downloadAll() }, '↓ Download this run (CSV files + command)'),
      el('span', { class: 'one-by-one' }, 'or one file: ',
        ...files.map((f) => el('button', { class: 'download', 'data-file': f, onclick: () => this.download(f) }, f)),
        el('button', { class: 'download', 'data-file': 'command', onclick: () => this.download('command') }, 'command')));
  }

  filePrefix() { return `${this.S.name}-seed${this.seed}`; }

  csvFiles() {
    return this.engine.csv(this.handle(this.si), this.overrides, { seed: this.seed });
  }

  download(name) {
    let text;
    let fname;
    if (name === 'command') {
      text = `#!/bin/sh\n# reproduces run #${this.current ? this.current.id : '?'} of the classroom page\n${this.command()}\n`;
      fname = `${this.filePrefix()}-command.sh`;
    } else {
      const files = this.csvFiles();
      text = files[name];
      if (text === undefined) { this.showStatus(`the engine gave no ${name}`, true); return; }
      fname = `${this.filePrefix()}-${name}`;
    }
    saveText(fname, text, name === 'command' ? 'text/x-shellscript' : 'text/csv');
  }

  downloadAll() {
    const files = this.csvFiles();
    const names = Object.keys(files);
    let i = 0;
    const next = () => {
      if (i < names.length) { saveText(`${this.filePrefix()}-${names[i]}`, files[names[i]], 'text/csv'); i++; setTimeout(next, 150); }
      else this.download('command');
    };
    next();
  }

  showStatus(text, error = false) {
    this.ui.status.textContent = text;
    this.ui.status.classList.toggle('error', error);
  }

  onKey(e) {
    const t = e.target;
    const tag = t && t.tagName;
    if (tag === 'SELECT' || tag === 'TEXTAREA') return;
    if (tag === 'INPUT' && !['button', 'submit'].includes(t.type)) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === ' ' || e.code === 'Space') { e.preventDefault(); this.player.toggle(); }
    else if (e.key === 'ArrowRight') { e.preventDefault(); this.player.step(1); }
    else if (e.key === 'ArrowLeft') { e.preventDefault(); this.player.step(-1); }
    else if (e.key === 'Home') { e.preventDefault(); this.player.pause(); this.player.seek(0); }
    else if (e.key === 'End') { e.preventDefault(); this.player.pause(); this.player.seek(this.player.last); }
  }

  // ---- for window.bpsim ----------------------------------------------------------------

  state() {
    return {
      scenario: this.S.name,
      tick: this.player.tick,
      playing: this.player.playing,
      seed: this.seed,
      overrides: { ...this.overrides },
      recordings: this.recordings.length,
      recording: this.current ? this.current.id : null,
      sideBySide: this.sideBySide,
      variant: this.variant ? { ...this.variant } : null,
      diffPair: this.diffPair,
      command: this.command(),
      lastRunMs: this.lastRunMs,
      engineRuns: this.engineRuns || 0,
    };
  }

  shown() {
    const rec = this.current;
    if (!rec) return null;
    const idx = rec.index;
    const t = Math.min(this.player.tick, idx.lastTick);
    const keys = [...new Set([...(this.watched || []), ...(this.diffPair ? [this.diffPair] : [])])].filter((k) => idx.alignment[k]);
    const out = {
      tick: t,
      label: tickLabel(this.S.tick_labels, t),
      recording: rec.id,
      positions: this.mapA.positions(),
      pairs: Object.fromEntries(keys.map((k) => [k, idx.alignment[k].slice(0, t + 1)])),
    };
    if (this.sideBySide && this.B && this.diffPair) {
      const a = idx.alignment[this.diffPair];
      const b = this.B.index.alignment[this.diffPair];
      out.diffPair = this.diffPair;
      out.diff = a.slice(0, t + 1).map((x, i) => b[i] - x);
      out.positionsB = this.mapB.positions();
      out.variantOverrides = { ...this.B.overrides };
    }
    return out;
  }

  // The rows of a recording (default: the one shown), exactly as the page keeps them.
  recordingRows(id) {
    const rec = id === undefined ? this.current : this.recordings.find((r) => r.id === Number(id));
    if (!rec) return null;
    const r = rec.result;
    return { id: rec.id, scenario: rec.scenario, seed: rec.seed, overrides: { ...rec.overrides }, states: r.states, dyads: r.dyads, world: r.world, events: r.events, columns: r.columns };
  }

  recordingsList() {
    return this.recordings.map((r) => ({ id: r.id, scenario: r.scenario, seed: r.seed, overrides: { ...r.overrides }, ms: r.ms, current: r === this.current }));
  }

  runFor(name, overrides = {}, opts = {}) {
    const si = this.scenarioIndex(name);
    return this.engine.run(this.handle(si), overrides, opts);
  }
}

// The scenario's seed (the resolved JSON writes it as a string: JavaScript numbers hold
// 53 bits); a number when it fits one exactly, else the string.
function scenarioSeed(S) {
  const s = S.scenario && S.scenario.seed !== undefined ? S.scenario.seed : 1;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : String(s);
}

function saveText(name, text, type) {
  download(name, new Blob([text], { type }));
}
