// Linear layer y = x Wᵀ + b with PyTorch's layout (weight (out, in)) and default initialisation.
// The functional `linear` is what MultiheadAttention uses on slices of its packed in-projection.
import { Tensor, rand } from '../tensor.js';
import { AttnError } from '../errors.js';
import { shapeStr } from '../shape.js';
import { Rng } from '../random.js';
import type { DType } from '../primitives.js';
import { matmul } from '../ops/matmul.js';
import { add } from '../ops/arithmetic.js';
import { reshape } from '../ops/shape-ops.js';
import { Module } from './module.js';

/**
 * y = x Wᵀ + b over the last axis of x: (..., in) -> (..., out). One (N, in) @ (out, in)ᵀ matmul.
 * @example const y = linear(x, w, b); // (B, T, C) with w (4C, C) -> (B, T, 4C)
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const [out, inF] = weight.shape;
  if (weight.rank !== 2 || x.rank < 1 || x.shape[x.rank - 1] !== inF) {
    throw new AttnError('E_SHAPE', `linear: input ${shapeStr(x.shape)} does not end in ${inF} features for weight ${shapeStr(weight.shape)} (out, in)`);
  }
  const lead = x.shape.slice(0, -1);
  const y = matmul(reshape(x, [-1, inF]), weight, { transB: true }); // (N, in) @ (out, in)ᵀ -> (N, out)
  return reshape(bias ? add(y, bias) : y, [...lead, out]);
}

export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Seeded generator for the initial weights (default: new Rng(0)). */
  rng?: Rng;
  dtype?: DType;
}

/**
 * PyTorch's nn.Linear: weight (out, in) and bias (out) drawn from U(−1/√in, 1/√in), which is what
 * kaiming_uniform_(a=√5) gives; parameters `weight` and `bias`.
 * @example const proj = new Linear(64, 16, { rng: new Rng(1) }); proj.forward(x) // (B, T, 64) -> (B, T, 16)
 */
export class Linear extends Module {
  /** (out, in) */
  readonly weight: Tensor;
  /** (out), or null without bias */
  readonly bias: Tensor | null;

  constructor(readonly inFeatures: number, readonly outFeatures: number, opts: LinearOptions = {}) {
    super();
    for (const n of [inFeatures, outFeatures]) {
      if (!Number.isInteger(n) || n <= 0) throw new AttnError('E_INPUT', `Linear: feature counts must be positive integers, got (${inFeatures}, ${outFeatures})`);
    }
    const rng = opts.rng ?? new Rng(0);
    const bound = 1 / Math.sqrt(inFeatures);
    this.weight = this.param('weight', rand([outFeatures, inFeatures], rng, -bound, bound, { dtype: opts.dtype }));
    this.bias = opts.bias ?? true ? this.param('bias', rand([outFeatures], rng, -bound, bound, { dtype: opts.dtype })) : null;
  }

  /** (..., in) -> (..., out) */
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
}
