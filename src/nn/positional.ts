// Positional encodings, switchable by one config string: 'sinusoidal' and 'learned' are added to the input;
// 'rope' / 'rope-interleaved' rotate queries and keys inside attention; 'alibi' adds a distance bias to the
// scores; 'none' leaves the model order-blind (self-attention alone is permutation-equivariant).
import { Tensor, tensor, randn } from '../tensor.js';
import { AttnError } from '../errors.js';
import { shapeStr } from '../shape.js';
import { Rng } from '../random.js';
import type { DType } from '../primitives.js';
import { add, sub, mul } from '../ops/arithmetic.js';
import { reshape } from '../ops/shape-ops.js';
import { narrow, concat } from '../ops/slice.js';
import { sinusoidalPositionalEncoding } from '../attention/positional.js';
import { Module } from './module.js';
import type { AttentionPositions } from './attention.js';

/** The config strings of TransformerEncoder's `positional` option. */
export type PositionalKind = 'none' | 'sinusoidal' | 'learned' | 'rope' | 'rope-interleaved' | 'alibi';
/** Every PositionalKind, e.g. for a CLI choice list. @example POSITIONAL_KINDS.includes(arg) */
export const POSITIONAL_KINDS: readonly PositionalKind[] = ['none', 'sinusoidal', 'learned', 'rope', 'rope-interleaved', 'alibi'];

export interface RopeOptions {
  /** Pair channels (2i, 2i+1) as RoFormer / GPT-J do; default false pairs (i, i + D/2) as GPT-NeoX / HF Llama do. */
  interleaved?: boolean;
  /** θ_i = base^(−2i/D) (default 10000). */
  base?: number;
  /** Position of row 0 (default 0). */
  offset?: number;
}

/**
 * Rotary position embedding: rotate each channel pair of x (..., T, D) by the angle p·θ_i at position p, so
 * that q·k depends on positions only through their difference. The two pairings are the same rotation of a
 * permuted channel layout; checkpoints must use the one they were trained with.
 * @example const qr = applyRope(q, { interleaved: true }); // (B, H, T, D)
 */
export function applyRope(x: Tensor, { interleaved = false, base = 10000, offset = 0 }: RopeOptions = {}): Tensor {
  const D = x.shape[x.rank - 1], T = x.shape[x.rank - 2];
  if (x.rank < 2 || D % 2 !== 0) throw new AttnError('E_SHAPE', `applyRope: needs (..., T, D) with an even D, got ${shapeStr(x.shape)}`);
  const half = D / 2;
  const cos = new Float64Array(T * half), sin = new Float64Array(T * half);
  for (let p = 0; p < T; p++) {
    for (let i = 0; i < half; i++) {
      const angle = (p + offset) * Math.pow(base, (-2 * i) / D);
      cos[p * half + i] = Math.cos(angle);
      sin[p * half + i] = Math.sin(angle);
    }
  }
  const c = tensor(cos, [T, half], { dtype: x.dtype }), s = tensor(sin, [T, half], { dtype: x.dtype }); // (T, D/2)
  const lead = x.shape.slice(0, -1);
  const pairs = interleaved ? reshape(x, [...lead, half, 2]) : x; // (..., T, D/2, 2) or (..., T, D)
  const part = (j: number) => (interleaved ? reshape(narrow(pairs, -1, j, 1), [...lead, half]) : narrow(x, -1, j * half, half));
  const [x1, x2] = [part(0), part(1)]; // (..., T, D/2) each
  const r1 = sub(mul(x1, c), mul(x2, s)); // x1 cos − x2 sin
  const r2 = add(mul(x2, c), mul(x1, s)); // x2 cos + x1 sin
  if (!interleaved) return concat([r1, r2], -1); // (..., T, D)
  return reshape(concat([reshape(r1, [...lead, half, 1]), reshape(r2, [...lead, half, 1])], -1), x.shape);
}

/**
 * ALiBi head slopes (Press et al. 2022): 2^(−8h/H) for h = 1..H when H is a power of two, otherwise the
 * paper's interleaving of the two nearest powers.
 * @example alibiSlopes(4) // [0.25, 0.0625, 0.015625, 0.00390625]
 */
