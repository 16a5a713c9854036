// Layer normalisation over the last axis, composed from mean/sub/mul/sqrt (no fused kernel yet, so the
// composition is both the fast path and the reference). Biased variance and eps inside the root, as PyTorch.
import { Tensor, zeros, full } from '../tensor.js';
import { AttnError } from '../errors.js';
import { shapeStr } from '../shape.js';
import type { DType } from '../primitives.js';
import { add, sub, mul, div } from '../ops/arithmetic.js';
import { mean } from '../ops/reduce.js';
import { sqrt } from '../ops/unary.js';
import { Module } from './module.js';

/**
 * (x − mean) / √(var + eps) · weight + bias over the last axis.
 * @example const y = layerNorm(x, gamma, beta); // (B, T, C), gamma and beta (C)
 */
export function layerNorm(x: Tensor, weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5): Tensor {
  const centred = sub(x, mean(x, -1, true)); // (B, T, C)
  const variance = mean(mul(centred, centred), -1, true); // (B, T, 1), biased
  const xhat = div(centred, sqrt(add(variance, eps))); // (B, T, C)
  const scaled = weight ? mul(xhat, weight) : xhat;
  return bias ? add(scaled, bias) : scaled;
}

export interface LayerNormOptions {
  eps?: number;
  /** Learn weight and bias (default true). */
  elementwiseAffine?: boolean;
  /** Learn the bias (default true; only with elementwiseAffine). */
  bias?: boolean;
  dtype?: DType;
}

/**
 * PyTorch's nn.LayerNorm over the last axis: parameters `weight` (ones) and `bias` (zeros), eps 1e-5.
 * @example const norm = new LayerNorm(64); norm.forward(x) // (B, T, 64), each row mean 0, variance 1
 */
export class LayerNorm extends Module {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly eps: number;

  constructor(readonly normalizedShape: number, opts: LayerNormOptions = {}) {
    super();
    if (!Number.isInteger(normalizedShape) || normalizedShape <= 0) {
      throw new AttnError('E_INPUT', `LayerNorm: normalizedShape must be a positive integer (the last axis), got ${normalizedShape}`);
    }
    this.eps = opts.eps ?? 1e-5;
    const affine = opts.elementwiseAffine ?? true;
    this.weight = affine ? this.param('weight', full([normalizedShape], 1, { dtype: opts.dtype })) : null;
    this.bias = affine && (opts.bias ?? true) ? this.param('bias', zeros([normalizedShape], { dtype: opts.dtype })) : null;
  }

  /** (..., C) -> (..., C) */
  forward(x: Tensor): Tensor {
    if (x.shape[x.rank - 1] !== this.normalizedShape) {
      throw new AttnError('E_SHAPE', `LayerNorm: input ${shapeStr(x.shape)} does not end in ${this.normalizedShape}`);
    }
    return layerNorm(x, this.weight, this.bias, this.eps);
  }
}
