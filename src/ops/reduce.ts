// Reductions over one axis or all: sum, mean, max. Backward broadcasts the gradient back.
import { Tensor, randn } from '../tensor.js';
import { normAxis, sizeOf } from '../shape.js';
import { defineOp, apply, kernels } from './define.js';
import { outputLike } from './_util.js';
import { expand } from './broadcast.js';
import { mul, div, sub, compare } from './arithmetic.js';
import { reshape } from './shape-ops.js';

type ReduceAttrs = { axis: number; keepdim: boolean };

function keptShape(shape: readonly number[], axis: number): number[] {
  return shape.map((d, i) => (i === axis ? 1 : d));
}
function outShape(shape: readonly number[], { axis, keepdim }: ReduceAttrs): number[] {
  return keepdim ? keptShape(shape, axis) : shape.filter((_, i) => i !== axis);
}

export const sumOp = defineOp<ReduceAttrs>({
  name: 'sum',
  forward([x], attrs) {
    const out = outputLike(x, outShape(x.shape, attrs));
    kernels().reduce('sum', x, attrs.axis, out);
    return { out };
  },
  // d/dx = g broadcast along the summed axis
  backward({ inputs: [x], attrs }, g) {
    return [expand(reshape(g, keptShape(x.shape, attrs.axis)), x.shape)];
  },
  sample: (rng) => ({ inputs: [randn([2, 3, 4], rng, { dtype: 'float64' })], attrs: { axis: 1, keepdim: false } }),
});

export const maxOp = defineOp<ReduceAttrs>({
  name: 'max',
  forward([x], attrs) {
    const out = outputLike(x, outShape(x.shape, attrs));
    kernels().reduce('max', x, attrs.axis, out);
    return { out };
  },
  // d/dx = g where x equals the max (split evenly among ties, as PyTorch's amax does)
  backward({ inputs: [x], out, attrs }, g) {
    const kept = keptShape(x.shape, attrs.axis);
    const hit = compare('eq', x, reshape(out, kept));
    const count = sumAxis(hit, attrs.axis, true);
    return [mul(expand(reshape(div(g, reshape(count, outShape(x.shape, attrs))), kept), x.shape), hit)];
  },
  sample: (rng) => ({ inputs: [randn([2, 3, 4], rng, { dtype: 'float64' })], attrs: { axis: 2, keepdim: true } }),
});

function sumAxis(x: Tensor, axis: number, keepdim: boolean): Tensor {
  return apply(sumOp, [x], { axis, keepdim });
}

/**
 * Sum over `axis` (all axes when omitted).
 * @example sum(x) // scalar; sum(x, -1, true) // keeps the last axis as 1
 */
export function sum(x: Tensor, axis?: number, keepdim = false): Tensor {
  if (axis === undefined) return sumAxis(reshape(x, [sizeOf(x.shape)]), 0, false);
  return sumAxis(x, normAxis('sum', axis, x.rank), keepdim);
}

/** Mean over `axis` (all axes when omitted). @example mean(loss) */
export function mean(x: Tensor, axis?: number, keepdim = false): Tensor {
  const n = axis === undefined ? x.size : x.shape[normAxis('mean', axis, x.rank)];
  return div(sum(x, axis, keepdim), n);
}

/** Max over `axis`; the gradient goes to the maximal entries. @example max(scores, -1, true) */
export function max(x: Tensor, axis: number, keepdim = false): Tensor {
  return apply(maxOp, [x], { axis: normAxis('max', axis, x.rank), keepdim });
}

/**
 * Variance over `axis`, composed from mean and sum; `correction` 1 is the unbiased estimate (torch.var's
 * default), 0 the biased one that LayerNorm uses.
 * @example variance(x, -1, true, 0) // (B, T, C) -> (B, T, 1)
 */
export function variance(x: Tensor, axis: number, keepdim = false, correction = 1): Tensor {
  const a = normAxis('variance', axis, x.rank);
  const centred = sub(x, mean(x, a, true));
  return div(sum(mul(centred, centred), a, keepdim), x.shape[a] - correction);
}
