// Chart cards: an ECharts instance in a titled card with SVG/PNG export buttons.
//
//   createChart(parent, opts) -> ChartHandle
//     opts: {id, title, subtitle?, option?, height? (px, 320), wide? (spans the grid),
//            fileName? (export base name, default id), renderer? ('canvas' | 'svg'),
//            exportTitle? (title written into exported images, default title)}
//     The card is <section class="bp-card" data-chart="ID"> with header (h3 title, a
//     .bp-controls slot for pickers, buttons data-export="svg" / "png"), an optional
//     .bp-sub subtitle, the chart body (.bp-chart) and a .bp-extra slot below it.
//   ChartHandle: {id, title, card, body, controls, extra, chart (the ECharts instance),
//     setOption(option, {update?})  replaces the whole option (kept for export and
//                           stats); update: true animates same-id series to the new data
//     option()              the last option given
//     stats()               {series: non-empty series, points: total data points}
//     seriesData()          [{name, type, data}] of the current option (values only)
//     toSVG() -> string     "<svg ...>" of the chart (offscreen SVG-renderer instance)
//     toPNG() -> string     data:image/png;base64 URL (offscreen canvas instance, 2x)
//     exportSVG(), exportPNG()  trigger a download (what the buttons do)
//     resize(), dispose()}
//   chartSeries(id) -> seriesData() of the chart with that id (null if none)
//   registry: every live ChartHandle, in creation order; chartSummaries() ->
//     [{id, title, series, points}] (the report's test hook uses it)
//   baseOption(extra) -> an option with the common font, colours, animation settings
//   download(name, dataOrBlob) -> saves via a temporary <a download> (data:/blob: URL)
import { echarts } from './echarts.js';
import { FONT, PALETTE } from './palette.js';

export const registry = [];
const widthCache = {};

export function chartSeries(id) {
  const h = registry.find((x) => x.id === id && !x.disposed);
  return h ? h.seriesData() : null;
}

export function chartSummaries() {
  return registry.filter((h) => !h.disposed).map((h) => ({ id: h.id, title: h.title, ...h.stats() }));
}

export function baseOption(extra = {}) {
  return {
    color: PALETTE,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: FONT, fontSize: 13, color: '#222' },
    // no entry animation: a report opens drawn (and faster); the map turns update
    // animation on for its moves between ticks
    animation: false,
    ...extra,
  };
}

function make(tag, cls, attrs = {}) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

export function download(name, data) {
  const a = document.createElement('a');
  a.download = name;
  let revoke = null;
  if (data instanceof Blob) { a.href = URL.createObjectURL(data); revoke = a.href; } else a.href = data;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  // the blob URL lives long enough for the browser to fetch it (revoking it early loses downloads)
  setTimeout(() => a.remove(), 2000);
  if (revoke) setTimeout(() => URL.revokeObjectURL(revoke), 60000);
}

function countPoints(data) {
  if (!Array.isArray(data)) return 0;
  let n = 0;
  for (const d of data) {
    if (d === null || d === undefined || d === '-') continue;
    const v = d && typeof d === 'object' && !Array.isArray(d) ? d.value : d;
    if (v === null || v === undefined || v === '-') continue;
    if (typeof v === 'number' && !Number.isFinite(v)) continue;
    if (Array.isArray(v) && v.some((x) => x === null || x === undefined || (typeof x === 'number' && Number.isNaN(x)))) continue;
    n++;
  }
  return n;
}

function asArray(x) { return x === undefined || x === null ? [] : Array.isArray(x) ? x : [x]; }

// The option with a title written in and everything below it moved down (for export).
function withTitle(option, text, width) {
  const shift = text ? 34 : 0;
  const move = (c) => {
    if (!c || typeof c !== 'object') return c;
    const o = { ...c };
    if (typeof o.top === 'number') o.top += shift;
    else if (o.top === undefined && o.bottom === undefined) o.top = 60 + shift;
    return o;
  };
  const out = { ...option, animation: false, backgroundColor: '#ffffff' };
  if (text) {
    out.title = { text, left: 12, top: 8, textStyle: { fontFamily: FONT, fontSize: 15, fontWeight: 600, color: '#222' } };
    out.grid = Array.isArray(option.grid) ? option.grid.map(move) : move(option.grid || {});
    if (option.legend) out.legend = Array.isArray(option.legend) ? option.legend.map(move) : move(option.legend);
    if (option.graphic) out.graphic = asArray(option.graphic).map(move);
  }
  void width;
  // an image has no zoom slider: the full range, with the slider's room given back
  if (option.dataZoom) {
    delete out.dataZoom;
    const g = out.grid || option.grid;
    if (g && !Array.isArray(g) && typeof g.bottom === 'number') out.grid = { ...g, bottom: Math.min(g.bottom, 34) };
  }
  return out;
}

