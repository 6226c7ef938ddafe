// CSV reading for bpsim's result files (RFC 4180: quoted fields, "" inside quotes, CRLF or LF).
//
//   parseCsv(text) -> {header: string[], records: (string|null)[][]}
//       raw fields; an empty field is null.
//   parseTable(text, {numeric}) -> Table
//       Table = {columns: string[], length, rows: object[], col(name) -> array, has(name)}
//       A column is numeric when every non-empty value is a number ("nan", "inf", "-inf"
//       included); numeric values are JS numbers (exactly what Number() gives for the
//       shortest round-trip text bpsim writes), others strings; empty fields are null.
//       opts.numeric: optional array of column names forced numeric (non-numbers -> NaN).
//   toNumber(s) -> number | null   ("" / null -> null, "nan" -> NaN, "inf" -> Infinity)
//   groupBy(rows, key) -> Map(key value -> rows[])

export function parseCsv(text) {
  const records = [];
  let rec = [];
  let field = '';
  let wasQuoted = false;
  const n = text.length;
  let i = 0;
  // Fast path: scan unquoted fields with indexOf-free charCode loop.
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c === 34 /* " */ && field === '' && !wasQuoted) {
      // quoted field
      i++;
      let start = i;
      let buf = '';
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) { buf += text.slice(start); i = n; break; }
        if (text.charCodeAt(q + 1) === 34) { buf += text.slice(start, q + 1); i = q + 2; start = i; continue; }
        buf += text.slice(start, q); i = q + 1; break;
      }
      field = buf;
      wasQuoted = true;
      continue;
    }
    if (c === 44 /* , */) {
      rec.push(field === '' && !wasQuoted ? null : field);
      field = ''; wasQuoted = false; i++;
      continue;
    }
    if (c === 10 || c === 13) {
      rec.push(field === '' && !wasQuoted ? null : field);
      records.push(rec);
      rec = []; field = ''; wasQuoted = false;
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      i++;
      continue;
    }
    // plain run of characters up to the next delimiter
    let j = i;
    while (j < n) {
      c = text.charCodeAt(j);
      if (c === 44 || c === 10 || c === 13) break;
      j++;
    }
    field += text.slice(i, j);
    i = j;
  }
  if (field !== '' || wasQuoted || rec.length) {
    rec.push(field === '' && !wasQuoted ? null : field);
    records.push(rec);
  }
  const header = records.length ? records.shift().map((h) => h ?? '') : [];
  // drop blank lines
  const out = records.filter((r) => !(r.length === 1 && r[0] === null));
  return { header, records: out };
}

const NUM_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function toNumber(s) {
  if (s === null || s === undefined || s === '') return null;
  if (typeof s === 'number') return s;
  const t = s.trim().toLowerCase();
  if (NUM_RE.test(t)) return Number(t);
  if (t === 'nan' || t === '-nan') return NaN;
  if (t === 'inf' || t === '+inf' || t === 'infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  return undefined;
}

export function parseTable(text, opts = {}) {
  const { header, records } = parseCsv(text || '');
  const forced = new Set(opts.numeric || []);
  const ncol = header.length;
  const numeric = header.map((h, k) => {
    if (forced.has(h)) return true;
    let any = false;
    for (const r of records) {
      const v = r[k];
      if (v === null || v === undefined) continue;
      if (toNumber(v) === undefined) return false;
      any = true;
    }
    return any;
  });
  const cols = header.map(() => new Array(records.length));
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    for (let k = 0; k < ncol; k++) {
      const v = r[k] === undefined ? null : r[k];
      if (v === null) { cols[k][i] = null; continue; }
      if (numeric[k]) { const x = toNumber(v); cols[k][i] = x === undefined ? NaN : x; } else cols[k][i] = v;
    }
  }
  const index = new Map(header.map((h, k) => [h, k]));
  let rowsCache = null;
  return {
    columns: header,
    length: records.length,
    numericColumns: header.filter((h, k) => numeric[k]),
    has: (name) => index.has(name),
    col(name) {
      const k = index.get(name);
      if (k === undefined) throw new Error(`CSV has no column '${name}' (columns: ${header.join(', ')})`);
      return cols[k];
    },
    get rows() {
      if (!rowsCache) {
        rowsCache = new Array(records.length);
        for (let i = 0; i < records.length; i++) {
          const o = {};
          for (let k = 0; k < ncol; k++) o[header[k]] = cols[k][i];
          rowsCache[i] = o;
        }
      }
      return rowsCache;
    },
  };
}

export function groupBy(rows, key) {
  const m = new Map();
  const f = typeof key === 'function' ? key : (r) => r[key];
  for (const r of rows) {
    const k = f(r);
    let g = m.get(k);
    if (!g) { g = []; m.set(k, g); }
    g.push(r);
  }
  return m;
}
