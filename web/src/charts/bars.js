// Bar charts.
//
//   barOption(o) -> ECharts option: grouped or stacked bars, optional CI whiskers
//     o: {categories: string[], series: [{name, data: number[], color?, stack?,
//         errors?: [lo, hi][] (whisker per category)}], horizontal? (categories on y),
//         valueName?, valueMin?, valueMax?, legend?, zoom?, categoryLabels?: {rotate, width}}
//   rangeBarsOption(o) -> ECharts option: one row per item, its full range as a grey bar
//     and a sub-range highlighted, on a 0..1 scale of each row's own range
//     o: {rows: [{name, min, max, lo, hi, restricted?, log? (position on a log scale)}], color?, valueName?}
//     (restricted: drawn strong; default: whether [lo, hi] is narrower than [min, max])
//     (the PRIM box's limits per parameter over each parameter's range)
import { baseOption } from './core.js';
import { legendOption } from './timeseries.js';
import { fmt } from '../common/format.js';

function whiskers(s, k, nSeries, horizontal) {
  const data = s.errors.map((e, i) => (e && e[0] !== null && e[1] !== null && Number.isFinite(e[0]) && Number.isFinite(e[1]) ? [i, e[0], e[1]] : null)).filter(Boolean);
  return {
    type: 'custom',
    name: s.name,
    silent: true,
    tooltip: { show: false },
    z: 5,
    encode: horizontal ? { y: 0, x: [1, 2] } : { x: 0, y: [1, 2] },
    data,
    renderItem: (params, api) => {
      const c = api.value(0);
      const lo = api.value(1);
      const hi = api.value(2);
      const band = horizontal ? api.size([0, 1])[1] : api.size([1, 0])[0];
      // bars of a group are laid out side by side: find this series' offset
      const groupWidth = band * 0.7;
      const barW = nSeries > 1 ? groupWidth / nSeries : band * 0.5;
      const off = nSeries > 1 ? -groupWidth / 2 + barW * (k + 0.5) : 0;
      const cap = Math.max(4, Math.min(12, barW * 0.5));
      const style = { stroke: '#222', lineWidth: 1.4 };
      if (horizontal) {
        const a = api.coord([lo, c]);
        const b = api.coord([hi, c]);
        const y = a[1] + off;
        return { type: 'group', children: [
          { type: 'line', shape: { x1: a[0], y1: y, x2: b[0], y2: y }, style },
          { type: 'line', shape: { x1: a[0], y1: y - cap / 2, x2: a[0], y2: y + cap / 2 }, style },
          { type: 'line', shape: { x1: b[0], y1: y - cap / 2, x2: b[0], y2: y + cap / 2 }, style },
        ] };
      }
      const a = api.coord([c, lo]);
      const b = api.coord([c, hi]);
      const x = a[0] + off;
      return { type: 'group', children: [
        { type: 'line', shape: { x1: x, y1: a[1], x2: x, y2: b[1] }, style },
        { type: 'line', shape: { x1: x - cap / 2, y1: a[1], x2: x + cap / 2, y2: a[1] }, style },
        { type: 'line', shape: { x1: x - cap / 2, y1: b[1], x2: x + cap / 2, y2: b[1] }, style },
      ] };
    },
  };
}

