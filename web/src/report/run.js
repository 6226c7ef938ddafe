// The report of one run: alignment map with scrubber, watched pairs, power, system
// measures, events, attribution.
import { parseTable, groupBy } from '../common/csv.js';
import { fileText } from '../common/data.js';
import { el, fmt, tickLabel } from '../common/format.js';
import { pca2 } from '../common/pca.js';
import {
  createChart, lineOption, barOption, alignmentMap, scrubber, stateColors, colorFor,
  PALETTE, eventColor, eventLabel,
} from '../charts/index.js';
import { pairPicker, statePicker, sectionTitle, tableOf, ticksOf, firstTicks } from './widgets.js';

export function requireTable(data, name) {
  const text = fileText(data, name);
  if (text === null) throw new Error(`the report data has no ${name}`);
  return parseTable(text);
}

// Pairs of dyads.csv in file order, each with its rows by tick.
export function dyadSeries(dyads, metric, nTicks) {
  const pairs = new Map();
  const a = dyads.col('a');
  const b = dyads.col('b');
  const tick = dyads.col('tick');
  const v = dyads.col(metric);
  for (let i = 0; i < dyads.length; i++) {
    const key = `${a[i]}-${b[i]}`;
    let p = pairs.get(key);
    if (!p) { p = { key, a: a[i], b: b[i], data: new Array(nTicks).fill(null) }; pairs.set(key, p); }
    if (tick[i] >= 0 && tick[i] < nTicks) p.data[tick[i]] = v[i];
  }
  return [...pairs.values()];
}

export function mostChanged(series, n) {
  const change = (s) => {
    const vals = s.data.filter((x) => x !== null && Number.isFinite(x));
    return vals.length ? Math.abs(vals[vals.length - 1] - vals[0]) : 0;
  };
  return [...series].sort((x, y) => change(y) - change(x)).slice(0, n).map((s) => s.key);
}

// events.csv actors: "BY1;BY2>TARGET" (sanctions, engagement), "SELLER;BUYER" (sales),
// "P1;P2;..." (exercises), "THIRD;PARTICIPANT" (incidents).
export function actorsOf(s) {
  const text = String(s || '');
  const [by, target] = text.split('>');
  const byList = by.split(';').filter(Boolean);
  const actorsList = target ? [...byList, ...target.split(';').filter(Boolean)] : byList;
  return { actorsList, actorsText: target ? `${byList.join(', ')} → ${target.split(';').join(', ')}` : byList.join(', ') };
}

