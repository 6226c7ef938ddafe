// The report of a parameter sweep: Sobol' indices, Morris screening, outcome against
// parameter, PRIM's peeling trajectory and box.
import { parseTable, groupBy } from '../common/csv.js';
import { fileText } from '../common/data.js';
import { el, fmt, fmtPct } from '../common/format.js';
import { createChart, barOption, scatterOption, rangeBarsOption, PALETTE } from '../charts/index.js';
import { sectionTitle, statePicker } from './widgets.js';
import { outcomeTitle } from './compare.js';

const optTable = (data, name) => { const t = fileText(data, name); return t === null ? null : parseTable(t); };

// Shorter parameter names for axes: "states.RUS.traits.pivot" stays readable as is.
const pname = (p) => p;

export function renderSweep(grid, data, ctx) {
  const sw = data.sweep || {};
  const sobol = optTable(data, 'sobol.csv');
  const morris = optTable(data, 'morris.csv');
  const prim = optTable(data, 'prim.csv');
  const runsText = fileText(data, 'runs.csv');
  const params = (sw.parameters || []).map((p) => p.path);
  const outcomes = (sw.outcomes && sw.outcomes.length ? sw.outcomes
    : [...new Set([...(sobol ? sobol.col('outcome') : []), ...(morris ? morris.col('outcome') : [])])]);
  const runsInfo = sw.runs || {};
  let outcome = outcomes[0];
  const redraw = [];

  grid.appendChild(el('p', { class: 'bp-note', text: `Design ${sw.design || '?'}, ${params.length} parameters, ${outcomes.length} outcome${outcomes.length === 1 ? '' : 's'}; runs: ${runsInfo.done ?? '?'} done of ${runsInfo.planned ?? '?'} planned${runsInfo.failed ? `, ${runsInfo.failed} failed` : ''}.` }));

  // ---- the parameters and the outcome picker
  ctx.guard('the sweep summary', () => {
    const card = el('section', { class: 'bp-card bp-wide bp-toolbar' });
    const head = el('header', { class: 'bp-card-head' }, el('h3', { class: 'bp-card-title', text: 'Parameters and outcome' }));
    const controls = el('div', { class: 'bp-controls' });
    head.appendChild(controls);
    card.appendChild(head);
    if (outcomes.length > 1) {
      statePicker(controls, outcomes, outcome, (o) => { outcome = o; for (const f of redraw) f(); }, 'outcome', outcomeTitle);
    } else if (outcomes.length) controls.appendChild(el('span', { text: `outcome: ${outcomeTitle(outcomes[0])}` }));
    const list = el('ul', { class: 'bp-params' });
    for (const p of sw.parameters || []) list.appendChild(el('li', {}, el('code', { text: p.path }), ` ${fmt(p.lo, 4)} … ${fmt(p.hi, 4)}${p.scale && p.scale !== 'linear' ? ` (${p.scale})` : ''}`));
    card.appendChild(list);
    grid.appendChild(card);
  });

  // ---- Sobol'
  if (sobol && sobol.length) {
    sectionTitle(grid, 'Sensitivity');
    ctx.guard("the Sobol' indices", () => {
      const c = createChart(grid, { id: 'sobol', title: "Sobol' indices", subtitle: 'First-order (S1) and total (ST) indices with bootstrap 95% CIs: the share of the outcome’s variance due to each parameter alone (S1) and with its interactions (ST).', height: 360 });
      const draw = () => {
        const rows = sobol.rows.filter((r) => r.outcome === outcome);
        const ps = [...new Set(rows.map((r) => r.parameter))];
        const get = (p, idx) => rows.find((r) => r.parameter === p && r.index === idx);
        ps.sort((a, b) => ((get(b, 'ST') || {}).estimate ?? 0) - ((get(a, 'ST') || {}).estimate ?? 0));
        const conf = rows.length && rows[0].confidence ? `${Math.round(rows[0].confidence * 100)}% CI` : 'CI';
        c.setOption(barOption({
          categories: ps.map(pname), horizontal: true, labelWidth: 230, valueName: `index (whiskers: ${conf})`,
          series: ['S1', 'ST'].map((idx, k) => ({
            name: idx, color: k ? '#D55E00' : '#0072B2',
            data: ps.map((p) => (get(p, idx) ? get(p, idx).estimate : null)),
            errors: ps.map((p) => (get(p, idx) ? [get(p, idx).ci_lo, get(p, idx).ci_hi] : null)),
          })),
        }));
      };
      redraw.push(draw);
      draw();
    });
  }

  // ---- Morris
  if (morris && morris.length) {
    if (!sobol) sectionTitle(grid, 'Sensitivity');
    ctx.guard('the Morris screening', () => {
      const c = createChart(grid, { id: 'morris', title: 'Morris screening: μ* against σ', subtitle: 'μ*: mean absolute elementary effect (importance); σ: their spread (interactions or non-linearity). Parameters far up and right matter most.', height: 360 });
      const draw = () => {
        const rows = morris.rows.filter((r) => r.outcome === outcome);
        c.setOption(scatterOption({
          xName: 'μ* (mean |elementary effect|)', yName: 'σ (sd of elementary effects)', xMin: 0, yMin: 0, legend: false,
          series: [{ name: 'parameters', data: rows.map((r) => [r.mu_star, r.sigma, r.mu]), labels: rows.map((r) => r.parameter), color: '#0072B2', symbolSize: 12 }],
          tooltip: (p) => `<b>${p.name}</b><br>μ* ${fmt(p.value[0], 4)}<br>σ ${fmt(p.value[1], 4)}<br>μ ${fmt(p.value[2], 4)}`,
        }));
      };
      redraw.push(draw);
      draw();
    });
  }

  // ---- outcome against a parameter
  if (runsText !== null) {
    ctx.guard('the outcome scatter', () => {
      const runs = parseTable(runsText);
      const ps = params.length ? params.filter((p) => runs.has(p)) : runs.columns.filter((c) => c !== 'point' && c !== 'replicate' && !outcomes.includes(c));
      let param = ps[0];
      if (sobol && sobol.length) {
        // start with the most influential parameter of the first outcome
        const top = sobol.rows.filter((r) => r.outcome === outcome && r.index === 'ST').sort((a, b) => b.estimate - a.estimate)[0];
        if (top && ps.includes(top.parameter)) param = top.parameter;
      }
      const c = createChart(grid, { id: 'outcome-scatter', title: 'Outcome against a parameter', subtitle: `runs.csv: one dot per run (${runs.length} runs${runsInfo.shown !== undefined && runsInfo.done !== undefined && runsInfo.shown < runsInfo.done ? `, a sample of the ${runsInfo.done} done` : ''}).${runs.length >= 2000 ? ' Large sweep: drawn in ECharts’ large mode, no hover.' : ''}`, height: 380 });
      const pcol = new Map();
      const draw = () => {
        if (!runs.has(outcome) || !param) { c.setOption(scatterOption({ series: [] })); return; }
        if (!pcol.has(param)) pcol.set(param, runs.col(param));
        const x = pcol.get(param);
        const y = runs.col(outcome);
        const pts = [];
        for (let i = 0; i < runs.length; i++) if (x[i] !== null && y[i] !== null && Number.isFinite(x[i]) && Number.isFinite(y[i])) pts.push([x[i], y[i]]);
        const info = (sw.parameters || []).find((p) => p.path === param);
        const opt = scatterOption({ xName: param, yName: outcomeTitle(outcome), legend: false, xMin: info ? info.lo : undefined, xMax: info ? info.hi : undefined, series: [{ name: outcomeTitle(outcome), data: pts, color: '#0072B2', symbolSize: pts.length >= 2000 ? 3 : 6 }] });
        if (info && info.scale === 'log' && info.lo > 0) opt.xAxis.type = 'log';
        c.setOption(opt);
      };
      statePicker(c.controls, ps, param, (p) => { param = p; draw(); }, 'parameter');
      redraw.push(draw);
      draw();
    });
  }

  // ---- the outcome's distribution per parameter level or bin (levels.csv)
  const levels = optTable(data, 'levels.csv');
  if (levels && levels.length) {
    ctx.guard('the outcome by level', () => {
      const lps = [...new Set(levels.col('parameter'))];
      let param = lps[0];
      const c = createChart(grid, { id: 'levels', title: 'Outcome by parameter level', subtitle: 'levels.csv: the outcome’s mean per level (or bin) of one parameter, whiskers from p5 to p95 of the runs in it.', height: 340 });
      const draw = () => {
        const rows = levels.rows.filter((r) => r.outcome === outcome && r.parameter === param).sort((a, b) => a.bin - b.bin);
        c.setOption(barOption({
          categories: rows.map((r) => (r.lo === r.hi ? fmt(r.lo, 3) : `${fmt(r.lo, 2)}–${fmt(r.hi, 2)}`)), valueName: outcomeTitle(outcome), legend: false,
          categoryLabels: { interval: 0, hideOverlap: false, rotate: rows.length > 4 ? 30 : 0, fontSize: 11 },
          series: [{ name: 'mean', color: '#009E73', data: rows.map((r) => r.mean), errors: rows.map((r) => [r.p05, r.p95]) }],
        }));
      };
      statePicker(c.controls, lps, param, (p) => { param = p; draw(); }, 'parameter');
      redraw.push(draw);
      draw();
    });
  }

  // ---- PRIM
  if (prim && prim.length) {
    const condition = prim.col('condition')[0] || sw.prim || '';
    // numbers in the condition at 4 significant digits (a default threshold is the median)
    const shown = String(condition).replace(/-?\d+\.\d{5,}(e[+-]?\d+)?/gi, (m) => fmt(Number(m), 4));
    sectionTitle(grid, `Scenario discovery (PRIM): where is ${shown.replace(/([<>]=?)/, ' $1 ')}?`);
    const steps = [...groupBy(prim.rows, 'step').values()].map((rs) => rs[0]);
    const sel = steps.find((s) => s.selected === 1) || steps[steps.length - 1];
    ctx.guard('the PRIM trajectory', () => {
      const c = createChart(grid, { id: 'prim-trajectory', title: 'PRIM peeling trajectory', subtitle: `Each box of the peeling: coverage (share of the runs where the condition holds that fall in the box) against density (share of the box’s runs where it holds). The selected box ${sel ? sel.step : ''} is highlighted.`, height: 360 });
      const opt = scatterOption({
        xName: 'coverage', yName: 'density', xMin: 0, xMax: 1, yMin: 0, yMax: 1, legend: true,
        series: [
          { name: 'peeling boxes', data: steps.map((s) => [s.coverage, s.density, s.mass, s.points, s.step]), color: '#56B4E9', symbolSize: 8 },
          { name: `selected box ${sel ? sel.step : ''}`, data: sel ? [[sel.coverage, sel.density, sel.mass, sel.points, sel.step]] : [], color: '#D55E00', symbolSize: 18, symbol: 'diamond' },
        ],
        tooltip: (p) => `<b>box ${p.value[4]}</b><br>coverage ${fmt(p.value[0], 3)}<br>density ${fmt(p.value[1], 3)}<br>mass ${fmt(p.value[2], 3)} (${p.value[3]} runs)`,
      });
      // the trajectory as a connecting line under the dots
      opt.series.unshift({ type: 'line', name: 'peeling boxes', data: steps.map((s) => [s.coverage, s.density]), symbol: 'none', lineStyle: { color: '#56B4E9', width: 1.5 }, silent: true, tooltip: { show: false }, z: 1 });
      c.setOption(opt);
    });
    ctx.guard('the PRIM box', () => {
      const rows = prim.rows.filter((r) => r.step === sel.step);
      const first = new Map(prim.rows.filter((r) => r.step === steps[0].step).map((r) => [r.parameter, r]));
      const c = createChart(grid, { id: 'prim-box', title: `Selected box ${sel.step}: limits per parameter`, subtitle: `Coverage ${fmt(sel.coverage, 3)}, density ${fmt(sel.density, 3)}, mass ${fmtPct(sel.mass)} (${sel.points} runs). Grey: the parameter’s full range; coloured: the box (pale where not restricted).`, height: Math.max(200, 70 + 46 * rows.length) });
      c.setOption(rangeBarsOption({
        labelWidth: 230,
        rows: rows.map((r) => {
          const info = (sw.parameters || []).find((p) => p.path === r.parameter) || {};
          const f = first.get(r.parameter) || {};
          const min = info.lo ?? f.lo ?? r.lo;
          const max = info.hi ?? f.hi ?? r.hi;
          return { name: r.parameter, min, max, lo: r.lo, hi: r.hi, restricted: r.restricted === null ? undefined : !!r.restricted, log: info.scale === 'log' };
        }),
        color: PALETTE[1],
      }));
    });
  }
  return {};
}
