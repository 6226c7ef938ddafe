// Colour-blind-safe colours (Okabe & Ito 2008, then Paul Tol's "muted" set), one fixed
// colour per state id for every chart of a page.
//
//   PALETTE: string[]
//   FONT: the system font stack used by every chart
//   stateColors(states) -> Map(id -> colour), by the states' order in data.states
//   colorFor(map, id, i) -> colour (falls back to PALETTE[i])
//   EVENT_COLORS: {sanctions, arms_sale, exercise, incident, engagement, blocked_sale, other}
//   eventColor(kind) -> colour: EVENT_COLORS[kind], or for a kind without one (a rule
//     kind added to the engine later) a fixed spare colour picked by its name
export const PALETTE = [
  '#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#555555', '#B8A300',
  '#332288', '#882255', '#44AA99', '#999933', '#AA4499', '#117733', '#88CCEE', '#CC6677',
];

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif';

export const EVENT_COLORS = {
  sanctions: '#D55E00',
  arms_sale: '#0072B2',
  exercise: '#009E73',
  incident: '#E69F00',
  engagement: '#CC79A7',
  blocked_sale: '#000000',
  other: '#777777',
};

const SPARE_EVENT_COLORS = ['#56B4E9', '#B8A300', '#332288', '#882255', '#44AA99', '#AA4499'];

export function eventColor(kind) {
  if (EVENT_COLORS[kind]) return EVENT_COLORS[kind];
  let h = 0;
  for (const ch of String(kind || '')) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return kind ? SPARE_EVENT_COLORS[h % SPARE_EVENT_COLORS.length] : EVENT_COLORS.other;
}

export function stateColors(states) {
  const m = new Map();
  (states || []).forEach((s, i) => m.set(typeof s === 'string' ? s : s.id, PALETTE[i % PALETTE.length]));
  return m;
}

export function colorFor(map, id, i = 0) {
  return (map && map.get(id)) || PALETTE[i % PALETTE.length];
}
