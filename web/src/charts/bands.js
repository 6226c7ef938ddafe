// Bands over ticks: p5-p95 and p25-p75 shaded, p50 (or mean) as a line, per group.
//
//   bandOption(o) -> ECharts option
//     o: {labels: string[], bands: [{name, color, p5, p25, p50, p75, p95 (arrays by tick,
//         null where missing), line? ('p50' default | 'mean'), mean?, dashed?,
//         lo?, hi?, intervalLabel? (one more shaded interval, e.g. a 95% CI)}],
//         yName?, yMin?, yMax?, percent?, marks?, zoom?, zeroLine? (a line at y = 0)}
//   Each band is drawn as stacked areas (stackStrategy 'all', so negative values stack
//   correctly); all parts of a band share its name, so the legend toggles them together.
//   The tooltip shows the real quantiles, not the stacked differences.
import { baseOption } from './core.js';
import { tickAxis, valueAxis, legendOption, markLines } from './timeseries.js';
import { fmt } from '../common/format.js';

const sub = (a, b) => a.map((x, i) => (x === null || b[i] === null || x === undefined || b[i] === undefined ? null : x - b[i]));

export function bandOption(o) {
  const bands = o.bands || [];
  const zoom = o.zoom !== undefined ? o.zoom : (o.labels || []).length > 40;
  const series = [];
  bands.forEach((b, k) => {
    const st = `band${k}`;
    const has = (q) => Array.isArray(b[q]) && b[q].some((v) => v !== null && v !== undefined);
    const area = (lo, hi, op, tag) => {
      series.push({ type: 'line', name: b.name, data: b[lo], stack: `${st}${tag}`, stackStrategy: 'all', symbol: 'none', lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false }, z: 1, color: b.color });
      series.push({ type: 'line', name: b.name, data: sub(b[hi], b[lo]), stack: `${st}${tag}`, stackStrategy: 'all', symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color: b.color, opacity: op }, silent: true, tooltip: { show: false }, z: 1, color: b.color });
    };
    if (has('p5') && has('p95')) area('p5', 'p95', 0.14, 'o');
    if (has('p25') && has('p75')) area('p25', 'p75', 0.28, 'i');
    if (has('lo') && has('hi')) area('lo', 'hi', 0.25, 'c');
    const line = b.line === 'mean' ? b.mean : b.p50;
    series.push({
      type: 'line', name: b.name, data: line, symbol: 'circle', showSymbol: false, symbolSize: 5,
      color: b.color, lineStyle: { width: 2.2, color: b.color, type: b.dashed ? 'dashed' : 'solid' },
      itemStyle: { color: b.color }, z: 3,
      markLine: k === 0 ? markLines(o.marks) : undefined,
    });
  });
  if (o.zeroLine && series.length) {
    series[series.length - 1].markLine = {
      symbol: 'none', silent: true, lineStyle: { color: '#333', type: 'solid', width: 1 }, label: { show: false },
      data: [{ yAxis: 0 }, ...((o.marks || []).map((m) => ({ xAxis: m.at, name: m.label || '' })))],
    };
  }
  const fmtY = o.percent ? (v) => `${(v * 100).toFixed(1)}%` : (v) => fmt(v, 3);
  const lineName = (b) => b.lineLabel || (b.line === 'mean' ? 'mean' : 'median');
  return baseOption({
    grid: { top: bands.length > 1 ? 56 : 30, left: 56, right: 34, bottom: zoom ? 64 : 30 },
    legend: bands.length > 1 ? legendOption(bands.map((b) => b.name)) : undefined,
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (params) => {
        const ps = Array.isArray(params) ? params : [params];
        if (!ps.length) return '';
        const i = ps[0].dataIndex;
        const rows = [`<b>${ps[0].axisValueLabel}</b>`];
        const shown = new Set(ps.map((p) => p.seriesName));
        for (const b of bands) {
          if (!shown.has(b.name)) continue;
          const v = (q) => (b[q] && b[q][i] !== undefined ? b[q][i] : null);
          const line = b.line === 'mean' ? v('mean') : v('p50');
          let t = `<span style="color:${b.color}">●</span> ${b.name}: ${lineName(b)} ${fmtY(line)}`;
          if (v('p25') !== null) t += `, 50% ${fmtY(v('p25'))}…${fmtY(v('p75'))}`;
          if (v('p5') !== null) t += `, 90% ${fmtY(v('p5'))}…${fmtY(v('p95'))}`;
          if (v('lo') !== null) t += `, ${b.intervalLabel || 'interval'} ${fmtY(v('lo'))}…${fmtY(v('hi'))}`;
          rows.push(t);
        }
        return rows.join('<br>');
      },
    },
    xAxis: tickAxis(o.labels),
    yAxis: valueAxis(o),
    dataZoom: zoom ? [{ type: 'slider', bottom: 8, height: 22 }, { type: 'inside' }] : undefined,
    series,
  });
}
