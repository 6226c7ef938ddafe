// The alignment map: states as bubbles in alignment space at one tick.
//
//   alignmentMap(parent, o) -> MapHandle
//     o: {id = 'alignment-map', title, subtitle?, height = 520,
//         states: [{id, name}], colors: Map(id -> colour),
//         frames: per tick, [{id, x, y, power}] (x, y: the plotted coordinates),
//         links?: per tick, [{a, b, value}] (drawn as a line between a and b),
//         events?: per tick, [{kind, actors: [ids], text?, detail}] (a ring around each actor),
//         xName, yName, extent?: {x: [lo, hi], y: [lo, hi]} (default [-1, 1] both),
//         note?: text written on the chart (e.g. "PCA projection of 3 axes"),
//         labels?: tick labels (shown in the corner), tick = 0,
//         sizeScale = 120 (bubble diameter px = sizeScale * sqrt(power); area ∝ power)}
//   MapHandle: {chart: ChartHandle, tick(), setTick(t), positions() -> [{id, x, y, power}]
//     (read back from the plotted series: exactly what the map shows),
//     rings() -> [{id, kind}] (the event rings drawn at this tick),
//     setFrames({frames, links, events}) (new data, same tick)}
//   Bubbles never shrink below 6 px (a state with almost no power stays visible).
import { createChart, baseOption } from './core.js';
import { eventColor } from './palette.js';
import { fmt } from '../common/format.js';

const KIND_LABEL = {
  sanctions: 'sanctions', arms_sale: 'arms sale', exercise: 'exercise', incident: 'incident',
  engagement: 'engagement', blocked_sale: 'blocked sale',
};

export { eventColor };
// A kind's words: its own, else its key with spaces ("energy_deal" -> "energy deal").
export function eventLabel(kind) { return KIND_LABEL[kind] || String(kind || '').replace(/_/g, ' '); }

