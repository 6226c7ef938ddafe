// Plain-language explanations for the controls, written for a class (not for the ODD).
// Matched on the last part of a control's path; the engine's help (from the rule kind's
// descriptor) and then its range text are the fallbacks.

const byKey = {
  'sanctions.intensity': 'how hard the sanctions bite: 0 = no sanctions at all, 1 = the strongest. The target\'s economy shrinks, its relations with the sanctioners sour and it turns away from them.',
  'engagement.intensity': 'how much the engaging states trade with and court the target: its economy grows and it drifts toward them.',
  'arms_sale.volume': 'how much the seller delivers each step, as a share of its own military: more weapons, closer ties, and the buyer leans toward the seller.',
  'arms_sale.threshold': 'the seller\'s security check: it stops selling as soon as it feels this threatened by the buyer. Higher = it keeps selling longer.',
  'exercise.scale': 'how big the joint military exercise is: bigger pulls the participants together, worries everyone else, and risks incidents.',
  hedging: 'how much a state holds back from partners much stronger than itself (0 = not at all, 1 = as much as it can).',
  pivot: 'how far a sanctioned state turns away from the states sanctioning it, each step.',
  beta: 'balancing (+1): a threatened state lines up AGAINST the threat; bandwagoning (-1): it joins the stronger side instead.',
  w_t: 'how much a direct threat pushes two states apart when they decide whom to line up with.',
  w_c: 'how much a common enemy draws two states together.',
  w_r: 'how much good or bad relations count when states decide whom to line up with.',
  w_h: 'how much states like partners whose positions are already close to their own.',
  sigma_a: 'noise: random nudges to every state\'s position each step. 0 = none; the same seed gives the same nudges.',
  sigma_c: 'noise in growth: random ups and downs of every state\'s capabilities each step.',
  kappa: 'how strongly a state is pulled back toward its own home position (its identity).',
  mu: 'how quickly a state moves toward the states that attract it.',
  eps: 'openness: how far away a state\'s position can be and still attract it.',
  theta: 'how sensitive a state is to threats.',
  tolerance: 'how many times stronger a partner may be before the state starts to hedge against it.',
  arms_reaction: 'arms race: how fast a threatened state builds up its military.',
  k_target: 'how much the sanctioned state\'s economy loses per step.',
  rho_sanction: 'how fast sanctions sour the relation between the target and the sanctioners.',
  lambda_R: 'how fast relations follow alignment: states that line up come to like each other.',
};

export function explain(control) {
  const parts = control.path.split('.');
  const two = parts.slice(-2).join('.');
  const last = parts[parts.length - 1];
  return byKey[two] || byKey[last] || control.help || `allowed: ${control.valid}`;
}

export const groupTitles = {
  events: 'What the states do (events)',
  traits: 'How the states behave (traits)',
  parameters: 'Rules of the whole world (parameters)',
};
