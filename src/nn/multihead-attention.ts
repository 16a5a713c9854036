// PyTorch's nn.MultiheadAttention (batch_first): packed in-projection [W_q; W_k; W_v] (3C, C), H heads of
// D = C/H channels batched as (B, H, T, D), scaled dot-product attention, out-projection. Masks: 1 = masked out.
// Not supported: kdim/vdim ≠ embed_dim, add_bias_kv, add_zero_attn (PyTorch extras no layer here needs).
import { Tensor, rand, zeros } from '../tensor.js';
import { assign } from '../ops/assign.js';
import { AttnError } from '../errors.js';
import { shapeStr } from '../shape.js';
import { Rng } from '../random.js';
import type { DType } from '../primitives.js';
import { reshape, permute } from '../ops/shape-ops.js';
import { split } from '../ops/slice.js';
import { mean } from '../ops/reduce.js';
import { mul } from '../ops/arithmetic.js';
import { Module } from './module.js';
import { assertFinite } from './_check-finite.js';
import { Linear, linear } from './linear.js';
import { scaledDotProductAttention, combineMasks, type AttentionPositions } from './attention.js';

export interface MultiheadAttentionOptions {
  /** Biases on the in- and out-projections (default true). */
  bias?: boolean;
  /** Dropout probability on the attention weights, in training mode (default 0). */
  dropout?: number;
  rng?: Rng;
  dtype?: DType;
}

export interface MultiheadAttentionForwardOptions {
  /** (B, S): 1 = padding, that key is masked out for every query. */
  keyPaddingMask?: Tensor | null;
  /** (T, S), (B·H, T, S) or anything broadcastable to (B, H, T, S): 1 = masked out. */
  attnMask?: Tensor | null;
  /** Mask keys after each query (bottom-right aligned when S ≠ T). */
  causal?: boolean;
  /** Return the attention weights (default true, as PyTorch). */
  needWeights?: boolean;
  /** Average the weights over heads to (B, T, S) (default true), else (B, H, T, S). */
  averageAttnWeights?: boolean;
  /** RoPE / ALiBi applied inside attention (see nn/positional). */
  positions?: AttentionPositions;
  /** Refuse NaN/±Infinity in query, key, value and the masks with an E_INPUT error naming the argument (default true).
   * Costs one elementwise pass and one scalar read per forward; skipped on a backend without synchronous reads. */
  checkFinite?: boolean;
  /** Also return what the scores are made of (for inspection: the neuron view), from this same forward. */
  needQueryKeys?: boolean;
}

/** The two sides of the scores: Σ_d queries[.., i, d]·keys[.., j, d] + bias[h, i, j] is the pre-softmax score. */
export interface QueryKeys {
  /** (B, H, T, D), after the in-projection, its bias and RoPE, already times the score scale 1/√D. */
  queries: Tensor;
  /** (B, H, S, D) */
  keys: Tensor;
  /** (H, T, S) the positions' additive bias (ALiBi), or null. */
  bias: Tensor | null;
}

export interface MultiheadAttentionResult {
  /** (B, T, C) */
  outputs: Tensor;
  /** (B, T, S) averaged or (B, H, T, S) per head; null when needWeights is false. */
  weights: Tensor | null;
  /** With needQueryKeys (batched input). */
  queryKeys?: QueryKeys;
}

/**
 * Multi-head attention with PyTorch's parameters: `in_proj_weight` (3C, C) xavier-uniform, `in_proj_bias` (3C)
 * zeros, `out_proj.weight` (C, C) kaiming-uniform, `out_proj.bias` zeros. Self-attention is forward(x).
 * @example
 * const mha = new MultiheadAttention(64, 4, { rng: new Rng(0) });
 * const { outputs, weights } = mha.forward(x, x, x, { causal: true }); // (B, T, 64), (B, T, T)
 */
export class MultiheadAttention extends Module {
  /** (3C, C) = [W_q; W_k; W_v] */
  readonly inProjWeight: Tensor;
  /** (3C), or null without bias */
  readonly inProjBias: Tensor | null;
  readonly outProj: Linear;
  readonly headDim: number;
  readonly dropout: number;
  private dropoutRng: Rng;

  constructor(readonly embedDim: number, readonly numHeads: number, opts: MultiheadAttentionOptions = {}) {
    super();
    if (!Number.isInteger(embedDim) || !Number.isInteger(numHeads) || embedDim <= 0 || numHeads <= 0 || embedDim % numHeads !== 0) {
      throw new AttnError('E_INPUT', `MultiheadAttention: embedDim ${embedDim} must be a positive multiple of numHeads ${numHeads}`);
    }
    const rng = opts.rng ?? new Rng(0);
    const bias = opts.bias ?? true, dtype = opts.dtype;
    this.headDim = embedDim / numHeads;
    this.dropout = opts.dropout ?? 0;
    // As torch: out_proj is built (kaiming) first, then the in-projection gets xavier_uniform_ and biases zeros.
    const outProj = new Linear(embedDim, embedDim, { bias, rng, dtype });
    const bound = Math.sqrt(6 / (embedDim + 3 * embedDim)); // xavier: √(6 / (fan_in + fan_out))
    this.inProjWeight = this.param('in_proj_weight', rand([3 * embedDim, embedDim], rng, -bound, bound, { dtype }));
    this.inProjBias = bias ? this.param('in_proj_bias', zeros([3 * embedDim], { dtype })) : null;
    this.outProj = this.module('out_proj', outProj);
    if (outProj.bias) assign(outProj.bias, zeros([], { dtype: outProj.bias.dtype }));
    this.dropoutRng = new Rng(rng.nextU32());
  }