export function barOption(o) {
  const series = o.series || [];
  const horizontal = !!o.horizontal;
  const stacked = series.some((s) => s.stack);
  const showLegend = o.legend !== undefined ? o.legend : series.length > 1;
  const catAxis = {
    type: 'category',
    data: o.categories,
    axisLabel: { fontSize: 12, hideOverlap: !horizontal, interval: horizontal ? 0 : 'auto', ...(o.categoryLabels || {}) },
    axisTick: { alignWithLabel: true },
    inverse: horizontal,
  };
  const valAxis = {
    type: 'value',
    name: o.valueName || '',
    nameLocation: horizontal ? 'middle' : 'end',
    nameGap: horizontal ? 26 : 12,
    nameTextStyle: { fontSize: 12, color: '#555' },
    min: o.valueMin,
    max: o.valueMax,
    axisLabel: { formatter: (v) => fmt(v, 3), fontSize: 12 },
    splitLine: { lineStyle: { color: '#e6e6e6' } },
  };
  const out = [];
  series.forEach((s) => {
    out.push({
      type: 'bar', name: s.name, data: s.data, stack: s.stack, stackStrategy: s.stack ? 'samesign' : undefined,
      color: s.color, itemStyle: s.color ? { color: s.color } : undefined,
      barMaxWidth: 36, emphasis: { focus: 'series' },
    });
  });
  if (!stacked) series.forEach((s, k) => { if (s.errors) out.push(whiskers(s, k, series.length, horizontal)); });
  return baseOption({
    grid: {
      top: showLegend ? 50 : 24,
      left: horizontal ? (o.labelWidth || 200) : 56,
      right: 24,
      bottom: o.zoom ? 64 : (horizontal ? 44 : (o.categoryLabels && o.categoryLabels.rotate ? 72 : 34)),
      containLabel: false,
    },
    legend: showLegend ? legendOption(series.map((s) => s.name)) : undefined,
    tooltip: {
      trigger: 'axis',
      confine: true,
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const ps = (Array.isArray(params) ? params : [params]).filter((p) => p.seriesType === 'bar');
        if (!ps.length) return '';
        const i = ps[0].dataIndex;
        const rows = [`<b>${ps[0].name}</b>`];
        for (const p of ps) {
          const s = series.find((x) => x.name === p.seriesName);
          let t = `${p.marker}${p.seriesName}: ${fmt(p.value, 4)}`;
          if (s && s.errors && s.errors[i]) t += ` [${fmt(s.errors[i][0], 3)}, ${fmt(s.errors[i][1], 3)}]`;
          rows.push(t);
        }
        return rows.join('<br>');
      },
    },
    xAxis: horizontal ? valAxis : catAxis,
    yAxis: horizontal ? catAxis : valAxis,
    dataZoom: o.zoom ? [{ type: 'slider', bottom: 8, height: 22 }, { type: 'inside' }] : undefined,
    series: out,
  });
}

export function rangeBarsOption(o) {
  const rows = o.rows || [];
  const color = o.color || '#0072B2';
  const norm = (r, v) => {
    if (r.log && r.min > 0 && v > 0) return r.max > r.min ? (Math.log(v) - Math.log(r.min)) / (Math.log(r.max) - Math.log(r.min)) : 0;
    return r.max > r.min ? (v - r.min) / (r.max - r.min) : 0;
  };
  const data = rows.map((r, i) => ({ value: [i, norm(r, r.lo), norm(r, r.hi), r.lo, r.hi, r.min, r.max, r.restricted === undefined ? -1 : r.restricted ? 1 : 0], name: r.name }));
  return baseOption({
    grid: { top: 16, left: o.labelWidth || 220, right: 120, bottom: 44 },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p) => {
        const v = p.value;
        return `<b>${p.name}</b><br>box ${fmt(v[3], 4)} … ${fmt(v[4], 4)}<br>range ${fmt(v[5], 4)} … ${fmt(v[6], 4)}`;
      },
    },
    xAxis: { type: 'value', min: 0, max: 1, name: o.valueName || 'position in the parameter\u2019s range', nameLocation: 'middle', nameGap: 26, nameTextStyle: { fontSize: 12, color: '#555' }, axisLabel: { formatter: (v) => `${Math.round(v * 100)}%` }, splitLine: { lineStyle: { color: '#eee' } } },
    yAxis: { type: 'category', data: rows.map((r) => r.name), inverse: true, axisLabel: { fontSize: 12, interval: 0, width: (o.labelWidth || 220) - 12, overflow: 'truncate' } },
    series: [{
      type: 'custom',
      name: o.name || 'box',
      encode: { y: 0, x: [1, 2] },
      data,
      renderItem: (params, api) => {
        const i = api.value(0);
        const h = api.size([0, 1])[1] * 0.5;
        const full0 = api.coord([0, i]);
        const full1 = api.coord([1, i]);
        const a = api.coord([api.value(1), i]);
        const b = api.coord([api.value(2), i]);
        const flag = api.value(7);
        const restricted = flag === -1 ? api.value(1) > 1e-9 || api.value(2) < 1 - 1e-9 : flag === 1;
        return { type: 'group', children: [
          { type: 'rect', shape: { x: full0[0], y: full0[1] - h / 2, width: full1[0] - full0[0], height: h }, style: { fill: '#e4e4e4' } },
          { type: 'rect', shape: { x: a[0], y: a[1] - h / 2, width: Math.max(2, b[0] - a[0]), height: h }, style: { fill: color, opacity: restricted ? 0.9 : 0.35 } },
          { type: 'text', x: full1[0] + 8, y: full1[1], style: { text: `${fmt(api.value(3), 3)} … ${fmt(api.value(4), 3)}`, fill: '#333', font: '12px system-ui, sans-serif', verticalAlign: 'middle' } },
        ] };
      },
    }],
  });
}
