// Time series over ticks (x = the scenario's calendar labels).
//
//   lineOption(o) -> ECharts option
//     o: {labels: string[] (x axis, index = tick; tick labels),
//         series: [{name, data: (number|null)[] (index = position in labels), color?,
//                   dashed?, width?, stack?, area? (fill under, stacked areas when stack)}],
//         yName?, yMin?, yMax?, percent? (y as %), marks?: [{at: index, label}] (vertical
//         lines), zoom? (slider under the x axis, default true when > 40 labels),
//         legend? (default true when > 1 series), height-independent}
//   tickAxis(labels) -> the category x axis used by every tick chart
import { baseOption } from './core.js';
import { fmt } from '../common/format.js';

export function tickAxis(labels, extra = {}) {
  return {
    type: 'category',
    data: labels,
    boundaryGap: false,
    axisLabel: { hideOverlap: true, fontSize: 12 },
    axisTick: { alignWithLabel: true },
    ...extra,
  };
}

export function valueAxis(o = {}) {
  return {
    type: 'value',
    name: o.yName || '',
    nameLocation: 'end',
    nameTextStyle: { align: 'left', fontSize: 12, color: '#555' },
    min: o.yMin,
    max: o.yMax,
    scale: o.yMin === undefined && o.yMax === undefined && !o.zeroBased,
    axisLabel: { formatter: o.percent ? (v) => `${Math.round(v * 100)}%` : (v) => fmt(v, 3), fontSize: 12 },
    splitLine: { lineStyle: { color: '#e6e6e6' } },
  };
}

export function legendOption(names, extra = {}) {
  return { type: 'scroll', top: 4, left: 8, right: 8, data: names, itemWidth: 18, itemHeight: 10, textStyle: { fontSize: 12 }, ...extra };
}

export function markLines(marks) {
  if (!marks || !marks.length) return undefined;
  return {
    symbol: 'none',
    silent: true,
    lineStyle: { color: '#888', type: 'dashed', width: 1 },
    label: { formatter: (p) => p.name, position: 'insideEndTop', fontSize: 11, color: '#555' },
    // marks at the same position share one line and one label
    data: [...marks.reduce((m, x) => m.set(x.at, m.has(x.at) ? `${m.get(x.at)}; ${x.label || ''}` : x.label || ''), new Map())]
      .map(([at, name]) => ({ xAxis: at, name })),
  };
}

export function lineOption(o) {
  const series = o.series || [];
  const showLegend = o.legend !== undefined ? o.legend : series.length > 1;
  const zoom = o.zoom !== undefined ? o.zoom : (o.labels || []).length > 40;
  const fmtY = o.percent ? (v) => `${(v * 100).toFixed(1)}%` : (v) => fmt(v, 4);
  return baseOption({
    grid: { top: showLegend ? 56 : 30, left: 56, right: 34, bottom: zoom ? 64 : 30, containLabel: false },
    legend: showLegend ? legendOption(series.map((s) => s.name)) : undefined,
    tooltip: {
      trigger: 'axis',
      confine: true,
      valueFormatter: (v) => (v === null || v === undefined ? '–' : fmtY(v)),
    },
    xAxis: tickAxis(o.labels),
    yAxis: valueAxis(o),
    dataZoom: zoom ? [{ type: 'slider', bottom: 8, height: 22 }, { type: 'inside' }] : undefined,
    series: series.map((s, i) => ({
      type: 'line',
      name: s.name,
      data: s.data,
      showSymbol: false,
      symbol: 'circle',
      symbolSize: 5,
      connectNulls: false,
      stack: s.stack,
      stackStrategy: s.stack ? 'all' : undefined,
      color: s.color,
      lineStyle: { width: s.width || 2, type: s.dashed ? 'dashed' : 'solid', color: s.color },
      itemStyle: s.color ? { color: s.color } : undefined,
      areaStyle: s.area ? { opacity: s.stack ? 0.85 : 0.2, color: s.color } : undefined,
      emphasis: { focus: 'series' },
      markLine: i === 0 ? markLines(o.marks) : undefined,
      z: 3,
    })),
  });
}
