// The neighbour search on a fast backend: the vocabulary matrix copied once into the backend's memory, dot
// products with SIMD and threads there (the `dotRows` fused kernel), then the rows that can reach the top k
// re-scored by the host loop — so the answer is exactly the js result, not merely close to it.
// Why the re-score is enough: a float32 dot product of C terms is within (C + 4)·2⁻²⁴ of the host's value
// once divided by the row norm (|q| = 1, Cauchy–Schwarz), so a row whose fast score is δ = twice that below
// the k-th best fast score cannot be in the exact top k. Private to similarity.ts.
import { getBackend, type Backend } from '../backend.js';
import { Tensor, tensor, empty } from '../tensor.js';
import { vectorsOn } from './_vectors-on-backend.js';
import type { WordVectors } from './word-vectors.js';
import { dotRows } from './_dot-rows.js';
import { TopK } from './_top-k.js';

/** The vectors on the current backend, when it has the fused dotRows kernel and reads synchronously. */
function matrixOn(wv: WordVectors): { backend: Backend; matrix: Tensor } | null {
  const b = getBackend();
  if (!b.fused.dotRows || !b.readSync || !b.dtypes.includes('float32')) return null;
  return { backend: b, matrix: vectorsOn(wv, b) }; // (V + 1, C): dotRows reads only the first `end` ≤ V rows
}

/**
 * The top k rows i < end (excluding `exclude`) by cosine to the unit query q, exactly as the host loop ranks
 * them, or null when the current backend has no fast search (the caller runs the host loop).
 */
export function topCosines(wv: WordVectors, q: Float64Array, end: number, topk: number, exclude: Set<number>): TopK | null {
  const on = matrixOn(wv);
  if (!on || end < 1024) return null; // small vocabularies: the host loop is faster than a round trip
  const { backend: b, matrix } = on;
  const C = wv.dim;
  const qt = tensor(Float32Array.from(q), [1, C], { backend: b });
  const out = empty([1, end], { backend: b });
  let fast: Float32Array;
  try {
    b.fused.dotRows!(matrix, qt, out);
    fast = b.readSync!(out.buf, out.offset, end, 'float32') as Float32Array;
  } finally {
    qt.dispose();
    out.dispose();
  }
  const inv = wv.inverseNorms();
  const approx = new TopK(topk);
  for (let i = 0; i < end; i++) {
    const s = fast[i] * inv[i];
    if (s >= approx.threshold && !exclude.has(i)) approx.push(s, i);
  }
  const delta = 2 * (C + 4) * 2 ** -24;
  const cut = approx.threshold - delta; // −Infinity while fewer than k rows exist: all are candidates
  const exact = new TopK(topk);
  const one = new Float32Array(1);
  for (let i = 0; i < end; i++) {
    if (!(fast[i] * inv[i] >= cut) || exclude.has(i)) continue;
    dotRows(wv.vectors, C, i, i + 1, q, 1, one, 1); // the host loop's own arithmetic for this row
    const s = one[0] * inv[i];
    if (s >= exact.threshold) exact.push(s, i);
  }
  return exact;
}
