// A recorded run: the engine's rows of every tick, indexed for the page. Replaying a
// recording reads these arrays; it never runs the engine again.

export function pairKey(a, b) { return `${a}-${b}`; }

// Indexes engine.run's result {states, dyads, world, events, columns}.
export function indexResult(result, S) {
  const ids = S.states.map((s) => s.id);
  const axes = S.axes;
  const ticks = result.world.length ? result.world[result.world.length - 1].tick + 1 : 0;
  const firstTick = result.world.length ? result.world[0].tick : 0;
  const pos = Array.from({ length: ticks }, () => []);
  const power = Object.fromEntries(ids.map((id) => [id, new Array(ticks).fill(NaN)]));
  for (const r of result.states) {
    const x = Number(r[axes[0]]);
    const y = axes.length > 1 ? Number(r[axes[1]]) : 0;
    pos[r.tick].push({ id: r.state, x, y, power: Number(r.power) });
    power[r.state][r.tick] = Number(r.power);
  }
  const alignment = {};
  const ratio = {};
  const pairs = [];
  for (const r of result.dyads) {
    const k = pairKey(r.a, r.b);
    if (!alignment[k]) {
      alignment[k] = new Array(ticks).fill(NaN);
      ratio[k] = new Array(ticks).fill(NaN);
      pairs.push({ key: k, a: r.a, b: r.b });
    }
    alignment[k][r.tick] = Number(r.alignment);
    ratio[k][r.tick] = Number(r.power_ratio);
  }
  const world = {};
  for (const c of (result.columns && result.columns.world) || Object.keys(result.world[0] || {})) {
    if (c === 'tick' || c === 'date') continue;
    world[c] = new Array(ticks).fill(NaN);
  }
  for (const r of result.world) for (const c of Object.keys(world)) world[c][r.tick] = Number(r[c]);
  const events = Array.from({ length: ticks }, () => []);
  for (const e of result.events || []) if (e.tick >= 0 && e.tick < ticks) events[e.tick].push(e);
  const pairOf = Object.fromEntries(pairs.map((p) => [p.key, p]));
  return { ticks, firstTick, lastTick: ticks - 1, pos, power, alignment, ratio, pairs, pairOf, world, events };
}

// "CHN – RUS" (or with another separator) for a pair key of the index.
export function pairName(index, key, sep = ' – ') {
  const p = index.pairOf[key];
  return p ? `${p.a}${sep}${p.b}` : key;
}

// Pair key for any order of ids ("RUS-CHN" finds "CHN-RUS").
export function findPair(index, a, b) {
  if (index.alignment[pairKey(a, b)]) return pairKey(a, b);
  if (index.alignment[pairKey(b, a)]) return pairKey(b, a);
  return null;
}

// The watched pairs: every pair when there are at most three; else the focus state (the
// target of the first sanctions event, else of the first event) with the three largest
// other powers at tick 0.
export function defaultPairs(S, index) {
  if (index.pairs.length <= 3) return index.pairs.map((p) => p.key);
  const focus = focusState(S);
  const p0 = index.pos[0] || [];
  const others = p0.filter((q) => q.id !== focus).sort((u, v) => v.power - u.power).slice(0, 3);
  const keys = others.map((q) => findPair(index, focus, q.id)).filter(Boolean);
  return keys.length ? keys : index.pairs.slice(0, 3).map((p) => p.key);
}

// The keys of an event that are not its rule (YAML form: {KIND: {...}, from, until, ...}).
const SCHEDULE_KEYS = new Set(['at', 'from', 'until', 'every', 'id', 'enabled']);

// The scenario's events with state ids, from the resolved scenario JSON (kind, state
// indices) or a YAML-shaped one ({sanctions: {by: [ids], target: id}}).
export function scenarioEvents(S) {
  const ids = (S.scenario && S.scenario.state_ids) || S.states.map((s) => s.id);
  const id = (x) => (typeof x === 'number' ? ids[x] : x);
  return ((S.scenario && S.scenario.events) || []).map((e) => {
    const kind = e.kind || Object.keys(e).find((k) => !SCHEDULE_KEYS.has(k));
    const b = e.kind ? e : e[kind] || {};
    return {
      kind,
      by: (b.by || []).map(id),
      target: b.target !== undefined ? id(b.target) : undefined,
      seller: b.seller !== undefined ? id(b.seller) : undefined,
      buyer: b.buyer !== undefined ? id(b.buyer) : undefined,
      participants: (b.participants || []).map(id),
    };
  });
}

// The pair whose B - A difference side by side shows first: the focus state with the
// largest power that does not sanction it (Russia-China in the flagship).
export function defaultDiffPair(S, index) {
  const focus = focusState(S);
  const sanc = scenarioEvents(S).find((e) => e.kind === 'sanctions' && e.target === focus);
  const by = new Set(sanc ? sanc.by : []);
  const p0 = (index.pos[0] || []).filter((q) => q.id !== focus && !by.has(q.id)).sort((u, v) => v.power - u.power);
  for (const q of p0) {
    const k = findPair(index, focus, q.id);
    if (k) return k;
  }
  return index.pairs.length ? index.pairs[0].key : null;
}

// The state a class watches: the target of the first sanctions event, else of the first
// engagement, else the seller of the first arms sale, else the first participant of the
// first exercise, else the first state.
export function focusState(S) {
  const evs = scenarioEvents(S);
  const sanc = evs.find((e) => e.kind === 'sanctions') || evs.find((e) => e.kind === 'engagement');
  if (sanc && sanc.target) return sanc.target;
  for (const e of evs) {
    const f = e.target || e.seller || e.participants[0];
    if (f) return f;
  }
  return S.states[0] && S.states[0].id;
}