export function alibiSlopes(numHeads: number): number[] {
  const pow2 = (n: number) => Array.from({ length: n }, (_, i) => Math.pow(2, (-8 * (i + 1)) / n));
  const closest = Math.pow(2, Math.floor(Math.log2(numHeads)));
  if (closest === numHeads) return pow2(numHeads);
  return [...pow2(closest), ...alibiSlopes(2 * closest).filter((_, i) => i % 2 === 0).slice(0, numHeads - closest)];
}

/**
 * The (H, T, S) ALiBi score bias −m_h·|i + (S − T) − j|: symmetric in distance, as an encoder needs
 * (the paper's causal form is the lower triangle of this).
 * @example scaledDotProductAttention(q, k, v, { bias: alibiBias(H, T, T) })
 */
export function alibiBias(numHeads: number, T: number, S: number, dtype: DType = 'float32'): Tensor {
  const slopes = alibiSlopes(numHeads);
  const out = new Float64Array(numHeads * T * S);
  for (let h = 0; h < numHeads; h++) {
    for (let i = 0; i < T; i++) for (let j = 0; j < S; j++) out[(h * T + i) * S + j] = -slopes[h] * Math.abs(i + S - T - j);
  }
  return tensor(out, [numHeads, T, S], { dtype });
}

export interface PositionalEncodingOptions {
  /** Longest sequence for 'learned' (default 512). */
  maxLen?: number;
  /** RoPE base (default 10000). */
  base?: number;
  rng?: Rng;
  dtype?: DType;
}

/**
 * A positional encoding chosen by name. Use embed(x) on the input and pass attention() to the layers.
 * 'learned' has one parameter, `weight` (maxLen, C), drawn from N(0, 0.02²) (GPT-2's choice; PyTorch's
 * Embedding default N(0, 1) would swamp word vectors).
 * @example
 * const pos = new PositionalEncoding('rope', 64);
 * layer.forward(pos.embed(x), { positions: pos.attention() })
 */
export class PositionalEncoding extends Module {
  readonly weight: Tensor | null = null;
  private readonly base: number;

  constructor(readonly kind: PositionalKind, readonly dModel: number, opts: PositionalEncodingOptions = {}) {
    super();
    if (!POSITIONAL_KINDS.includes(kind)) throw new AttnError('E_INPUT', `PositionalEncoding: unknown kind '${kind}' (one of ${POSITIONAL_KINDS.join(', ')})`);
    this.base = opts.base ?? 10000;
    if (kind === 'learned') {
      const w = randn([opts.maxLen ?? 512, dModel], opts.rng ?? new Rng(0), { dtype: opts.dtype });
      this.weight = this.param('weight', mul(w, 0.02));
    }
  }

  /** x (B, T, C) plus the (T, C) table for 'sinusoidal' and 'learned'; x itself for the others. */
  embed(x: Tensor): Tensor {
    const T = x.shape[x.rank - 2], C = x.shape[x.rank - 1];
    if (C !== this.dModel) throw new AttnError('E_SHAPE', `PositionalEncoding: input ${shapeStr(x.shape)} does not end in ${this.dModel}`);
    if (this.kind === 'sinusoidal') return add(x, sinusoidalPositionalEncoding(T, C, { dtype: x.dtype }));
    if (this.weight) {
      const maxLen = this.weight.shape[0];
      if (T > maxLen) throw new AttnError('E_SHAPE', `PositionalEncoding: sequence of ${T} is longer than maxLen ${maxLen} of the learned table`);
      return add(x, narrow(this.weight, 0, 0, T));
    }
    return x;
  }

  /** What attention layers apply inside (RoPE or ALiBi), or undefined. */
  attention(): AttentionPositions | undefined {
    const base = this.base;
    if (this.kind === 'rope' || this.kind === 'rope-interleaved') {
      const interleaved = this.kind === 'rope-interleaved';
      return { rotate: (x, offset) => applyRope(x, { interleaved, base, offset }) };
    }
    if (this.kind === 'alibi') return { scoreBias: (H, T, S) => alibiBias(H, T, S) };
    return undefined;
  }
}
