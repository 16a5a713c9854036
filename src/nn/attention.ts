// Scaled dot-product attention, the core of every layer here: softmax(Q Kᵀ / √D + bias, masked) V.
// Masks use the library's one polarity: 1 (any nonzero) = masked out, as PyTorch's key_padding_mask.
// A fully masked row gets zero weights and a zero output (PyTorch gives NaN there).
import { Tensor } from '../tensor.js';
import { AttnError } from '../errors.js';
import { shapeStr } from '../shape.js';
import type { Rng } from '../random.js';
import { matmul } from '../ops/matmul.js';
import { maximum } from '../ops/arithmetic.js';
import { attention, attentionWeights, causalMask, type AttentionOptions } from '../ops/attention.js';
import { dropout as dropoutFn } from '../ops/dropout.js';
import { noGrad } from '../autograd.js';

export { causalMask };

/** Position information applied inside attention: RoPE rotates queries and keys, ALiBi biases the scores. */
export interface AttentionPositions {
  /** Rotate (B, H, T, D) queries or keys by position; `offset` is the position of row 0. */
  rotate?(x: Tensor, offset: number): Tensor;
  /** An additive (H, T, S) bias on the scores. */
  scoreBias?(numHeads: number, T: number, S: number): Tensor;
}

export interface AttentionResult {
  /** (..., T, Dv) */
  outputs: Tensor;
  /** (..., T, S) the scaled (and biased) scores before masking and softmax: the inspectable intermediate. */
  scores: Tensor;
  /** (..., T, S) attention weights (after dropout, as PyTorch returns them); rows sum to 1, or 0 if fully masked. */
  weights: Tensor;
}

/** mask (0/1, 1 = masked out), causal, bias and scale as `attention`'s, plus dropout and whether to return weights. */
export interface ScaledDotProductAttentionOptions extends AttentionOptions {
  /** Dropout probability on the weights (needs `rng`). */
  dropout?: number;
  rng?: Rng;
  /** Return the scores and weights (default true); false runs the fused attention op and returns outputs only. */
  needWeights?: boolean;
}

/**
 * Combine 0/1 masks (any of them 1 = masked); nulls are skipped. Returns null when there is nothing to mask.
 * @example combineMasks(paddingMask, causalMask(T, T)) // (B, 1, 1, S) and (T, S) -> (B, 1, T, S)
 */
export function combineMasks(...masks: (Tensor | null | undefined)[]): Tensor | null {
  const given = masks.filter((m): m is Tensor => !!m);
  if (given.length === 0) return null;
  return noGrad(() => given.reduce((a, b) => maximum(a, b)));
}

/** What scaledDotProductAttention returns with `needWeights: false`: the outputs only. */
export interface AttentionOutputs {
  /** (..., T, Dv) */
  outputs: Tensor;
  scores: null;
  weights: null;
}

/**
 * softmax(q kᵀ · scale + bias, masked) v over the last two axes, with any leading batch/head axes.
 * With `needWeights: false` it runs the fused `attention` op (no T×S tensor on a backend with the kernel) and
 * returns only the outputs.
 * @example
 * const { outputs, weights } = scaledDotProductAttention(q, k, v, { causal: true }); // (B, H, T, D) each
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: ScaledDotProductAttentionOptions & { needWeights: false }): AttentionOutputs;
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts?: ScaledDotProductAttentionOptions & { needWeights?: true }): AttentionResult;
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts?: ScaledDotProductAttentionOptions): AttentionResult | AttentionOutputs;
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: ScaledDotProductAttentionOptions = {}): AttentionResult | AttentionOutputs {
  if (q.rank < 2 || k.rank < 2 || v.rank < 2) {
    throw new AttnError('E_SHAPE', `scaledDotProductAttention: q, k, v need rank ≥ 2, got ${shapeStr(q.shape)}, ${shapeStr(k.shape)}, ${shapeStr(v.shape)}`);
  }
  const D = q.shape[q.rank - 1], S = k.shape[k.rank - 2];
  if (k.shape[k.rank - 1] !== D || v.shape[v.rank - 2] !== S) {
    throw new AttnError('E_SHAPE', `scaledDotProductAttention: q ${shapeStr(q.shape)}, k ${shapeStr(k.shape)}, v ${shapeStr(v.shape)} do not fit (q, k share D; k, v share S)`);
  }
  const p = opts.dropout ?? 0;
  if (p > 0 && !opts.rng) throw new AttnError('E_INPUT', `scaledDotProductAttention: dropout ${p} needs a seeded rng`);
  const parts = { mask: opts.mask, causal: opts.causal, bias: opts.bias, scale: opts.scale };
  // The fused op keeps no weights, so it cannot drop them out, and it gives the bias no gradient: dropout > 0 or
  // a bias that needs a gradient (a learned one) take the composed path below, with weights or without.
  const biasNeedsGrad = !!opts.bias && (opts.bias.requiresGrad || opts.bias.node !== null);
  if (opts.needWeights === false && p === 0 && !biasNeedsGrad) return { outputs: attention(q, k, v, parts), scores: null, weights: null };
  const { scores, weights } = attentionWeights(q, k, parts); // (..., T, S) each
  const used = p > 0 ? dropoutFn(weights, p, opts.rng!) : weights;
  const outputs = matmul(used, v); // (..., T, S) @ (..., S, Dv) -> (..., T, Dv)
  if (opts.needWeights === false) return { outputs, scores: null, weights: null };
  return { outputs, weights: used, scores };
}
