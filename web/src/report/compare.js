// The report of a paired comparison: per outcome, every scenario's band over time and the
// paired difference to the base with its 95% CI; the table of compare.csv.
import { parseTable, groupBy } from '../common/csv.js';
import { fileText } from '../common/data.js';
import { el, fmt, fmtSigned, fmtPct, tickLabel } from '../common/format.js';
import { createChart, bandOption, barOption, PALETTE } from '../charts/index.js';
import { sectionTitle, tableOf, statePicker } from './widgets.js';
import { requireTable } from './run.js';

// The outcome spec's metric at each tick: "dyad:RUS:CHN:alignment@last" -> "RUS–CHN alignment"
export function outcomeTitle(spec) {
  const [what, agg] = String(spec).split('@');
  const p = what.split(':');
  let t = what;
  if (p[0] === 'dyad' && p.length >= 4) t = `${p[1]}–${p[2]} ${p[3].replace(/_/g, ' ')}`;
  else if (p[0] === 'state' && p.length >= 3) t = `${p[1]} ${p[2].replace(/_/g, ' ')}`;
  else if (p[0] === 'world' && p.length >= 2) t = p[1].replace(/_/g, ' ');
  return agg ? `${t} (${agg})` : t;
}

export function renderCompare(grid, data, ctx) {
  const cmp = requireTable(data, 'compare.csv');
  const scenText = fileText(data, 'scenarios.csv');
  const seriesText = fileText(data, 'compare_series.csv');
  const scenarios = scenText !== null ? parseTable(scenText).col('scenario') : [...new Set(cmp.col('scenario'))];
  const base = scenarios[0];
  const scolor = new Map(scenarios.map((s, i) => [s, PALETTE[i % PALETTE.length]]));
  const outcomes = [...new Set(cmp.col('outcome'))];
  const byOutcome = groupBy(cmp.rows, 'outcome');
  const labels0 = data.tick_labels || [];
  const runs = cmp.has('runs_defined') ? Math.max(...cmp.col('runs_defined').filter((x) => x !== null)) : null;

  grid.appendChild(el('p', { class: 'bp-note', text: `${scenarios.length} scenarios, base ${base}${runs ? `, ${runs} paired replicates each` : ''} (common random numbers: replicate r of every scenario uses the same key). Differences are alternative − base, the paired mean with its 95% CI.` }));

  // ---- the table
  sectionTitle(grid, 'Outcomes');
  ctx.guard('the comparison table', () => {
    const card = el('section', { class: 'bp-card bp-wide', 'data-table-card': 'compare' },
      el('header', { class: 'bp-card-head' }, el('h3', { class: 'bp-card-title', text: 'Paired comparison (compare.csv)' })),
      el('p', { class: 'bp-sub', text: 'higher: share of paired replicates in which the alternative is higher; var gain: variance of independent-run differences over paired ones; bands apart: first tick from which the 90% bands never overlap again.' }));
    const cols = [
      { key: 'outcome', label: 'outcome' }, { key: 'scenario', label: 'scenario' }, { key: 'runs', label: 'runs', num: true },
      { key: 'mean', label: 'mean [95% CI]', num: true }, { key: 'diff', label: 'paired diff [95% CI]', num: true },
      { key: 'higher', label: 'higher', num: true }, { key: 'gain', label: 'var gain', num: true }, { key: 'apart', label: 'bands apart' },
    ];
    const rows = cmp.rows.map((r) => {
      const isBase = r.scenario === base;
      const gain = r.var_paired > 0 && Number.isFinite(r.var_unpaired) ? r.var_unpaired / r.var_paired : null;
      return {
        outcome: outcomeTitle(r.outcome), scenario: r.scenario, runs: r.runs_defined,
        mean: `${fmt(r.mean, 4)} [${fmt(r.ci_lo, 4)}, ${fmt(r.ci_hi, 4)}]`,
        diff: isBase ? '(base)' : `${fmtSigned(r.diff, 4)} [${fmtSigned(r.diff_ci_lo, 4)}, ${fmtSigned(r.diff_ci_hi, 4)}]`,
        higher: isBase ? '' : fmtPct(r.share_higher),
        gain: isBase || gain === null ? '' : `${fmt(gain, 3)}×`,
        apart: isBase ? '' : (r.bands_apart_from === null || r.bands_apart_from < 0 ? 'never' : tickLabel(labels0, r.bands_apart_from)),
        _class: isBase ? 'bp-base' : '',
      };
    });
    const t = tableOf(cols, rows);
    t.setAttribute('data-table', 'compare');
    card.appendChild(el('div', { class: 'bp-table-wrap', style: { maxHeight: '480px' } }, t));
    grid.appendChild(card);
  });

  // ---- means with CI (from compare.csv alone)
  ctx.guard('the outcome means', () => {
    const c = createChart(grid, { id: 'outcome-means', title: 'Outcome by scenario', subtitle: 'Mean over the replicates with its 95% CI (compare.csv).', height: 300 });
    const draw = (oc) => {
      const rs = byOutcome.get(oc) || [];
      c.setOption(barOption({
        categories: rs.map((r) => r.scenario), valueName: outcomeTitle(oc), legend: false,
        series: [{ name: outcomeTitle(oc), data: rs.map((r) => ({ value: r.mean, itemStyle: { color: scolor.get(r.scenario) } })), errors: rs.map((r) => [r.ci_lo, r.ci_hi]) }],
      }));
    };
    statePicker(c.controls, outcomes, outcomes[0], draw, 'outcome', outcomeTitle);
    draw(outcomes[0]);
  });
  ctx.guard('the paired differences', () => {
    const alts = scenarios.slice(1);
    const c = createChart(grid, { id: 'outcome-diffs', title: 'Paired difference to the base', subtitle: `Alternative − ${base}, paired mean with 95% CI (compare.csv).`, height: 300 });
    const draw = (oc) => {
      const rs = (byOutcome.get(oc) || []).filter((r) => r.scenario !== base);
      c.setOption(barOption({
        categories: rs.map((r) => r.scenario), valueName: `Δ ${outcomeTitle(oc)}`, legend: false,
        series: [{ name: `Δ ${outcomeTitle(oc)}`, data: rs.map((r) => ({ value: r.diff, itemStyle: { color: scolor.get(r.scenario) } })), errors: rs.map((r) => [r.diff_ci_lo, r.diff_ci_hi]) }],
      }));
    };
    if (alts.length) {
      statePicker(c.controls, outcomes, outcomes[0], draw, 'outcome', outcomeTitle);
      draw(outcomes[0]);
    }
  });

  // ---- over time
  if (seriesText === null) {
    grid.appendChild(el('p', { class: 'bp-note', text: 'This comparison has no compare_series.csv: the outcomes over time are not available (made by an older bpsim).' }));
    return {};
  }
  const series = parseTable(seriesText);
  const maxTick = Math.max(...series.col('tick'));
  const nTicks = Math.max(labels0.length, maxTick + 1);
  const labels = Array.from({ length: nTicks }, (_, t) => tickLabel(labels0, t));
  const groups = groupBy(series.rows, (r) => `${r.outcome}\u0000${r.scenario}`);
  const arr = (rows, q) => { const a = new Array(nTicks).fill(null); for (const r of rows) if (r.tick >= 0 && r.tick < nTicks) a[r.tick] = r[q]; return a; };
  const seriesOutcomes = [...new Set(series.col('outcome'))];
  sectionTitle(grid, 'Over time');
  seriesOutcomes.forEach((oc, k) => {
    const slug = `o${k}`;
    const apart = (byOutcome.get(oc) || []).filter((r) => r.scenario !== base && r.bands_apart_from !== null && r.bands_apart_from > 0)
      .map((r) => ({ at: r.bands_apart_from, label: `${r.scenario}: bands apart` }));
    ctx.guard(`the bands of ${oc}`, () => {
      const c = createChart(grid, { id: `bands-${slug}`, title: outcomeTitle(oc).replace(/ \(.*\)$/, ''), subtitle: `${oc.split('@')[0]} per tick: each scenario’s median with its 50% and 90% bands over the replicates.`, height: 320, fileName: `bands-${oc}` });
      c.setOption(bandOption({
        labels, marks: apart, yName: outcomeTitle(oc).replace(/ \(.*\)$/, ''),
        bands: scenarios.filter((s) => groups.has(`${oc}\u0000${s}`)).map((s) => {
          const rs = groups.get(`${oc}\u0000${s}`);
          return { name: s, color: scolor.get(s), p5: arr(rs, 'p5'), p25: arr(rs, 'p25'), p50: arr(rs, 'p50'), p75: arr(rs, 'p75'), p95: arr(rs, 'p95'), mean: arr(rs, 'mean') };
        }),
      }));
    });
    ctx.guard(`the differences of ${oc}`, () => {
      const c = createChart(grid, { id: `diff-${slug}`, title: `Δ ${outcomeTitle(oc).replace(/ \(.*\)$/, '')} vs ${base}`, subtitle: 'Paired difference alternative − base per tick (mean over replicate pairs) with its 95% CI.', height: 320, fileName: `diff-${oc}` });
      c.setOption(bandOption({
        labels, zeroLine: true, yName: `difference to ${base}`,
        bands: scenarios.slice(1).filter((s) => groups.has(`${oc}\u0000${s}`)).map((s) => {
          const rs = groups.get(`${oc}\u0000${s}`);
          return { name: s, color: scolor.get(s), line: 'mean', lineLabel: 'paired mean', intervalLabel: '95% CI', mean: arr(rs, 'diff'), lo: arr(rs, 'diff_lo'), hi: arr(rs, 'diff_hi') };
        }),
      }));
    });
  });
  return {};
}
