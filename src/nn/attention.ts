// Scaled dot-product attention, the core of every layer here: softmax(Q Kᵀ / √D + bias, masked) V.
// Masks use the library's one polarity: 1 (any nonzero) = masked out, as PyTorch's key_padding_mask.
// A fully masked row gets zero weights and a zero output (PyTorch gives NaN there).
import { Tensor, tensor, zeros } from '../tensor.js';
import { AttnError } from '../errors.js';
import { shapeStr } from '../shape.js';
import type { DType } from '../primitives.js';
import type { Rng } from '../random.js';
import { matmul } from '../ops/matmul.js';
import { add, div, mul, maximum } from '../ops/arithmetic.js';
import { softmax } from '../ops/softmax.js';
import { maskedFill } from '../ops/where.js';
import { dropout as dropoutFn } from '../ops/dropout.js';
import { noGrad } from '../autograd.js';

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

export interface ScaledDotProductAttentionOptions {
  /** 0/1 tensor broadcastable to (..., T, S); 1 = masked out (the key is not attended). */
  mask?: Tensor | null;
  /** Query i sees keys j ≤ i + (S − T): bottom-right aligned, the usual lower triangle when S = T. */
  causal?: boolean;
  /** An additive float bias broadcastable to (..., T, S), e.g. ALiBi. */
  bias?: Tensor | null;
  /** Dropout probability on the weights (needs `rng`). */
  dropout?: number;
  rng?: Rng;
  /** Score scale (default 1/√D). */
  scale?: number;
}

/**
 * The (T, S) causal mask: 1 above the (bottom-right aligned) diagonal, i.e. where key j > i + (S − T).
 * @example causalMask(3, 3) // [[0,1,1],[0,0,1],[0,0,0]]
 */
export function causalMask(T: number, S: number, dtype: DType = 'float32'): Tensor {
  const m = dtype === 'float64' ? new Float64Array(T * S) : new Float32Array(T * S);
  for (let i = 0; i < T; i++) for (let j = i + S - T + 1; j < S; j++) if (j >= 0) m[i * S + j] = 1;
  return tensor(m, [T, S]);
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

/**
 * softmax(q kᵀ · scale + bias, masked) v over the last two axes, with any leading batch/head axes.
 * @example
 * const { outputs, weights } = scaledDotProductAttention(q, k, v, { causal: true }); // (B, H, T, D) each
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: ScaledDotProductAttentionOptions = {}): AttentionResult {
  if (q.rank < 2 || k.rank < 2 || v.rank < 2) {
    throw new AttnError('E_SHAPE', `scaledDotProductAttention: q, k, v need rank ≥ 2, got ${shapeStr(q.shape)}, ${shapeStr(k.shape)}, ${shapeStr(v.shape)}`);
  }
  const D = q.shape[q.rank - 1], T = q.shape[q.rank - 2], S = k.shape[k.rank - 2];
  if (k.shape[k.rank - 1] !== D || v.shape[v.rank - 2] !== S) {
    throw new AttnError('E_SHAPE', `scaledDotProductAttention: q ${shapeStr(q.shape)}, k ${shapeStr(k.shape)}, v ${shapeStr(v.shape)} do not fit (q, k share D; k, v share S)`);
  }
  const p = opts.dropout ?? 0;
  if (p > 0 && !opts.rng) throw new AttnError('E_INPUT', `scaledDotProductAttention: dropout ${p} needs a seeded rng`);
  const raw = matmul(q, k, { transB: true }); // (..., T, D) @ (..., S, D)ᵀ -> (..., T, S)
  let scores = opts.scale === undefined ? div(raw, Math.sqrt(D)) : opts.scale === 1 ? raw : mul(raw, opts.scale);
  if (opts.bias) scores = add(scores, opts.bias);
  const mask = combineMasks(opts.mask, opts.causal ? causalMask(T, S, q.dtype) : null);
  const masked = mask ? maskedFill(scores, mask, -Infinity) : scores; // masked keys -> -∞ -> weight 0
  const weights = softmax(masked, -1); // (..., T, S); an all -∞ row gives zeros
  const used = p > 0 ? dropoutFn(weights, p, opts.rng!) : weights;
  const outputs = matmul(used, v); // (..., T, S) @ (..., S, Dv) -> (..., T, Dv)
  return { outputs, weights: used, scores };
}
