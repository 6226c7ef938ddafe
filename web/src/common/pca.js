// Principal-component projection to 2-D (for alignment spaces with more than 2 axes).
//
//   pca2(points: number[][]) -> {mean, components: [v1, v2], explained: [f1, f2],
//                                project(p) -> [x, y]}
//   Components from the covariance of all points (power iteration with deflation),
//   signs fixed so each component's largest-magnitude coefficient is positive.
export function pca2(points) {
  const n = points.length;
  const d = n ? points[0].length : 0;
  const mean = new Array(d).fill(0);
  for (const p of points) for (let k = 0; k < d; k++) mean[k] += p[k] / n;
  const C = Array.from({ length: d }, () => new Array(d).fill(0));
  for (const p of points) {
    for (let a = 0; a < d; a++) {
      const da = p[a] - mean[a];
      for (let b = a; b < d; b++) C[a][b] += da * (p[b] - mean[b]);
    }
  }
  for (let a = 0; a < d; a++) for (let b = a; b < d; b++) { C[a][b] /= Math.max(1, n - 1); C[b][a] = C[a][b]; }
  let total = 0;
  for (let a = 0; a < d; a++) total += C[a][a];
  const comps = [];
  const vals = [];
  const M = C.map((r) => r.slice());
  for (let c = 0; c < Math.min(2, d); c++) {
    let v = new Array(d).fill(0).map((_, k) => 1 / Math.sqrt(d) + (k === c ? 0.1 : 0));
    let lambda = 0;
    for (let it = 0; it < 500; it++) {
      const w = new Array(d).fill(0);
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) w[a] += M[a][b] * v[b];
      const norm = Math.hypot(...w);
      if (norm < 1e-300) break;
      const nv = w.map((x) => x / norm);
      const delta = Math.hypot(...nv.map((x, k) => x - v[k]));
      v = nv; lambda = norm;
      if (delta < 1e-13) break;
    }
    let big = 0;
    for (let k = 0; k < d; k++) if (Math.abs(v[k]) > Math.abs(v[big])) big = k;
    if (v[big] < 0) v = v.map((x) => -x);
    comps.push(v); vals.push(lambda);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) M[a][b] -= lambda * v[a] * v[b];
  }
  while (comps.length < 2) { const z = new Array(d).fill(0); comps.push(z); vals.push(0); }
  const project = (p) => comps.map((v) => {
    let s = 0;
    for (let k = 0; k < d; k++) s += (p[k] - mean[k]) * v[k];
    return s;
  });
  return { mean, components: comps, explained: vals.map((x) => (total > 0 ? x / total : 0)), project };
}