export function renderRun(grid, data, ctx) {
  const labels0 = data.tick_labels || [];
  const states = requireTable(data, 'states.csv');
  const dyads = requireTable(data, 'dyads.csv');
  const world = requireTable(data, 'world.csv');
  const eventsText = fileText(data, 'events.csv');
  const events = eventsText !== null ? parseTable(eventsText) : null;
  const attrText = fileText(data, 'attribution.csv');

  const ticks = ticksOf(states.col('tick'));
  const nTicks = Math.max(labels0.length, ticks.length ? ticks[ticks.length - 1] + 1 : 0);
  const labels = Array.from({ length: nTicks }, (_, t) => tickLabel(labels0, t));
  const stateList = (data.states && data.states.length ? data.states : [...new Set(states.col('state'))].map((id) => ({ id, name: id })));
  const colors = stateColors(stateList);
  const axes = data.axes && data.axes.length ? data.axes : states.columns.slice(-2);
  for (const ax of axes) if (!states.has(ax)) throw new Error(`states.csv has no column for the alignment axis '${ax}'`);

  // ---- frames of the map
  const rows = states.rows;
  const byTick = groupBy(rows, 'tick');
  let project = null;
  let note = '';
  let xName = axes[0];
  let yName = axes[1] || '';
  let extent = { x: [-1, 1], y: [-1, 1] };
  if (axes.length > 2) {
    const pts = rows.map((r) => axes.map((a) => r[a]));
    const p = pca2(pts);
    project = (r) => p.project(axes.map((a) => r[a]));
    const ex = p.explained.map((f) => `${Math.round(f * 100)}%`);
    note = `PCA projection of ${axes.length} axes (${axes.join(', ')}) over all ticks: PC1 ${ex[0]}, PC2 ${ex[1]} of the variance`;
    xName = `PC1 (${ex[0]})`;
    yName = `PC2 (${ex[1]})`;
    let lo = Infinity;
    let hi = -Infinity;
    for (const q of pts.map((x) => p.project(x))) for (const v of q) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    const pad = (hi - lo) * 0.12 || 0.1;
    extent = { x: [lo - pad, hi + pad], y: [lo - pad, hi + pad] };
  }
  const frames = Array.from({ length: nTicks }, (_, t) => (byTick.get(t) || []).map((r) => {
    if (project) {
      const [x, y] = project(r);
      return { id: r.state, x, y, power: r.power };
    }
    return { id: r.state, x: r[axes[0]], y: axes.length > 1 ? r[axes[1]] : 0, power: r.power };
  }));
  const links = Array.from({ length: nTicks }, () => []);
  {
    const t = dyads.col('tick');
    const a = dyads.col('a');
    const b = dyads.col('b');
    const rel = dyads.col('relation');
    for (let i = 0; i < dyads.length; i++) if (rel[i] !== null && rel[i] >= 0.5 && links[t[i]]) links[t[i]].push({ a: a[i], b: b[i], value: rel[i] });
  }
  const evByTick = Array.from({ length: nTicks }, () => []);
  const evRows = events ? events.rows.map((r) => ({ ...r, ...actorsOf(r.actors) })) : [];
  for (const e of evRows) if (evByTick[e.tick]) evByTick[e.tick].push({ kind: e.kind, actors: e.actorsList, text: e.actorsText, detail: e.detail });

  sectionTitle(grid, 'Alignment and asymmetry');
  let map = null;
  let scrub = null;
  const tableHooks = [];
  ctx.guard('the alignment map', () => {
    map = alignmentMap(grid, {
      id: 'alignment-map',
      title: 'Alignment map',
      subtitle: `${project ? 'States in a 2-D projection of alignment space' : `States in alignment space (${axes[0]} across, ${axes[1] || '–'} up)`}; bubble area ∝ power; a line joins two states whose relation is ≥ 0.5; rings mark the events of the tick.`,
      states: stateList, colors, frames, links, events: evByTick, xName, yName, extent, note, labels,
      tick: 0,
    });
    const now = el('div', { class: 'bp-now', 'aria-live': 'polite' });
    const showNow = (t) => {
      now.replaceChildren();
      const list = evByTick[t] || [];
      if (!list.length) { now.appendChild(el('span', { class: 'bp-now-item', text: `${labels[t]}: no events` })); return; }
      const counts = new Map();
      for (const e of list) counts.set(e.kind, (counts.get(e.kind) || 0) + 1);
      now.appendChild(el('span', { class: 'bp-now-item' }, el('b', { text: `${labels[t]}:` })));
      // A kind with more than 2 events at this tick (arms sales and supply contracts act
      // every tick) as one count; the others one by one.
      const flow = (k) => counts.get(k) > 2;
      for (const e of list.filter((x) => !flow(x.kind)).slice(0, 12)) {
        now.appendChild(el('span', { class: 'bp-now-item' }, el('span', { class: 'bp-chip', style: { background: eventColor(e.kind) }, text: eventLabel(e.kind) }), ` ${e.text}`));
      }
      for (const [k, n] of counts) {
        if (flow(k)) now.appendChild(el('span', { class: 'bp-now-item' }, el('span', { class: 'bp-chip', style: { background: eventColor(k) }, text: eventLabel(k) }), ` ×${n}`));
      }
    };
    scrub = scrubber(map.chart.extra, {
      labels,
      value: 0,
      interval: 450,
      onChange: (t) => { map.setTick(t); showNow(t); for (const f of tableHooks) f(t); },
    });
    map.chart.extra.appendChild(now);
    showNow(0);
  });

  // ---- alignment of pairs
  const alignSeries = dyadSeries(dyads, 'alignment', nTicks);
  const pairColor = new Map(alignSeries.map((s, i) => [s.key, PALETTE[i % PALETTE.length]]));
  const defaults = mostChanged(alignSeries, 6);
  const sanctionMarks = firstTicks(evRows, ['sanctions', 'engagement'], labels);
  ctx.guard('the alignment scores', () => {
    const c = createChart(grid, {
      id: 'pair-alignment', title: 'Alignment score of pairs',
      subtitle: `S = 1 − 2‖aᵢ − aⱼ‖/dmax: +1 same position, −1 opposite. ${alignSeries.length} pairs in dyads.csv; shown by default the ${Math.min(6, alignSeries.length)} whose score changed most.`,
      height: 340,
    });
    const draw = (keys) => c.setOption(lineOption({
      labels, yName: 'alignment score', yMin: -1, yMax: 1, marks: sanctionMarks,
      series: alignSeries.filter((s) => keys.includes(s.key)).map((s) => ({ name: s.key, data: s.data, color: pairColor.get(s.key) })),
    }));
    pairPicker(c.controls, alignSeries.map((s) => s.key), defaults, draw);
    draw(defaults);
  });

  ctx.guard('the power ratios', () => {
    const ratio = dyadSeries(dyads, 'power_ratio', nTicks);
    const c = createChart(grid, { id: 'power-ratios', title: 'Power ratios of pairs', subtitle: 'Power of a / power of b (pairs as in dyads.csv, a–b); log scale.', height: 340 });
    const draw = (keys) => {
      const opt = lineOption({ labels, yName: 'power ratio a / b', marks: sanctionMarks, series: ratio.filter((s) => keys.includes(s.key)).map((s) => ({ name: s.key, data: s.data, color: pairColor.get(s.key) })) });
      const positive = ratio.every((s) => s.data.every((v) => v === null || v > 0));
      if (positive) { opt.yAxis.type = 'log'; opt.yAxis.scale = true; opt.yAxis.logBase = 10; }
      c.setOption(opt);
    };
    pairPicker(c.controls, ratio.map((s) => s.key), defaults, draw);
    draw(defaults);
  });

  // ---- power shares
  sectionTitle(grid, 'Power and the system');
  ctx.guard('the power shares', () => {
    const pw = new Map(stateList.map((s) => [s.id, new Array(nTicks).fill(null)]));
    for (const r of rows) { if (!pw.has(r.state)) pw.set(r.state, new Array(nTicks).fill(null)); pw.get(r.state)[r.tick] = r.power; }
    const c = createChart(grid, { id: 'power-shares', title: 'Power shares', subtitle: 'Each state’s weighted capability share (they sum to 1), stacked.', height: 340 });
    c.setOption(lineOption({
      labels, yName: 'share of power', percent: true, yMin: 0, yMax: 1, marks: sanctionMarks,
      series: [...pw].map(([id, d], i) => ({ name: id, data: d, color: colorFor(colors, id, i), stack: 'power', area: true, width: 1 })),
    }));
  });

  ctx.guard('the system measures', () => {
    const wt = world.col('tick');
    const col = (name) => { const out = new Array(nTicks).fill(null); const v = world.col(name); for (let i = 0; i < world.length; i++) out[wt[i]] = v[i]; return out; };
    const c = createChart(grid, { id: 'concentration', title: 'Concentration and effective poles', subtitle: 'Concentration: Herfindahl index of power shares (left axis); effective poles = 1 / concentration (right axis).', height: 340 });
    const opt = lineOption({
      labels, marks: sanctionMarks,
      series: [
        { name: 'concentration', data: col('concentration'), color: '#0072B2' },
        { name: 'effective poles', data: col('effective_poles'), color: '#D55E00', dashed: true },
      ],
    });
    opt.yAxis = [
      { ...opt.yAxis, name: 'concentration' },
      { ...opt.yAxis, name: 'effective poles', nameTextStyle: { align: 'right', fontSize: 12, color: '#555' }, position: 'right', splitLine: { show: false } },
    ];
    opt.grid.right = 56;
    opt.series[1].yAxisIndex = 1;
    c.setOption(opt);
  });

  // ---- events
  if (events) {
    sectionTitle(grid, 'Events');
    ctx.guard('the event timeline', () => {
      const kinds = [...new Set(evRows.map((e) => e.kind))];
      const counts = new Map(kinds.map((k) => [k, new Array(nTicks).fill(0)]));
      for (const e of evRows) if (e.tick >= 0 && e.tick < nTicks) counts.get(e.kind)[e.tick]++;
      const c = createChart(grid, { id: 'event-timeline', title: 'Event timeline', subtitle: `${evRows.length} events (events.csv), by kind and tick; blocked sales carry their reason in the table below. Click a row to move the map there.`, height: 300, wide: true });
      c.setOption(barOption({
        categories: labels, valueName: 'events',
        series: kinds.map((k) => ({ name: eventLabel(k), data: counts.get(k), color: eventColor(k), stack: 'events' })),
      }));
      // filterable table
      const kindSel = el('select', { 'data-filter': 'kind', 'aria-label': 'Event kind' }, el('option', { value: '', text: 'all kinds' }), ...kinds.map((k) => el('option', { value: k, text: eventLabel(k) })));
      const actorSel = el('select', { 'data-filter': 'actor', 'aria-label': 'Actor' }, el('option', { value: '', text: 'all actors' }), ...stateList.map((s) => el('option', { value: s.id, text: s.id })));
      const text = el('input', { type: 'search', placeholder: 'filter text…', 'data-filter': 'text', 'aria-label': 'Filter text' });
      const onlyNow = el('input', { type: 'checkbox', 'data-filter': 'now' });
      c.controls.append(el('label', {}, 'kind', kindSel), el('label', {}, 'actor', actorSel), text, el('label', {}, onlyNow, 'this tick only'));
      const count = el('p', { class: 'bp-count' });
      const wrap = el('div', { class: 'bp-table-wrap' });
      c.extra.append(count, wrap);
      const cols = [
        { key: 'tick', label: 'tick', num: true },
        { key: 'when', label: 'date' },
        { key: 'kind', label: 'kind' },
        { key: 'actors', label: 'actors' },
        { key: 'detail', label: 'detail' },
      ];
      const LIMIT = 500;
      const refresh = () => {
        const k = kindSel.value;
        const a = actorSel.value;
        const q = text.value.trim().toLowerCase();
        const now = scrub ? scrub.get() : null;
        const sel = evRows.filter((e) => (!k || e.kind === k) && (!a || e.actorsList.includes(a)) &&
          (!q || `${e.kind} ${e.actors} ${e.detail || ''} ${labels[e.tick]}`.toLowerCase().includes(q)) &&
          (!onlyNow.checked || e.tick === now));
        count.textContent = `${sel.length} of ${evRows.length} events${sel.length > LIMIT ? ` (first ${LIMIT} shown)` : ''}`;
        const t = tableOf(cols, sel.slice(0, LIMIT).map((e) => ({
          tick: e.tick, when: labels[e.tick], kind: eventLabel(e.kind), actors: e.actorsText, detail: e.detail || '',
          _class: `bp-clickable${e.kind === 'blocked_sale' ? ' bp-blocked' : ''}${e.tick === now ? ' bp-current' : ''}`, _tick: e.tick,
        })), { rowAttr: 'data-tick' });
        t.setAttribute('data-table', 'events');
        t.addEventListener('click', (ev) => {
          const tr = ev.target.closest('tr[data-tick]');
          if (tr && scrub) scrub.set(Number(tr.getAttribute('data-tick')));
        });
        wrap.replaceChildren(t);
      };
      for (const x of [kindSel, actorSel, onlyNow]) x.addEventListener('change', refresh);
      text.addEventListener('input', refresh);
      tableHooks.push(() => { if (onlyNow.checked) refresh(); else for (const tr of wrap.querySelectorAll('tr[data-tick]')) tr.classList.toggle('bp-current', Number(tr.getAttribute('data-tick')) === scrub.get()); });
      refresh();
    });
  }

  // ---- attribution
  if (attrText !== null) {
    sectionTitle(grid, 'Where the changes came from');
    ctx.guard('the attribution', () => {
      const attr = parseTable(attrText);
      const mechs = [...new Set(attr.col('mechanism'))];
      const mcolor = new Map(mechs.map((m, i) => [m, PALETTE[i % PALETTE.length]]));
      const ids = [...new Set(attr.col('state'))];
      const byState = groupBy(attr.rows, 'state');
      const c = createChart(grid, {
        id: 'attribution', title: 'Attribution of each step, by mechanism',
        subtitle: 'attribution.csv: the change of the chosen state’s alignment (or power) in each step, split by mechanism (ODD §7.12).',
        height: 380, wide: true,
      });
      let state = ids.includes('RUS') ? 'RUS' : ids[0];
      let metric = 'd_alignment';
      const draw = () => {
        const series = mechs.map((m) => ({ name: m, data: new Array(nTicks).fill(null), color: mcolor.get(m), stack: 'mech' }));
        const idx = new Map(mechs.map((m, i) => [m, i]));
        for (const r of byState.get(state) || []) series[idx.get(r.mechanism)].data[r.tick] = r[metric];
        // mechanisms that never contribute for this state are left out of the legend
        const used = series.filter((s) => s.data.some((v) => v !== null && v !== 0));
        c.setOption(barOption({ categories: labels, valueName: metric === 'd_alignment' ? 'alignment change per step' : 'power change per step', series: used.length ? used : series.slice(0, 1) }));
      };
      statePicker(c.controls, ids, state, (s) => { state = s; draw(); }, 'state');
      const msel = el('select', { 'data-picker': 'metric', 'aria-label': 'Quantity' }, el('option', { value: 'd_alignment', text: 'alignment change' }), el('option', { value: 'd_power', text: 'power change' }));
      msel.addEventListener('change', () => { metric = msel.value; draw(); });
      c.controls.appendChild(el('label', {}, 'show', msel));
      draw();
    });
  }

  return {
    map: map && {
      tick: () => map.tick(),
      setTick: (t) => { scrub ? scrub.set(t) : map.setTick(t); return map.tick(); },
      positions: () => map.positions(),
      rings: () => map.rings(),
      play: () => scrub && scrub.play(),
      pause: () => scrub && scrub.pause(),
    },
  };
}
