// The report of an ensemble: the run's time series as bands over the replicates
// (p5-p95 and p25-p75 shaded, the median as a line).
import { parseTable } from '../common/csv.js';
import { fileText } from '../common/data.js';
import { tickLabel } from '../common/format.js';
import { createChart, bandOption, stateColors, colorFor, PALETTE } from '../charts/index.js';
import { pairPicker, sectionTitle } from './widgets.js';
import { requireTable } from './run.js';

export const STATS = ['mean', 'sd', 'p5', 'p25', 'p50', 'p75', 'p95'];

// {key -> {mean: [], sd: [], p5: [], ...}} of one metric, keys from keyOf(row).
export function statSeries(table, keyOf, metric, nTicks) {
  const out = new Map();
  const tick = table.col('tick');
  const stat = table.col('stat');
  const v = table.col(metric);
  const rows = table.rows;
  for (let i = 0; i < table.length; i++) {
    const key = keyOf(rows[i]);
    let s = out.get(key);
    if (!s) { s = { key }; for (const q of STATS) s[q] = new Array(nTicks).fill(null); out.set(key, s); }
    if (s[stat[i]] && tick[i] >= 0 && tick[i] < nTicks) s[stat[i]][tick[i]] = v[i];
  }
  return out;
}

export function changeOf(arr) {
  const v = arr.filter((x) => x !== null && Number.isFinite(x));
  return v.length ? Math.abs(v[v.length - 1] - v[0]) : 0;
}

export function renderEnsemble(grid, data, ctx) {
  const states = requireTable(data, 'ensemble_states.csv');
  const dyads = requireTable(data, 'ensemble_dyads.csv');
  const world = requireTable(data, 'ensemble_world.csv');
  const repText = fileText(data, 'replicates.csv');
  const nRep = repText !== null ? parseTable(repText).length : null;
  const labels0 = data.tick_labels || [];
  const maxTick = Math.max(...states.col('tick'));
  const nTicks = Math.max(labels0.length, maxTick + 1);
  const labels = Array.from({ length: nTicks }, (_, t) => tickLabel(labels0, t));
  const stateList = data.states && data.states.length ? data.states : [...new Set(states.col('state'))].map((id) => ({ id, name: id }));
  const colors = stateColors(stateList);
  const repNote = nRep ? `${nRep} replicates` : 'the replicates';
  const bandNote = `Median line; shaded 50% (p25–p75) and 90% (p5–p95) of ${repNote}.`;

  const note = document.createElement('p');
  note.className = 'bp-note';
  note.textContent = `Ensemble of ${repNote}${data.manifest && data.manifest.seed !== undefined ? `, seed ${data.manifest.seed}` : ''}: each chart shows, per tick, the distribution over the replicates.`;
  grid.appendChild(note);

  sectionTitle(grid, 'Alignment and asymmetry');
  const align = statSeries(dyads, (r) => `${r.a}-${r.b}`, 'alignment', nTicks);
  const keys = [...align.keys()];
  const pairColor = new Map(keys.map((k, i) => [k, PALETTE[i % PALETTE.length]]));
  const defaults = [...align.values()].sort((x, y) => changeOf(y.p50) - changeOf(x.p50)).slice(0, 6).map((s) => s.key);
  ctx.guard('the alignment bands', () => {
    const c = createChart(grid, { id: 'pair-alignment', title: 'Alignment score of pairs', subtitle: `${bandNote} Default: the 6 pairs whose median changed most (of ${keys.length}).`, height: 360 });
    const draw = (ks) => c.setOption(bandOption({ labels, yName: 'alignment score', yMin: -1, yMax: 1, bands: ks.map((k) => ({ name: k, color: pairColor.get(k), ...align.get(k) })) }));
    pairPicker(c.controls, keys, defaults, draw);
    draw(defaults);
  });
  ctx.guard('the power-ratio bands', () => {
    const ratio = statSeries(dyads, (r) => `${r.a}-${r.b}`, 'power_ratio', nTicks);
    const c = createChart(grid, { id: 'power-ratios', title: 'Power ratios of pairs', subtitle: `Power of a / power of b, log scale. ${bandNote}`, height: 360 });
    const positive = [...ratio.values()].every((r) => r.p5.every((v) => v === null || v > 0));
    const draw = (ks) => {
      const opt = bandOption({ labels, yName: 'power ratio a / b', bands: ks.map((k) => ({ name: k, color: pairColor.get(k), ...ratio.get(k) })) });
      if (positive) opt.yAxis = { ...opt.yAxis, type: 'log', logBase: 10 };
      c.setOption(opt);
    };
    pairPicker(c.controls, keys, defaults, draw);
    draw(defaults);
  });

  sectionTitle(grid, 'Power and the system');
  ctx.guard('the power bands', () => {
    const pw = statSeries(states, (r) => r.state, 'power', nTicks);
    const ids = [...pw.keys()];
    const c = createChart(grid, { id: 'power-shares', title: 'Power shares', subtitle: `Each state’s share of power. ${bandNote}`, height: 360 });
    const draw = (ks) => c.setOption(bandOption({ labels, yName: 'share of power', percent: true, bands: ks.map((k) => ({ name: k, color: colorFor(colors, k, ids.indexOf(k)), ...pw.get(k) })) }));
    pairPicker(c.controls, ids, ids, draw, 'states');
    draw(ids);
  });
  for (const [metric, title, sub] of [
    ['concentration', 'Concentration', 'Herfindahl index of power shares.'],
    ['effective_poles', 'Effective poles', '1 / concentration.'],
    ['polarization', 'Polarization', 'world.csv polarization.'],
    ['mean_relation', 'Mean relation', 'Mean of the pairs’ relations.'],
  ]) {
    if (!world.has(metric)) continue;
    ctx.guard(`the ${metric} band`, () => {
      const s = statSeries(world, () => metric, metric, nTicks).get(metric);
      const c = createChart(grid, { id: metric.replace(/_/g, '-'), title, subtitle: `${sub} ${bandNote}`, height: 300 });
      c.setOption(bandOption({ labels, yName: metric.replace(/_/g, ' '), bands: [{ name: title, color: '#0072B2', ...s }] }));
    });
  }
  return {};
}
