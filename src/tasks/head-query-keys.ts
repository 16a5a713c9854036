// The queries and keys of every learned head, for explainWithModel's neuron view, read off the explaining forward
// itself (MultiheadAttention's needQueryKeys, through TaskModel.encode): each head's q (after the in-projection,
// its bias and RoPE, and times the model's score scale 1/√D) and k are the numbers its scores are made of:
// Σ_d q_i[d]·k_j[d] (+ ALiBi's bias) is the pre-softmax score. A test checks that softmax of these scores equals
// the weights the same forward reports.
import type { QueryKeys } from '../nn/multihead-attention.js';

/** One learned head's side of the scores, for one sentence of T tokens. */
export interface HeadQueryKeys {
  /** (T × D) queries, already times the model's score scale 1/√D, so that their dot products with the keys are the scores. */
  queries: number[][];
  /** (T × D) keys. */
  keys: number[][];
  /** (T × T) the pre-softmax scores the head's softmax reads: Σ_d queries[i][d]·keys[j][d] + bias[i][j]. Nothing is
   *  masked for one sentence alone (no padding, no causal mask); a masked entry would be −Infinity. */
  scores: number[][];
  /** (T × T) the positions' additive bias (ALiBi), or null when the model has none. */
  bias: number[][] | null;
}

/**
 * Per layer, per head, the queries, keys and scores of sequence 0's first T tokens, from each layer's QueryKeys
 * (queries (N, H, T', D), keys (N, H, S', D), bias (H, T', S') or null; T ≤ T', S').
 * @example const qk = await headQueryKeys(model.encode(batch, { queryKeys: true }).layerQueryKeys, T); qk[0][1].scores
 */
export async function headQueryKeys(layers: readonly QueryKeys[], T: number): Promise<HeadQueryKeys[][]> {
  return Promise.all(layers.map(async ({ queries: q, keys: k, bias }) => {
    const [, H, Tq, D] = q.shape, S = k.shape[2];
    const [qd, kd, bd] = await Promise.all([q.data(), k.data(), bias ? bias.data() : null]);
    // Sequence 0 is the first H·T'·D values of q (H·S'·D of k); row i of head h starts at (h·T' + i)·D.
    const rows = (d: ArrayLike<number>, head: number, L: number, n: number, width: number) =>
      Array.from({ length: T }, (_, i) => Array.from({ length: n }, (_, c) => Number(d[(head * L + i) * width + c])));
    return Array.from({ length: H }, (_, head): HeadQueryKeys => {
      const queries = rows(qd, head, Tq, D, D), keys = rows(kd, head, S, D, D), b = bd ? rows(bd, head, Tq, T, S) : null;
      // The sum of the element-wise products q∘k, in the order the neuron view shows them.
      const scores = queries.map((qi, i) => keys.map((kj, j) => qi.reduce((s, v, c) => s + v * kj[c], b ? b[i][j] : 0)));
      return { queries, keys, scores, bias: b };
    });
  }));
}
