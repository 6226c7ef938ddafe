// Formatting helpers.
//
//   fmt(x, digits = 3)        number -> text with `digits` significant digits; null -> "–"
//   fmtFixed(x, d = 2)        fixed decimals
//   fmtSigned(x, d = 2)       "+0.57" / "-0.12"
//   fmtPct(x, d = 0)          0.61 -> "61%"
//   tickLabel(labels, t)      the calendar label of tick t, "tick t" when absent
//   escapeHtml(s)
//   el(tag, attrs, ...children)  tiny DOM builder: attrs {class, text, html, style, on*: fn, data-*: v}
export function fmt(x, digits = 3) {
  if (x === null || x === undefined) return '–';
  if (typeof x !== 'number') return String(x);
  if (Number.isNaN(x)) return 'n/a';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-4) return x.toExponential(Math.max(0, digits - 1));
  return String(Number(x.toPrecision(digits)));
}

export function fmtFixed(x, d = 2) {
  if (x === null || x === undefined) return '–';
  if (Number.isNaN(x)) return 'n/a';
  return x.toFixed(d);
}

export function fmtSigned(x, d = 2) {
  if (x === null || x === undefined) return '–';
  if (Number.isNaN(x)) return 'n/a';
  const s = x.toFixed(d);
  return x >= 0 ? `+${s}` : s;
}

export function fmtPct(x, d = 0) {
  if (x === null || x === undefined) return '–';
  if (Number.isNaN(x)) return 'n/a';
  return `${(x * 100).toFixed(d)}%`;
}

export function tickLabel(labels, t) {
  return labels && labels[t] !== undefined ? labels[t] : `tick ${t}`;
}

export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k === 'html') e.innerHTML = v;
    else if (k === 'style' && typeof v === 'object') Object.assign(e.style, v);
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return e;
}