export function alignmentMap(parent, o) {
  const chart = createChart(parent, {
    id: o.id || 'alignment-map', title: o.title || 'Alignment map', subtitle: o.subtitle,
    height: o.height || 520, wide: o.wide !== false,
  });
  let frames = o.frames || [];
  let links = o.links || [];
  let events = o.events || [];
  let t = o.tick || 0;
  const scale = o.sizeScale || 120;
  const ext = o.extent || { x: [-1, 1], y: [-1, 1] };
  const nameOf = new Map((o.states || []).map((s) => [s.id, s.name || s.id]));
  const size = (p) => Math.max(6, scale * Math.sqrt(Math.max(0, p)));

  const narrow = () => (chart.body.clientWidth || 800) < 640;
  let wasNarrow = narrow();
  let drawn = false;
  const render = () => {
    wasNarrow = narrow();
    const frame = frames[t] || [];
    const pos = new Map(frame.map((s) => [s.id, s]));
    const stateData = frame.map((s) => ({
      name: s.id,
      value: [s.x, s.y, s.power],
      symbolSize: size(s.power),
      // a label that does not fit in its bubble goes beside it
      label: size(s.power) < 30 ? { position: 'right', distance: 3 } : undefined,
      itemStyle: { color: o.colors.get(s.id) || '#777', opacity: 0.78, borderColor: '#fff', borderWidth: 1.5 },
    }));
    const linkData = (links[t] || []).filter((l) => pos.has(l.a) && pos.has(l.b)).map((l) => ({
      name: `${l.a}–${l.b}`,
      value: [pos.get(l.a).x, pos.get(l.a).y, pos.get(l.b).x, pos.get(l.b).y, l.value],
    }));
    // one ring per (actor, kind) at this tick, growing outwards for each extra kind
    const rings = [];
    const perActor = new Map();
    for (const e of events[t] || []) {
      for (const a of e.actors || []) {
        if (!pos.has(a)) continue;
        let kinds = perActor.get(a);
        if (!kinds) { kinds = new Map(); perActor.set(a, kinds); }
        if (!kinds.has(e.kind)) kinds.set(e.kind, []);
        kinds.get(e.kind).push(e);
      }
    }
    for (const [a, kinds] of perActor) {
      const s = pos.get(a);
      let k = 0;
      for (const [kind, list] of kinds) {
        rings.push({
          name: a,
          value: [s.x, s.y, kind],
          symbolSize: size(s.power) + 10 + 8 * k,
          itemStyle: { color: 'transparent', borderColor: eventColor(kind), borderWidth: 3, borderType: kind === 'blocked_sale' ? 'dashed' : 'solid' },
          events: list.map((e) => `${eventLabel(e.kind)}: ${e.text || (e.actors || []).join(', ')}${e.detail ? ` (${e.detail})` : ''}`),
        });
        k++;
      }
    }
    const kindsNow = [...new Set((events[t] || []).map((e) => e.kind))];
    chart.setOption(baseOption({
      animation: true,
      animationDuration: 0,
      animationDurationUpdate: 350,
      animationEasingUpdate: 'cubicOut',
      grid: { top: wasNarrow ? 40 + 16 * Math.ceil(kindsNow.length / 2) : 36, left: wasNarrow ? 44 : 64, right: wasNarrow ? 16 : 140, bottom: 52 },
      tooltip: {
        trigger: 'item',
        confine: true,
        formatter: (p) => {
          if (p.seriesId === 'states') {
            return `<b>${nameOf.get(p.name) || p.name}</b> (${p.name})<br>${o.xName}: ${fmt(p.value[0], 4)}<br>${o.yName}: ${fmt(p.value[1], 4)}<br>power: ${fmt(p.value[2], 4)}`;
          }
          if (p.seriesId === 'links') return `${p.name}: relation ${fmt(p.value[4], 3)}`;
          if (p.seriesId === 'events') return `<b>${p.name}</b><br>${(p.data.events || []).join('<br>')}`;
          return '';
        },
      },
      graphic: [
        { type: 'text', right: 16, top: 8, style: { text: o.labels ? (o.labels[t] ?? `tick ${t}`) : `tick ${t}`, font: '600 20px system-ui, sans-serif', fill: '#333' } },
        ...(o.note ? [{ type: 'text', left: 70, top: 10, style: { text: o.note, font: '12px system-ui, sans-serif', fill: '#666' } }] : []),
        ...(linkData.length ? [{ type: 'text', right: 16, bottom: 60, style: { text: '— relation ≥ 0.5', font: '12px system-ui, sans-serif', fill: '#555' } }] : []),
        ...kindsNow.map((k, i) => ({ type: 'text', right: wasNarrow ? 16 + (i % 2) * 110 : 16, top: wasNarrow ? 30 + 16 * Math.floor(i / 2) : 40 + 18 * i, style: { text: `◯ ${eventLabel(k)}`, font: '600 13px system-ui, sans-serif', fill: eventColor(k) } })),
      ],
      xAxis: { type: 'value', min: ext.x[0], max: ext.x[1], name: o.xName, nameLocation: 'middle', nameGap: 28, nameTextStyle: { fontSize: 13, color: '#444' }, axisLabel: { formatter: (v) => fmt(v, 2) }, splitLine: { lineStyle: { color: '#eee' } }, axisLine: { onZero: false } },
      yAxis: { type: 'value', min: ext.y[0], max: ext.y[1], name: o.yName, nameLocation: 'middle', nameGap: 42, nameTextStyle: { fontSize: 13, color: '#444' }, axisLabel: { formatter: (v) => fmt(v, 2) }, splitLine: { lineStyle: { color: '#eee' } }, axisLine: { onZero: false } },
      series: [
        {
          id: 'links', type: 'custom', name: 'strong relations', data: linkData, z: 1,
          encode: { x: [0, 2], y: [1, 3] },
          renderItem: (params, api) => {
            const p1 = api.coord([api.value(0), api.value(1)]);
            const p2 = api.coord([api.value(2), api.value(3)]);
            return { type: 'line', shape: { x1: p1[0], y1: p1[1], x2: p2[0], y2: p2[1] }, style: { stroke: '#6a6a6a', lineWidth: 1 + 3 * Math.max(0, api.value(4) - 0.5) * 2, opacity: 0.55 } };
          },
        },
        {
          id: 'states', type: 'scatter', name: 'states', data: stateData, z: 3,
          label: { show: true, formatter: (p) => p.name, position: 'inside', fontSize: 12, fontWeight: 600, color: '#111', textBorderColor: '#fff', textBorderWidth: 2 },
          labelLayout: { hideOverlap: frame.length > 12 },
          emphasis: { scale: 1.05 },
        },
        {
          id: 'events', type: 'scatter', name: 'events', data: rings, z: 2,
          symbol: 'circle',
          // the rings of a tick's events flash in
          animationDuration: 450,
          animationDurationUpdate: 0,
          animationEasing: 'elasticOut',
        },
      ],
    }), { update: drawn });
    drawn = true;
  };

  const handle = {
    chart,
    tick: () => t,
    setTick(v) {
      const n = Math.max(0, Math.min(frames.length - 1, Math.round(Number(v))));
      t = Number.isFinite(n) ? n : 0;
      render();
      return t;
    },
    positions() {
      // read back from the ECharts instance: the data it is drawing now
      const opt = chart.chart.getOption();
      const s = opt && (opt.series || []).find((x) => x.id === 'states');
      return s ? s.data.map((d) => ({ id: d.name, x: d.value[0], y: d.value[1], power: d.value[2] })) : [];
    },
    rings() {
      const opt = chart.chart.getOption();
      const s = opt && (opt.series || []).find((x) => x.id === 'events');
      return s ? s.data.map((d) => ({ id: d.name, kind: d.value[2] })) : [];
    },
    setFrames(d) {
      if (d.frames) frames = d.frames;
      if (d.links) links = d.links;
      if (d.events) events = d.events;
      render();
    },
  };
  render();
  if (typeof ResizeObserver !== 'undefined') {
    new ResizeObserver(() => { if (narrow() !== wasNarrow) render(); }).observe(chart.body);
  }
  return handle;
}
