// Settings of a classroom run: the overrides (as `bpsim run --set` paths), normalising them
// against the scenario's own values, the variant B of side by side, and the command line
// that reproduces a run. Pure functions, no DOM.

// The value a path has in the scenario itself (the slider's start, or `true` for an event).
export function scenarioValue(S, path) {
  const c = S.controls.find((x) => x.path === path);
  if (c) return c.value;
  const e = S.events.find((x) => x.path === path);
  if (e) return true;
  return undefined;
}

export function isEventPath(S, path) {
  return S.events.some((e) => e.path === path);
}

// Only the values that differ from the scenario's, in the page's order (sliders, then
// events), so two equal settings always give the same object and the same command line.
export function normalizeOverrides(S, overrides) {
  const out = {};
  for (const c of S.controls) {
    if (Object.prototype.hasOwnProperty.call(overrides, c.path)) {
      const v = Number(overrides[c.path]);
      if (v !== c.value) out[c.path] = v;
    }
  }
  for (const e of S.events) {
    if (Object.prototype.hasOwnProperty.call(overrides, e.path)) {
      const v = overrides[e.path] === true || overrides[e.path] === 'true';
      if (!v) out[e.path] = false;
    }
  }
  // Paths the page has no control for (from bpsim.run or a test) are kept as given.
  for (const [p, v] of Object.entries(overrides)) {
    if (scenarioValue(S, p) === undefined) out[p] = v;
  }
  return out;
}

export function sameOverrides(a, b) {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && b[k] === a[k]);
}

// The current value of a path under the given (normalised) overrides.
export function currentValue(S, overrides, path) {
  return Object.prototype.hasOwnProperty.call(overrides, path) ? overrides[path] : scenarioValue(S, path);
}

// A slider position as a number with no more decimals than its step (0.1 + 0.2 is not
// 0.30000000000000004 on the page, and the command line prints what the engine got).
export function roundToStep(value, step) {
  const v = Number(value);
  if (!Number.isFinite(step) || step <= 0) return v;
  const s = String(step);
  const dec = s.includes('e-') ? Number(s.split('e-')[1]) : (s.split('.')[1] || '').length;
  return Number(v.toFixed(Math.min(dec, 15)));
}

// A number as the engine's --set parser reads it back: JavaScript's shortest round-trip
// form, which parses to the same double.
export function formatValue(v) {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  return String(v);
}

function shellWord(s) {
  return /^[A-Za-z0-9_./=:+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

// `bpsim run FILE --seed N --set PATH=VALUE ...`: only the values that differ.
export function commandLine(S, seed, overrides) {
  const parts = ['bpsim', 'run', shellWord(S.file || `${S.name}.yaml`), '--seed', String(seed)];
  for (const [p, v] of Object.entries(normalizeOverrides(S, overrides))) {
    parts.push('--set', shellWord(`${p}=${formatValue(v)}`));
  }
  return parts.join(' ');
}

// The variant B of side by side: A's settings with one path changed.
export function variantOverrides(S, overridesA, variant) {
  if (!variant) return { ...overridesA };
  return normalizeOverrides(S, { ...overridesA, [variant.path]: variant.value });
}

// The default change for B: the first sanctions event switched off (else the first event,
// else the first slider at its minimum).
export function defaultVariant(S) {
  const sanc = S.events.find((e) => e.kind === 'sanctions') || S.events[0];
  if (sanc) return { path: sanc.path, value: false };
  const c = S.controls[0];
  return c ? { path: c.path, value: c.min } : null;
}

// Plain words for one setting: "sanctions USA, EU, JPN -> RUS switched off".
export function describeSetting(S, path, value) {
  const e = S.events.find((x) => x.path === path);
  if (e) return `${e.label}: ${value ? 'on' : 'off'}`;
  const c = S.controls.find((x) => x.path === path);
  if (c) return `${c.label} = ${formatValue(value)}`;
  return `${path} = ${formatValue(value)}`;
}

export function describeOverrides(S, overrides) {
  const ks = Object.keys(overrides);
  if (!ks.length) return 'the scenario as written';
  return ks.map((k) => describeSetting(S, k, overrides[k])).join('; ');
}
