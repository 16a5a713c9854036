// Two-component PCA of a handful of vectors (n rows of C), for the contextual view's scatter plot.
// Works on the n × n Gram matrix of the centred rows (n = 2T is far below C = 100 for a sentence) and
// finds its top two eigenvectors by power iteration with deflation. Not a general eigensolver.

export interface Pca2 {
  /** (n, 2) coordinates of each row on PC1, PC2. */
  xy: Float32Array;
  /** Fraction of the total variance along PC1 and PC2. */
  explained: [number, number];
}

export function pca2(rows: Float32Array, n: number, C: number): Pca2 {
  const mean = new Float64Array(C);
  for (let i = 0; i < n; i++) for (let c = 0; c < C; c++) mean[c] += rows[i * C + c] / n;
  const G = new Float64Array(n * n); // (n, n) Gram matrix of centred rows
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let c = 0; c < C; c++) s += (rows[i * C + c] - mean[c]) * (rows[j * C + c] - mean[c]);
      G[i * n + j] = G[j * n + i] = s;
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += G[i * n + i];
  const xy = new Float32Array(n * 2);
  const explained: [number, number] = [0, 0];
  if (!(total > 0)) return { xy, explained };
  for (let k = 0; k < 2 && k < n; k++) {
    const { vector, value } = topEigen(G, n);
    if (!(value > total * 1e-9)) break;
    explained[k] = value / total;
    // Scores on the component: u · sqrt(λ). Sign fixed so the largest entry is positive (stable plots).
    let big = 0;
    for (let i = 0; i < n; i++) if (Math.abs(vector[i]) > Math.abs(big)) big = vector[i];
    const sign = big < 0 ? -1 : 1, s = Math.sqrt(value) * sign;
    for (let i = 0; i < n; i++) xy[i * 2 + k] = vector[i] * s;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) G[i * n + j] -= value * vector[i] * vector[j];
  }
  return { xy, explained };
}

function topEigen(G: Float64Array, n: number): { vector: Float64Array; value: number } {
  let v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = 1 + i / n; // deterministic start, not orthogonal to a typical top vector
  let value = 0;
  for (let it = 0; it < 500; it++) {
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += G[i * n + j] * v[j];
      w[i] = s;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += w[i] * w[i];
    norm = Math.sqrt(norm);
    if (norm === 0) return { vector: v, value: 0 };
    let diff = 0;
    for (let i = 0; i < n; i++) {
      w[i] /= norm;
      diff += Math.abs(w[i] - v[i]);
    }
    v = w;
    value = norm;
    if (diff < 1e-12 * n) break;
  }
  return { vector: v, value };
}
