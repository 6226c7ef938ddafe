// Small DOM pieces of the report: pickers, tables, section titles.
import { el, fmt } from '../common/format.js';

export function sectionTitle(grid, text) {
  grid.appendChild(el('h2', { class: 'bp-section-title', text }));
}

// A multi-select as a drop-down of checkboxes. onChange(selectedKeys) on every change.
export function pairPicker(parent, keys, selected, onChange, what = 'pairs') {
  const sel = new Set(selected);
  const summary = el('summary', {});
  const list = el('div', { class: 'bp-picker-list' });
  const details = el('details', { class: 'bp-picker', 'data-picker': what }, summary, list);
  const boxes = [];
  const update = () => { summary.textContent = `${what}: ${sel.size} of ${keys.length} ▾`; };
  const emit = () => { update(); onChange(keys.filter((k) => sel.has(k))); };
  const setAll = (on) => { for (const [k, b] of boxes) { b.checked = on; if (on) sel.add(k); else sel.delete(k); } emit(); };
  list.appendChild(el('div', { class: 'bp-picker-actions' },
    el('button', { type: 'button', class: 'bp-btn', text: 'all', onclick: () => setAll(true) }),
    el('button', { type: 'button', class: 'bp-btn', text: 'none', onclick: () => setAll(false) }),
    el('button', { type: 'button', class: 'bp-btn', text: 'default', onclick: () => { sel.clear(); for (const k of selected) sel.add(k); for (const [k, b] of boxes) b.checked = sel.has(k); emit(); } })));
  for (const k of keys) {
    const b = el('input', { type: 'checkbox', value: k });
    b.checked = sel.has(k);
    b.addEventListener('change', () => { if (b.checked) sel.add(k); else sel.delete(k); emit(); });
    boxes.push([k, b]);
    list.appendChild(el('label', {}, b, k));
  }
  document.addEventListener('click', (ev) => { if (details.open && !details.contains(ev.target)) details.open = false; });
  update();
  parent.appendChild(details);
  return details;
}

// A single-choice <select>; onChange(value).
export function statePicker(parent, values, value, onChange, what = 'state', labelOf = (v) => v) {
  const s = el('select', { 'data-picker': what, 'aria-label': what });
  for (const v of values) s.appendChild(el('option', { value: v, text: labelOf(v) }));
  s.value = value;
  s.addEventListener('change', () => onChange(s.value));
  parent.appendChild(el('label', {}, what, s));
  return s;
}

// A table from column specs [{key, label, num?, digits?}] and rows of objects; a row's
// _class becomes its class, _tick (with opts.rowAttr) a data attribute.
export function tableOf(cols, rows, opts = {}) {
  const head = el('tr', {}, ...cols.map((c) => el('th', { class: c.num ? 'num' : '', text: c.label })));
  const body = el('tbody');
  for (const r of rows) {
    const tr = el('tr', { class: r._class || '' });
    if (opts.rowAttr && r._tick !== undefined) tr.setAttribute(opts.rowAttr, r._tick);
    for (const c of cols) {
      const v = r[c.key];
      tr.appendChild(el('td', { class: c.num ? 'num' : '', text: typeof v === 'number' && c.digits ? fmt(v, c.digits) : v === null || v === undefined ? '–' : String(v) }));
    }
    body.appendChild(tr);
  }
  return el('table', { class: 'bp-table' }, el('thead', {}, head), body);
}

export function ticksOf(col) {
  return [...new Set(col)].filter((t) => t !== null).sort((a, b) => a - b);
}

// Vertical marks at the first tick of each event kind asked for (e.g. "sanctions from 2014Q2").
export function firstTicks(events, kinds, labels) {
  const marks = [];
  for (const k of kinds) {
    let first = Infinity;
    for (const e of events) if (e.kind === k && e.tick < first) first = e.tick;
    if (Number.isFinite(first) && first > 0) marks.push({ at: first, label: `${k} from ${labels[first] ?? first}` });
  }
  return marks;
}
