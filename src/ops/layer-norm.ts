// Layer normalisation over the last axis as one op. With the backend's fused kernel the forward saves only the
// per-row mean and rstd and the backward is one kernel too; without it, the composed form (mean, sub, mul, sqrt,
// div) runs — `layerNormComposed`, the reference a test holds the kernels to in value and gradient. Biased variance
// and eps inside the root, as PyTorch. Not the LayerNorm module (src/nn/layer-norm.ts), which holds the parameters.
import { Tensor, randn } from '../tensor.js';
import { AttnError } from '../errors.js';
import { shapeStr } from '../shape.js';
import { defineOp, apply, fused } from './define.js';
import { contiguousOf, outputLike, release } from './_util.js';
import { add, sub, mul, div } from './arithmetic.js';
import { mean } from './reduce.js';
import { sqrt } from './unary.js';
import { sumTo } from './broadcast.js';
import { reshape } from './shape-ops.js';

/**
 * The composed reference: (x − mean) / √(var + eps) · weight + bias over the last axis, with autograd through
 * its ops. @example const y = layerNormComposed(x, gamma, beta); // (B, T, C)
 */
export function layerNormComposed(x: Tensor, weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5): Tensor {
  return composed(x, weight, bias, eps).out;
}

function composed(x: Tensor, weight: Tensor | null, bias: Tensor | null, eps: number) {
  const mu = mean(x, -1, true); // (..., 1)
  const centred = sub(x, mu); // (..., C)
  const std = sqrt(add(mean(mul(centred, centred), -1, true), eps)); // (..., 1), biased variance
  const xhat = div(centred, std);
  const scaled = weight ? mul(xhat, weight) : xhat;
  return { out: bias ? add(scaled, bias) : scaled, mu, std };
}

interface LayerNormAttrs {
  eps: number;
  /** Inputs 1 and 2 are weight and bias, when present (weight first). */
  weight: boolean;
  bias: boolean;
}
/** Per row (x.shape without its last axis): the mean and 1/√(var + eps). */
interface Saved {
  mean: Tensor;
  rstd: Tensor;
}

function parts(inputs: readonly Tensor[], a: LayerNormAttrs) {
  return { x: inputs[0], weight: a.weight ? inputs[1] : null, bias: a.bias ? inputs[a.weight ? 2 : 1] : null };
}

export const layerNormOp = defineOp<LayerNormAttrs, Saved>({
  name: 'layerNorm',
  forward(inputs, a) {
    const { x, weight, bias } = parts(inputs, a);
    const rows = x.shape.slice(0, -1);
    const kernel = fused().layerNorm;
    if (!kernel) {
      const { out, mu, std } = composed(x, weight, bias, a.eps);
      return { out, saved: { mean: reshape(mu, rows), rstd: reshape(div(1, std), rows) } };
    }
    const [out, mu, rstd] = [outputLike(x, x.shape), outputLike(x, rows), outputLike(x, rows)];
    kernel(x, weight, bias, out, mu, rstd, a.eps);
    return { out, saved: { mean: mu, rstd } };
  },
  // x̂ = (x − mean)·rstd, ĝ = g·weight: dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)); dweight = Σ g·x̂, dbias = Σ g
  backward({ inputs, attrs, saved, needs }, g) {
    const { x, weight, bias } = parts(inputs, attrs);
    const kernel = fused().layerNormBackward;
    if (!kernel) {
      const col = [...x.shape.slice(0, -1), 1];
      const rs = reshape(saved!.rstd, col);
      const xhat = mul(sub(x, reshape(saved!.mean, col)), rs);
      const gh = weight ? mul(g, weight) : g;
      const dx = mul(rs, sub(sub(gh, mean(gh, -1, true)), mul(xhat, mean(mul(gh, xhat), -1, true))));
      const dw = weight && needs[1] ? sumTo(mul(g, xhat), weight.shape) : null;
      return [dx, ...(weight ? [dw] : []), ...(bias ? [sumTo(g, bias.shape)] : [])];
    }
    const given = [x, g, ...(weight ? [weight] : [])];
    const [xc, gc, wc] = given.map(contiguousOf);
    const dx = outputLike(xc, x.shape);
    const dw = weight && needs[1] ? outputLike(xc, weight.shape) : null;
    const db = bias && needs[weight ? 2 : 1] ? outputLike(xc, bias.shape) : null;
    kernel(xc, wc ?? null, saved!.mean, saved!.rstd, gc, dx, dw, db);
    release([xc, gc, ...(wc ? [wc] : [])], given);
    return [dx, ...(weight ? [dw] : []), ...(bias ? [db] : [])];
  },
  sample: (rng) => ({
    inputs: [randn([2, 3, 5], rng, { dtype: 'float64' }), randn([5], rng, { dtype: 'float64' }), randn([5], rng, { dtype: 'float64' })],
    attrs: { eps: 1e-5, weight: true, bias: true },
  }),
});

/**
 * (x − mean) / √(var + eps) · weight + bias over the last axis; weight and bias (C) or null. One fused kernel
 * forward and backward where the backend has it, else `layerNormComposed`'s ops.
 * @example const y = layerNorm(x, gamma, beta); // (B, T, C), gamma and beta (C)
 */
export function layerNorm(x: Tensor, weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5): Tensor {
  const C = x.shape[x.rank - 1];
  if (x.rank === 0) throw new AttnError('E_SHAPE', 'layerNorm: x needs at least one axis, got a scalar');
  for (const [what, p] of [['weight', weight], ['bias', bias]] as const) {
    if (p && (p.rank !== 1 || p.shape[0] !== C)) {
      throw new AttnError('E_SHAPE', `layerNorm: ${what} ${shapeStr(p.shape)} must be (${C}), the last axis of x ${shapeStr(x.shape)}`);
    }
  }
  if (!(eps >= 0)) throw new AttnError('E_INPUT', `layerNorm: eps must be ≥ 0, got ${eps}`);
  const inputs = [x, ...(weight ? [weight] : []), ...(bias ? [bias] : [])];
  return apply(layerNormOp, inputs, { eps, weight: weight !== null, bias: bias !== null });
}
