// The live pictures of the classroom page, built on the shared chart blocks
// (../charts): the alignment map, time series that grow tick by tick, and the event log.
// Each view is fed from a recording's index; nothing here runs the engine.
import { createChart, lineOption, valueAxis, alignmentMap, eventColor, eventLabel } from '../charts/index.js';
import { el, tickLabel } from '../common/format.js';

// Projector sizes: the shared options are made for a report read at a desk.
function projector(option) {
  const o = { ...option, animation: false };
  o.textStyle = { ...(o.textStyle || {}), fontSize: 16 };
  if (o.legend) o.legend = { ...o.legend, itemWidth: 26, itemHeight: 12, textStyle: { ...(o.legend.textStyle || {}), fontSize: 16 } };
  const axis = (a) => (a ? { ...a, axisLabel: { ...(a.axisLabel || {}), fontSize: 15 }, nameTextStyle: { ...(a.nameTextStyle || {}), fontSize: 15 } } : a);
  o.xAxis = Array.isArray(o.xAxis) ? o.xAxis.map(axis) : axis(o.xAxis);
  o.yAxis = Array.isArray(o.yAxis) ? o.yAxis.map(axis) : axis(o.yAxis);
  if (o.grid) o.grid = { ...o.grid, left: 64, top: o.legend ? 64 : 34 };
  return o;
}

// The events of one tick as the map draws them (a ring around each actor).
function mapEvents(index) {
  return index.events.map((list) => list.map((e) => ({
    kind: String(e.kind), actors: String(e.actors).split(/[;>]/).filter(Boolean),
    text: actorsText(String(e.kind), String(e.actors)), detail: String(e.detail || ''),
  })));
}

// Alignment map of one recording: setRecording(index) then setTick(t).
export class LiveMap {
  constructor(parent, S, colors, { id, title, subtitle = '', height = 540 }) {
    this.S = S;
    this.handle = alignmentMap(parent, {
      id, title, subtitle, height, states: S.states, colors,
      frames: [[]], xName: S.axes[0], yName: S.axes[1] || '', labels: S.tick_labels, tick: 0,
      sizeScale: 150,
    });
    this.card = this.handle.chart.card;
    this.index = null;
  }

  setRecording(index) {
    if (index === this.index) return;
    this.index = index;
    this.handle.setFrames({ frames: index.pos, events: mapEvents(index), links: index.pos.map(() => []) });
  }

  setTick(t) {
    this.handle.setTick(t);
    // larger state labels for the back row (merged into the map's own option by series id)
    this.handle.chart.chart.setOption({ series: [{ id: 'states', label: { fontSize: 17, fontWeight: 700 } }] });
  }

  positions() { return this.handle.positions(); }

  setHeight(px) {
    this.handle.chart.body.style.height = `${px}px`;
    this.handle.chart.resize();
  }

  setTitle(text) {
    const h = this.card.querySelector('.bp-card-title');
    if (h) h.textContent = text;
  }

  resize() { this.handle.chart.resize(); }

  dispose() { this.handle.chart.dispose(); }
}

// A time series over all ticks of the run, drawn up to the current tick, with a marker
// there. lines: [{name, color, data (full length), dashed?, width?, axis? (1: right axis)}].
export class LiveSeries {
  constructor(parent, S, { id, title, subtitle = '', height = 320, yMin, yMax, yName = '', y2 = null, zeroLine = false }) {
    this.S = S;
    this.o = { yMin, yMax, yName, y2, zeroLine };
    this.handle = createChart(parent, { id, title, subtitle, height });
    this.card = this.handle.card;
  }

  update(lines, t, ticks) {
    const labels = Array.from({ length: ticks }, (_, k) => tickLabel(this.S.tick_labels, k));
    const upTo = (d) => Array.from({ length: ticks }, (_, k) => (k <= t && Number.isFinite(d[k]) ? d[k] : null));
    const opt = lineOption({
      labels,
      series: lines.map((l) => ({ name: l.name, color: l.color, dashed: l.dashed, width: l.width || 3, data: upTo(l.data) })),
      yName: this.o.yName, yMin: this.o.yMin, yMax: this.o.yMax,
      marks: [{ at: t, label: '' }], zoom: false, legend: true,
    });
    if (this.o.y2) {
      opt.yAxis = [opt.yAxis, { ...valueAxis({ yName: this.o.y2.name, yMin: this.o.y2.min, yMax: this.o.y2.max }), splitLine: { show: false } }];
      opt.series.forEach((s, i) => { if (lines[i].axis === 1) s.yAxisIndex = 1; });
    }
    if (this.o.zeroLine && opt.series[0]) {
      opt.series[0].markLine = { ...opt.series[0].markLine, data: [...opt.series[0].markLine.data, { yAxis: 0, name: '' }] };
    }
    const big = projector(opt);
    if (this.o.y2) big.grid = { ...big.grid, right: 64 };
    this.handle.setOption(big);
  }

  resize() { this.handle.resize(); }

  dispose() { this.handle.dispose(); }
}

// "USA;EU;JPN>RUS" -> "USA, EU, JPN → RUS"; a sale "RUS;CHN" -> "RUS → CHN".
export function actorsText(kind, actors) {
  if (/sale/.test(kind) && !actors.includes('>')) return actors.split(';').join(' → ');
  return actors.split('>').map((x) => x.split(';').join(', ')).join(' → ');
}

// The event log: what happened, newest first, up to the current tick.
export class EventLog {
  constructor(container, S) {
    this.S = S;
    this.box = container;
    this.max = 40;
  }

  update(index, tick) {
    const items = [];
    for (let t = tick; t >= 0 && items.length < this.max; t--) {
      for (const e of index.events[t] || []) {
        if (items.length >= this.max) break;
        items.push(e);
      }
    }
    this.box.replaceChildren(...(items.length ? items.map((e) => {
      const kind = String(e.kind);
      return el('li', { class: 'ev' },
        el('span', { class: 'ev-tick', text: tickLabel(this.S.tick_labels, e.tick) }),
        el('span', { class: 'ev-kind', style: { background: eventColor(kind) }, text: eventLabel(kind) }),
        el('span', { class: 'ev-actors', text: actorsText(kind, String(e.actors)) }),
        el('span', { class: 'ev-detail', text: String(e.detail || '') }));
    }) : [el('li', { class: 'ev-none', text: 'Nothing has happened yet.' })]));
  }
}