  /** Restart the attention-dropout stream from `seed` (as Dropout.reseed: a resumable run reseeds every step). */
  reseed(seed: number): void {
    this.dropoutRng = new Rng(seed);
  }

  /** query (B, T, C) or unbatched (T, C); key and value (B, S, C), default query (self-attention). */
  forward(query: Tensor, key: Tensor = query, value: Tensor = key, opts: MultiheadAttentionForwardOptions = {}): MultiheadAttentionResult {
    const C = this.embedDim, H = this.numHeads, D = this.headDim;
    const unbatched = query.rank === 2;
    const [q3, k3, v3] = unbatched ? [query, key, value].map((t) => reshape(t, [1, ...t.shape])) : [query, key, value];
    for (const [name, t] of [['query', q3], ['key', k3], ['value', v3]] as const) {
      if (t.rank !== 3 || t.shape[2] !== C || t.shape[0] !== q3.shape[0]) {
        throw new AttnError('E_SHAPE', `MultiheadAttention: ${name} ${shapeStr(t.shape)} should be (B, L, ${C}) with B = ${q3.shape[0]}`);
      }
    }
    if (k3.shape[1] !== v3.shape[1]) throw new AttnError('E_SHAPE', `MultiheadAttention: key ${shapeStr(key.shape)} and value ${shapeStr(value.shape)} differ in length`);
    const [B, T] = q3.shape, S = k3.shape[1];
    if (opts.checkFinite ?? true) {
      // NaN is not a mask either: a NaN mask entry would count as "masked" (it is nonzero)
      assertFinite('MultiheadAttention', [['query', query], ['key', key], ['value', value], ['keyPaddingMask', opts.keyPaddingMask], ['attnMask', opts.attnMask]]);
    }

    const [wq, wk, wv] = split(this.inProjWeight, [C, C, C], 0); // (C, C) each
    const [bq, bk, bv] = this.inProjBias ? split(this.inProjBias, [C, C, C], 0) : [null, null, null];
    const heads = (x: Tensor, L: number) => permute(reshape(x, [B, L, H, D]), [0, 2, 1, 3]); // (B, L, C) -> (B, H, L, D)
    let q = heads(linear(q3, wq, bq), T); // (B, H, T, D)
    let k = heads(linear(k3, wk, bk), S); // (B, H, S, D)
    const v = heads(linear(v3, wv, bv), S); // (B, H, S, D)
    const pos = opts.positions;
    if (pos?.rotate) {
      q = pos.rotate(q, S - T);
      k = pos.rotate(k, 0);
    }

    const mask = combineMasks(this.paddingMask(opts.keyPaddingMask, B, S), this.attentionMask(opts.attnMask, B, T, S));
    const p = this.training ? this.dropout : 0;
    const needWeights = opts.needWeights ?? true;
    const bias = pos?.scoreBias?.(H, T, S) ?? null;
    const att = scaledDotProductAttention(q, k, v, {
      mask, causal: opts.causal, bias, dropout: p, rng: this.dropoutRng, needWeights,
    }); // outputs (B, H, T, D), weights (B, H, T, S) or null (the fused op, when weights are not needed)
    const merged = reshape(permute(att.outputs, [0, 2, 1, 3]), [B, T, C]); // (B, T, H, D) -> (B, T, C)
    const y = this.outProj.forward(merged); // (B, T, C)

    let weights: Tensor | null = null;
    if (needWeights && att.weights) weights = opts.averageAttnWeights ?? true ? mean(att.weights, 1) : att.weights;
    if (unbatched) return { outputs: reshape(y, [T, C]), weights: weights && reshape(weights, weights.shape.slice(1)) };
    const queryKeys = opts.needQueryKeys ? { queries: mul(q, 1 / Math.sqrt(D)), keys: k, bias } : undefined;
    return { outputs: y, weights, queryKeys };
  }

  private paddingMask(m: Tensor | null | undefined, B: number, S: number): Tensor | null {
    if (!m) return null;
    if (m.size !== B * S || (m.rank !== 2 && m.rank !== 1)) {
      throw new AttnError('E_SHAPE', `MultiheadAttention: keyPaddingMask ${shapeStr(m.shape)} should be (B, S) = (${B}, ${S})`);
    }
    return reshape(m, [B, 1, 1, S]);
  }

  private attentionMask(m: Tensor | null | undefined, B: number, T: number, S: number): Tensor | null {
    if (!m) return null;
    if (m.rank === 3 && m.shape[0] === B * this.numHeads) return reshape(m, [B, this.numHeads, T, S]);
    const fits = m.rank <= 4 && m.shape.every((d, i) => d === 1 || d === [B, this.numHeads, T, S][4 - m.rank + i]);
    if (!fits) throw new AttnError('E_SHAPE', `MultiheadAttention: attnMask ${shapeStr(m.shape)} should be (T, S) = (${T}, ${S}), (B·H, T, S) or broadcast to (B, H, T, S)`);
    return m;
  }
}
