// Softmax and log-softmax along an axis. The js fused kernel is the fast path; the composition
// exp(x − max) / Σ is kept as the reference (softmaxComposed) and a test proves they agree.
// A row that is all -Infinity (fully masked) gives zeros (log-softmax: −∞ with a zero gradient), never NaN.
import { Tensor, randn } from '../tensor.js';
import { normAxis } from '../shape.js';
import { defineOp, apply, fused, kernels } from './define.js';
import { outputLike } from './_util.js';
import { mul, sub } from './arithmetic.js';
import { sum, max } from './reduce.js';
import { compare } from './arithmetic.js';
import { where } from './where.js';
import { exp } from './unary.js';
import { permute } from './shape-ops.js';
import { div } from './arithmetic.js';

function lastAxisSoftmax(x: Tensor): Tensor {
  const cols = x.shape[x.rank - 1];
  const rows = cols ? x.size / cols : 0;
  const k = fused().softmax;
  if (!k) return softmaxComposed(x, -1);
  const out = outputLike(x, x.shape);
  k(x, out);
  return out;
}

export const softmaxOp = defineOp({
  name: 'softmax',
  forward: ([x]) => ({ out: lastAxisSoftmax(x) }),
  // dx = y·(g − Σ g·y)
  backward: ({ out: y }, g) => [mul(y, sub(g, sum(mul(g, y), -1, true)))],
  sample: (rng) => ({ inputs: [randn([2, 3, 5], rng, { dtype: 'float64' })], attrs: undefined }),
});

// A fully masked row (all −∞) gives all −∞ = log 0, as softmax gives zeros: the max is taken as 0 there and
// the empty sum as 1 (log 1 = 0), so no −∞ − (−∞) = NaN is formed.
export const logSoftmaxOp = defineOp({
  name: 'logSoftmax',
  forward([x]) {
    const m = max(x, -1, true);
    const masked = compare('eq', m, -Infinity);
    const shifted = sub(x, where(masked, 0, m));
    return { out: sub(shifted, logSumExpShifted(shifted, masked)) };
  },
  // dx = g' − softmax(x)·Σ g', with g' = g where out is finite and 0 where out = −∞: a masked entry's output is
  // the constant −∞, so no gradient flows through it, and none reaches a −∞ input (its dx = g' − 0 = 0)
  backward({ out }, g) {
    const live = where(compare('eq', out, -Infinity), 0, g);
    return [sub(live, mul(exp(out), sum(live, -1, true)))];
  },
  sample: (rng) => ({ inputs: [randn([3, 4], rng, { dtype: 'float64' })], attrs: undefined }),
});

// log Σ exp(shifted) per row, with 0 for a fully masked row (whose sum is empty).
function logSumExpShifted(shifted: Tensor, masked: Tensor): Tensor {
  const s = where(masked, 1, sum(exp(shifted), -1, true));
  const out = outputLike(s, s.shape);
  kernels().unary('log', s, out);
  return out;
}

function moveToLast<T>(x: Tensor, axis: number, f: (t: Tensor) => Tensor): Tensor {
  const a = normAxis('softmax', axis, x.rank);
  if (a === x.rank - 1) return f(x);
  const perm = x.shape.map((_, i) => i);
  perm.splice(a, 1);
  perm.push(a);
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return permute(f(permute(x, perm)), inv);
}

/**
 * Numerically stable softmax along `axis` (default the last); rows sum to 1.
 * @example const weights = softmax(scores); // (T, T), each row sums to 1
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  return moveToLast(x, axis, (t) => apply(softmaxOp, [t], undefined));
}

/**
 * log(softmax(x)) along `axis`, computed stably. A fully masked row (all −∞) gives −∞ everywhere (log of
 * softmax's zeros) and a zero gradient; −∞ entries of other rows stay −∞ and get no gradient.
 * @example const logp = logSoftmax(logits); // (N, K), exp(logp) rows sum to 1
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return moveToLast(x, axis, (t) => apply(logSoftmaxOp, [t], undefined));
}

/**
 * The reference composition exp(x − max) / Σ exp(x − max), differentiable through its parts. A fully masked
 * row (all −∞) gives zeros, as the fused kernel does: the max is taken as 0 there and the empty sum as 1.
 */
export function softmaxComposed(x: Tensor, axis = -1): Tensor {
  const m = max(x, axis, true);
  const masked = compare('eq', m, -Infinity);
  const e = exp(sub(x, where(masked, 0, m)));
  const s = sum(e, axis, true);
  return div(e, where(masked, 1, s));
}
