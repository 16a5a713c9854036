// The LayerNorm module: PyTorch's nn.LayerNorm over the last axis, its weight and bias as parameters. The
// arithmetic is the layerNorm op (src/ops/layer-norm.ts: a fused kernel forward and backward where the backend has
// one, the composed form otherwise). Biased variance and eps inside the root, as PyTorch.
import { Tensor, zeros, full } from '../tensor.js';
import { AttnError } from '../errors.js';
import { shapeStr } from '../shape.js';
import type { DType } from '../primitives.js';
import { layerNorm } from '../ops/layer-norm.js';
import { Module } from './module.js';

export { layerNorm, layerNormComposed } from '../ops/layer-norm.js';

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
