// Scatter plots.
//
//   scatterOption(o) -> ECharts option
//     o: {series: [{name, data: [x, y, ...extra][], color?, symbolSize?, symbol?,
//                   labels?: string[] (a label per point, e.g. a parameter name)}],
//         xName?, yName?, xMin?, xMax?, yMin?, yMax?, large? (>= 2000 points: ECharts'
//         large mode, no per-point hover), diagonal? (draws y = x), tooltip?(p) -> html}
import { baseOption } from './core.js';
import { legendOption } from './timeseries.js';
import { fmt } from '../common/format.js';

const axis = (name, min, max, loc) => ({
  type: 'value', name: name || '', nameLocation: 'middle', nameGap: loc === 'x' ? 28 : 46,
  nameTextStyle: { fontSize: 12, color: '#444' }, min, max, scale: min === undefined && max === undefined,
  axisLabel: { formatter: (v) => fmt(v, 3), fontSize: 12 }, splitLine: { lineStyle: { color: '#ececec' } },
});

export function scatterOption(o) {
  const series = o.series || [];
  const showLegend = o.legend !== undefined ? o.legend : series.length > 1;
  const total = series.reduce((n, s) => n + (s.data ? s.data.length : 0), 0);
  const large = o.large !== undefined ? o.large : total >= 2000;
  const out = series.map((s) => ({
    type: 'scatter',
    name: s.name,
    data: s.labels ? s.data.map((d, i) => ({ value: d, name: s.labels[i] })) : s.data,
    color: s.color,
    itemStyle: { color: s.color, opacity: large ? 0.45 : 0.8 },
    symbol: s.symbol || 'circle',
    symbolSize: s.symbolSize || (large ? 3 : 9),
    large,
    largeThreshold: 2000,
    progressive: large ? 0 : undefined,
    label: s.labels ? { show: true, formatter: (p) => p.name, position: 'right', fontSize: 12, color: '#333' } : undefined,
    labelLayout: s.labels ? { hideOverlap: true } : undefined,
    emphasis: large ? undefined : { focus: 'series' },
  }));
  if (o.diagonal) {
    out.push({ type: 'line', name: 'y = x', data: o.diagonal, symbol: 'none', silent: true, tooltip: { show: false }, lineStyle: { type: 'dashed', color: '#999', width: 1 }, z: 1 });
  }
  return baseOption({
    grid: { top: showLegend ? 50 : 24, left: 64, right: 28, bottom: 48 },
    legend: showLegend ? legendOption(series.map((s) => s.name)) : undefined,
    tooltip: large ? { show: false } : {
      trigger: 'item',
      confine: true,
      formatter: o.tooltip || ((p) => `${p.name ? `<b>${p.name}</b><br>` : ''}${p.seriesName}<br>${o.xName || 'x'}: ${fmt(p.value[0], 4)}<br>${o.yName || 'y'}: ${fmt(p.value[1], 4)}`),
    },
    xAxis: axis(o.xName, o.xMin, o.xMax, 'x'),
    yAxis: axis(o.yName, o.yMin, o.yMax, 'y'),
    series: out,
  });
}
