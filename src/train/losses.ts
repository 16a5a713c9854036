// Losses with PyTorch semantics: crossEntropy (ignore index, label smoothing), binaryCrossEntropyWithLogits
// (stable form, posWeight) and mseLoss. The two log-likelihood losses are ops (forward + backward side by side,
// checked by the gradient suite); the reductions and mseLoss are compositions of ops.
// Not here: class weights, probability targets, (N, C, d1, ...) layouts — classes are always the last axis.
import { Tensor, tensor, randn, rand, full } from '../tensor.js';
import { AttnError } from '../errors.js';
import { shapeStr, sameShape } from '../shape.js';
import { defineOp, apply } from '../ops/define.js';
import { add, sub, mul, div, neg, compare } from '../ops/arithmetic.js';
import { where } from '../ops/where.js';
import { relu, exp, log, abs, sigmoid } from '../ops/unary.js';
import { sum, mean } from '../ops/reduce.js';
import { softmax, logSoftmax } from '../ops/softmax.js';
import { reshape } from '../ops/shape-ops.js';
import { sumTo, expand } from '../ops/broadcast.js';

export type Reduction = 'mean' | 'sum' | 'none';

export interface CrossEntropyOptions {
  /** Targets equal to this are skipped: no loss, no gradient, not counted by 'mean'. Default -100 (PyTorch). */
  ignoreIndex?: number;
  /** ε in [0, 1]: the target distribution is (1 − ε)·onehot + ε/K (PyTorch ≥ 1.10). Default 0. */
  labelSmoothing?: number;
  /** 'mean' (over non-ignored targets), 'sum' or 'none' (one loss per row). Default 'mean'. */
  reduction?: Reduction;
}

type CeAttrs = { target: Int32Array; ignoreIndex: number; eps: number };

// Row i's target distribution w_i: (1 − ε) at t_i plus ε/K everywhere; all zero for an ignored row.
function targetWeights(like: Tensor, { target, ignoreIndex, eps }: CeAttrs): Tensor {
  const K = like.shape[like.rank - 1];
  // Built on the host from the integer targets (not tensor data), then written to the backend once.
  const d = like.dtype === 'float64' ? new Float64Array(like.size) : new Float32Array(like.size);
  for (let i = 0; i < target.length; i++) {
    if (target[i] === ignoreIndex) continue;
    d.fill(eps / K, i * K, (i + 1) * K);
    d[i * K + target[i]] += 1 - eps;
  }
  return tensor(d, like.shape, { backend: like.backend });
}

/** Per-row loss l_i = −Σ_k w_ik · log softmax(x_i)_k, (..., K) → (...). */
export const crossEntropyOp = defineOp<CeAttrs, { w: Tensor }>({
  name: 'crossEntropy',
  forward([x], attrs) {
    const w = targetWeights(x, attrs);
    // 0·log 0 = 0: a masked logit (−∞) with no target weight adds nothing (PyTorch), instead of 0·(−∞) = NaN
    const logp = where(compare('eq', w, 0), 0, logSoftmax(x));
    return { out: neg(sum(mul(logp, w), -1)), saved: { w } };
  },
  // dx_ik = g_i · (p_ik · Σ_k w_ik − w_ik), with p = softmax(x)
  backward({ inputs: [x], saved: { w } }, g) {
    const gi = reshape(g, [...g.shape, 1]);
    return [mul(gi, sub(mul(softmax(x), sum(w, -1, true)), w))];
  },
  sample: (rng) => ({
    inputs: [randn([4, 5], rng, { dtype: 'float64' })],
    attrs: { target: Int32Array.from([1, -100, 4, 0]), ignoreIndex: -100, eps: 0.1 },
  }),
});

function checkReduction(op: string, r: string): void {
  if (r !== 'mean' && r !== 'sum' && r !== 'none') throw new AttnError('E_INPUT', `${op}: reduction '${r}' is not one of 'mean', 'sum', 'none'`);
}

function reduce(x: Tensor, reduction: Reduction, count: number): Tensor {
  if (reduction === 'none') return x;
  const s = sum(x);
  return reduction === 'sum' ? s : div(s, Math.max(count, 1));
}

/**
 * Cross-entropy between logits (..., K) and integer class targets (one per row), as torch.nn.functional.cross_entropy.
 * 'mean' divides by the number of non-ignored targets; when every target is ignored the loss is 0 with a zero
 * gradient (PyTorch returns NaN there). Masked logits (−∞) are allowed: a masked class that is not the target
 * adds nothing; a target on a masked class (or on a fully masked row) gives +∞, not NaN.
 * @example const loss = crossEntropy(logits, [2, 0, -100], { labelSmoothing: 0.1 }); backward(loss);
 */
