// The JavaScript side of the WebAssembly bridge (sim/web/wasm_exports.cpp): the real
// bpsim engine, compiled with Emscripten, running in the page. The module is inlined in
// the page by `bpsim classroom` (a <script> defining createBpsimEngine); nothing is
// fetched. API (web/README.md):
//   const engine = await loadEngine();
//   const h = engine.load(scenarioJson);               // object or JSON text
//   const r = engine.run(h, {"events.0.sanctions.intensity": 0}, {seed: 7, ticks: 48});
//   const files = engine.csv(h, overrides, {seed});    // {"states.csv": text, ...}
//   engine.bench(h, reps)                              // median us per bare run

const TABLES = ["states", "dyads", "world"];

function seedText(seed) {
  if (seed === undefined || seed === null || seed === "") return "";
  if (typeof seed === "bigint") return seed.toString();
  if (typeof seed === "number") {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`seed must be a whole number >= 0, got ${seed}`);
    return String(seed);
  }
  const s = String(seed).trim();
  if (!/^[0-9]{1,20}$/.test(s)) throw new Error(`seed must be a whole number >= 0, got '${s}'`);
  return s;
}

// Columns whose values are state ids (indices in the numeric table).
const ID_COLUMNS = { states: ["state"], dyads: ["a", "b"], world: [] };

export async function loadEngine(factory = globalThis.createBpsimEngine) {
  if (typeof factory !== "function") throw new Error("the bpsim engine (createBpsimEngine) is not in this page");
  const m = await factory();
  const cstr = (text) => {
    const n = m.lengthBytesUTF8(text) + 1;
    const p = m._malloc(n);
    m.stringToUTF8(text, p, n);
    return p;
  };
  const withStrings = (texts, fn) => {
    const ptrs = texts.map(cstr);
    try {
      return fn(...ptrs);
    } finally {
      ptrs.forEach((p) => m._free(p));
    }
  };
  const error = () => m.UTF8ToString(m._bp_error());
  const ids = [];  // per handle: state ids

  function exec(h, overrides, opts, withCsv) {
    const o = opts || {};
    const ticks = o.ticks === undefined || o.ticks === null ? -1 : o.ticks;
    if (!Number.isInteger(ticks) || ticks < -1) throw new Error(`ticks must be a whole number >= 0, got ${o.ticks}`);
    const rc = withStrings([JSON.stringify(overrides || {}), seedText(o.seed)], (po, ps) =>
      m._bp_run(h, po, ps, ticks, withCsv ? 1 : 0));
    if (rc !== 0) throw new Error(error());
    return JSON.parse(m.UTF8ToString(m._bp_meta()));
  }

  return {
    load(scenario) {
      const text = typeof scenario === "string" ? scenario : JSON.stringify(scenario);
      const h = withStrings([text], (p) => m._bp_load(p));
      if (h < 0) throw new Error(error());
      ids[h] = (typeof scenario === "string" ? JSON.parse(scenario) : scenario).state_ids;
      return h;
    },
    // Rows as objects with the CSV columns of `bpsim run`. The numeric table holds every
    // column but `date`, whose value per tick comes in meta.dates.
    run(h, overrides, opts) {
      const meta = exec(h, overrides, opts, false);
      const out = { columns: meta.columns, events: meta.events };
      TABLES.forEach((name, t) => {
        const cols = meta.columns[name];
        const stride = cols.length - 1;
        const n = m._bp_table_size(t);
        const view = new Float64Array(m.HEAPF64.buffer, m._bp_table(t), n);
        const rows = [];
        for (let r = 0; r + stride <= n; r += stride) {
          const row = {};
          for (let c = 0, k = 0; c < cols.length; c++) row[cols[c]] = cols[c] === "date" ? meta.dates[view[r]] : view[r + k++];
          for (const k of ID_COLUMNS[name]) row[k] = ids[h][row[k]];
          rows.push(row);
        }
        out[name] = rows;
      });
      return out;
    },
    csv(h, overrides, opts) {
      return exec(h, overrides, opts, true).files;
    },
    bench(h, reps = 200) {
      const us = m._bp_bench(h, reps);
      if (us < 0) throw new Error(error());
      return us;
    },
  };
}
