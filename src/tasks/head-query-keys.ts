// The queries and keys of every learned head, for explainWithModel's neuron view: the trained encoder stepped
// through layer by layer with its own modules, so each head's q (after the in-projection, its bias and RoPE, and
// times the model's score scale 1/√D) and k are the numbers its scores are made of: Σ_d q_i[d]·k_j[d] (+ ALiBi's
// bias) is the pre-softmax score. Not a second model: the weights explainWithModel reports still come from the
// model's own forward pass, and a test checks that softmax of these scores equals them.
import { noGrad, tidy } from '../autograd.js';
import type { Tensor } from '../tensor.js';
import { mul } from '../ops/arithmetic.js';
import { contiguous, permute, reshape } from '../ops/shape-ops.js';
import { split } from '../ops/slice.js';
import { linear } from '../nn/linear.js';
import type { TaskModel } from './task-model.js';

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
 * Per layer, per head, the queries, keys and scores of a trained encoder on one sentence's input vectors.
 * The model must be in eval mode (dropout off), as explainWithModel leaves it.
 * @example const qk = await headQueryKeys(model, x); qk[0][1].scores // layer 1, head 2: (T × T)
 */
export async function headQueryKeys(model: TaskModel, x: Tensor /* (1, T, dim) */): Promise<HeadQueryKeys[][]> {
  const enc = model.encoder;
  if (!enc) return [];
  const T = x.shape[1];
  const made = noGrad(() => tidy(() => {
    const pos = enc.positional.attention();
    let h = enc.positional.embed(model.inputProj ? model.inputProj.forward(x) : x); // (1, T, C), as TaskModel.encode
    return enc.layers.map((layer) => {
      const mha = layer.selfAttn, C = mha.embedDim, H = mha.numHeads, D = mha.headDim;
      const a = layer.normFirst ? layer.norm1.forward(h) : h; // what the layer's attention reads
      // The in-projection as MultiheadAttention applies it: rows [W_q; W_k; W_v] of in_proj_weight, then (1, H, T, D).
      const [wq, wk] = split(mha.inProjWeight, [C, C, C], 0);
      const [bq, bk] = mha.inProjBias ? split(mha.inProjBias, [C, C, C], 0) : [null, null];
      const heads = (t: Tensor) => permute(reshape(t, [1, T, H, D]), [0, 2, 1, 3]);
      let q = heads(linear(a, wq, bq)), k = heads(linear(a, wk, bk));
      if (pos?.rotate) {
        q = pos.rotate(q, 0);
        k = pos.rotate(k, 0);
      }
      const bias = pos?.scoreBias ? pos.scoreBias(H, T, T) : null; // (H, T, T)
      h = layer.forward(h, { positions: pos, checkFinite: false }); // the next layer's input
      return { q: mul(q, 1 / Math.sqrt(D)), k: contiguous(k), bias, H, D };
    });
  }));
  try {
    return await Promise.all(made.map(async ({ q, k, bias, H, D }) => {
      const [qd, kd, bd] = await Promise.all([q.data(), k.data(), bias ? bias.data() : null]);
      const rows = (d: ArrayLike<number>, head: number, n: number) => Array.from({ length: T }, (_, i) => Array.from({ length: n }, (_, c) => Number(d[(head * T + i) * n + c])));
      return Array.from({ length: H }, (_, head): HeadQueryKeys => {
        const queries = rows(qd, head, D), keys = rows(kd, head, D), b = bd ? rows(bd, head, T) : null;
        // The sum of the element-wise products q∘k, in the order the neuron view shows them.
        const scores = queries.map((qi, i) => keys.map((kj, j) => qi.reduce((s, v, c) => s + v * kj[c], b ? b[i][j] : 0)));
        return { queries, keys, scores, bias: b };
      });
    }));
  } finally {
    for (const m of made) for (const t of [m.q, m.k, m.bias]) if (t && !t.kept) t.dispose();
  }
}