export function crossEntropy(logits: Tensor, target: Int32Array | readonly number[], opts: CrossEntropyOptions = {}): Tensor {
  const { ignoreIndex = -100, labelSmoothing = 0, reduction = 'mean' } = opts;
  checkReduction('crossEntropy', reduction);
  if (logits.rank < 1) throw new AttnError('E_SHAPE', `crossEntropy: logits must have a class axis, got ${shapeStr(logits.shape)}`);
  const K = logits.shape[logits.rank - 1];
  const rows = K ? logits.size / K : 0;
  if (target.length !== rows) {
    throw new AttnError('E_SHAPE', `crossEntropy: ${target.length} targets for logits ${shapeStr(logits.shape)} (${rows} rows of ${K} classes expected)`);
  }
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) throw new AttnError('E_INPUT', `crossEntropy: labelSmoothing ${labelSmoothing} is not in [0, 1]`);
  let count = 0;
  for (let i = 0; i < rows; i++) {
    const t = target[i];
    if (t === ignoreIndex) continue;
    if (!Number.isInteger(t) || t < 0 || t >= K) {
      throw new AttnError('E_INPUT', `crossEntropy: target[${i}] = ${t} is not a class in [0, ${K}) nor the ignore index ${ignoreIndex}`);
    }
    count++;
  }
  const attrs = { target: Int32Array.from(target), ignoreIndex, eps: labelSmoothing };
  return reduce(apply(crossEntropyOp, [logits], attrs), reduction, count);
}

// softplus(x) = log(1 + e^x) = max(x, 0) + log(1 + e^−|x|), never overflowing.
const softplus = (x: Tensor): Tensor => add(relu(x), log(add(exp(neg(abs(x))), 1)));

/** Elementwise l = pw·y·softplus(−x) + (1 − y)·softplus(x) = −[pw·y·log σ(x) + (1 − y)·log(1 − σ(x))]. */
export const bceWithLogitsOp = defineOp({
  name: 'binaryCrossEntropyWithLogits',
  forward([x, y, pw]) {
    const spPos = softplus(x);
    const spNeg = sub(spPos, x);
    return { out: add(mul(mul(pw, y), spNeg), mul(sub(1, y), spPos)) };
  },
  // dx = g·((1 − y)·σ(x) − pw·y·σ(−x)),  dy = g·(pw·softplus(−x) − softplus(x)),  dpw = g·y·softplus(−x)
  backward({ inputs: [x, y, pw], needs }, g) {
    const spPos = needs[1] || needs[2] ? softplus(x) : null;
    const spNeg = spPos ? sub(spPos, x) : null;
    return [
      needs[0] ? mul(g, sub(mul(sub(1, y), sigmoid(x)), mul(mul(pw, y), sigmoid(neg(x))))) : null,
      needs[1] ? sumTo(mul(g, sub(mul(pw, spNeg!), spPos!)), y.shape) : null,
      needs[2] ? sumTo(mul(g, mul(y, spNeg!)), pw.shape) : null,
    ];
  },
  sample: (rng) => ({
    inputs: [
      randn([3, 4], rng, { dtype: 'float64' }),
      rand([3, 4], rng, 0, 1, { dtype: 'float64' }),
      rand([4], rng, 0.5, 3, { dtype: 'float64' }),
    ],
    attrs: undefined,
  }),
});

export interface BceOptions {
  /** Weight of the positive term, broadcast against the last axis (PyTorch's pos_weight). Default 1. */
  posWeight?: Tensor | number;
  reduction?: Reduction;
}

/**
 * Binary cross-entropy on logits, as torch.nn.functional.binary_cross_entropy_with_logits, in the stable form
 * (no overflow for large |x|). Targets are probabilities in [0, 1] of the logits' shape.
 * @example const loss = binaryCrossEntropyWithLogits(logits, tensor([1, 0, 1]), { posWeight: 2 });
 */
export function binaryCrossEntropyWithLogits(logits: Tensor, targets: Tensor, opts: BceOptions = {}): Tensor {
  const { posWeight = 1, reduction = 'mean' } = opts;
  checkReduction('binaryCrossEntropyWithLogits', reduction);
  if (!sameShape(logits.shape, targets.shape)) {
    throw new AttnError('E_SHAPE', `binaryCrossEntropyWithLogits: targets ${shapeStr(targets.shape)} must have the logits' shape ${shapeStr(logits.shape)}`);
  }
  const pw = posWeight instanceof Tensor ? posWeight : full([], posWeight, { dtype: logits.dtype });
  const l = apply(bceWithLogitsOp, [logits, targets, expand(pw, logits.shape)], undefined);
  return reduce(l, reduction, logits.size);
}

/**
 * Squared error (x − y)², averaged by default, as torch.nn.functional.mse_loss.
 * @example const loss = mseLoss(prediction, target);
 */
export function mseLoss(input: Tensor, target: Tensor, opts: { reduction?: Reduction } = {}): Tensor {
  const { reduction = 'mean' } = opts;
  checkReduction('mseLoss', reduction);
  if (!sameShape(input.shape, target.shape)) {
    throw new AttnError('E_SHAPE', `mseLoss: target ${shapeStr(target.shape)} must have the input's shape ${shapeStr(input.shape)}`);
  }
  const d = sub(input, target);
  const sq = mul(d, d);
  return reduction === 'none' ? sq : reduction === 'sum' ? sum(sq) : mean(sq);
}