export function createChart(parent, opts) {
  const { id, title = '', subtitle = '', height = 320, wide = false } = opts;
  const card = make('section', `bp-card${wide ? ' bp-wide' : ''}`, { 'data-chart': id });
  const header = make('header', 'bp-card-head');
  const h = make('h3', 'bp-card-title');
  h.textContent = title;
  const controls = make('div', 'bp-controls');
  const tools = make('div', 'bp-tools');
  const bSvg = make('button', 'bp-btn bp-export', { type: 'button', 'data-export': 'svg', title: `Download “${title}” as SVG` });
  bSvg.textContent = 'SVG';
  const bPng = make('button', 'bp-btn bp-export', { type: 'button', 'data-export': 'png', title: `Download “${title}” as PNG` });
  bPng.textContent = 'PNG';
  tools.append(bSvg, bPng);
  header.append(h, controls, tools);
  card.appendChild(header);
  if (subtitle) {
    const p = make('p', 'bp-sub');
    p.textContent = subtitle;
    card.appendChild(p);
  }
  const body = make('div', 'bp-chart');
  body.style.height = `${height}px`;
  card.appendChild(body);
  const extra = make('div', 'bp-extra');
  card.appendChild(extra);
  parent.appendChild(card);

  // The size is read once per card width (wide or not) and handed to ECharts: each init
  // reading the layout itself forces a relayout of the growing page (slow to open).
  // autoResize() re-reads real sizes ('auto') on any later change.
  const key = wide ? 'wide' : 'normal';
  if (!widthCache[key] || widthCache.page !== window.innerWidth) {
    widthCache.page = window.innerWidth;
    widthCache[key] = body.clientWidth || 600;
  }
  const chart = echarts.init(body, null, { renderer: opts.renderer || 'canvas', width: widthCache[key], height });
  let current = null;
  const fileName = (opts.fileName || id).replace(/[^A-Za-z0-9_.-]+/g, '_');
  const exportTitle = opts.exportTitle !== undefined ? opts.exportTitle : title;

  const offscreen = (renderer, fn) => {
    const w = body.clientWidth || 800;
    const hh = (body.clientHeight || height) + (exportTitle ? 34 : 0);
    const div = document.createElement('div');
    div.style.cssText = `position:absolute;left:-20000px;top:0;width:${w}px;height:${hh}px`;
    document.body.appendChild(div);
    const inst = echarts.init(div, null, { renderer, width: w, height: hh });
    try {
      inst.setOption(withTitle(current || {}, exportTitle, w));
      return fn(inst);
    } finally {
      inst.dispose();
      div.remove();
    }
  };

  const handle = {
    id, title, card, body, controls, extra, chart, disposed: false,
    setOption(option, how = {}) {
      current = option;
      // how.update: keep the chart and let series with the same id move (animated) to
      // their new data; by default the whole option is replaced
      if (how.update) chart.setOption(option, { replaceMerge: ['series', 'graphic', 'xAxis', 'yAxis'] });
      else chart.setOption(option, { notMerge: true });
    },
    option: () => current,
    seriesData() {
      return asArray(current && current.series).map((s) => ({
        name: s.name, type: s.type,
        data: Array.isArray(s.data) ? s.data.map((d) => (d && typeof d === 'object' && !Array.isArray(d) ? d.value : d)) : [],
      }));
    },
    stats() {
      let series = 0;
      let points = 0;
      for (const s of asArray(current && current.series)) {
        const n = countPoints(s.data);
        if (n > 0) series++;
        points += n;
      }
      return { series, points };
    },
    toSVG() {
      return offscreen('svg', (inst) => inst.renderToSVGString());
    },
    toPNG() {
      return offscreen('canvas', (inst) => inst.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' }));
    },
    exportSVG() {
      const svg = handle.toSVG();
      download(`${fileName}.svg`, new Blob([svg], { type: 'image/svg+xml' }));
    },
    exportPNG() {
      download(`${fileName}.png`, handle.toPNG());
    },
    resize() { chart.resize({ width: 'auto', height: 'auto' }); },
    dispose() {
      handle.disposed = true;
      chart.dispose();
      card.remove();
      const i = registry.indexOf(handle);
      if (i >= 0) registry.splice(i, 1);
    },
  };
  bSvg.addEventListener('click', () => handle.exportSVG());
  bPng.addEventListener('click', () => handle.exportPNG());
  if (opts.option) handle.setOption(opts.option);
  registry.push(handle);
  return handle;
}

// One resize listener for every chart of the page.
let resizeHooked = false;
export function autoResize() {
  if (resizeHooked || typeof window === 'undefined') return;
  resizeHooked = true;
  let pending = 0;
  const run = () => { pending = 0; for (const h of registry) if (!h.disposed) h.resize(); };
  window.addEventListener('resize', () => { if (!pending) pending = requestAnimationFrame(run); });
  if (typeof ResizeObserver !== 'undefined') {
    const ro = new ResizeObserver(() => { if (!pending) pending = requestAnimationFrame(run); });
    ro.observe(document.body);
  }
}
