// Elementwise unary math ops: exp, log, sqrt, abs, relu, gelu, tanh, sigmoid, sin, cos.
// Each backward is one line of ops with its formula.
import { Tensor, tensor, randn, rand } from '../tensor.js';
import type { UnaryOp } from '../primitives.js';
import { defineOp, apply, kernels, type OpDef } from './define.js';
import { outputLike, contiguousOf, release } from './_util.js';
import { mul, div, sub, neg } from './arithmetic.js';
import type { Rng } from '../random.js';

/** Apply a unary kernel without recording (used by backward formulas too). */
export function mapKernel(op: UnaryOp, x: Tensor): Tensor {
  const out = outputLike(x, x.shape);
  const cx = contiguousOf(x);
  kernels().unary(op, cx, out);
  release([cx], [x]);
  return out;
}

const anyReal = (rng: Rng) => ({ inputs: [randn([2, 3], rng, { dtype: 'float64' })], attrs: undefined });
const positive = (rng: Rng) => ({ inputs: [rand([2, 3], rng, 0.5, 2, { dtype: 'float64' })], attrs: undefined });
// Keep samples away from kinks (0 for relu/abs) so central differences are valid.
const awayFromZero = (rng: Rng) => {
  const v = Float64Array.from({ length: 6 }, () => rng.normal()).map((a) => (Math.abs(a) < 0.1 ? a + 0.3 : a)); // randn's values, on the host
  return { inputs: [tensor(v, [2, 3])], attrs: undefined };
};

function unaryOp(name: UnaryOp, backward: (x: Tensor, y: Tensor, g: Tensor) => Tensor, sample: OpDef['sample']): OpDef {
  return defineOp({
    name,
    forward: ([x]) => ({ out: mapKernel(name, x) }),
    backward: ({ inputs: [x], out }, g) => [backward(x, out, g)],
    sample,
  });
}

// d exp = g·y
export const expOp = unaryOp('exp', (_x, y, g) => mul(g, y), anyReal);
// d log = g / x
export const logOp = unaryOp('log', (x, _y, g) => div(g, x), positive);
// d sqrt = g / (2y)
export const sqrtOp = unaryOp('sqrt', (_x, y, g) => div(g, mul(y, 2)), positive);
// d abs = g·sign(x)
export const absOp = unaryOp('abs', (x, _y, g) => mul(g, mapKernel('sign', x)), awayFromZero);
// d relu = g·[x > 0]
export const reluOp = unaryOp('relu', (x, _y, g) => mul(g, mapKernel('step', x)), awayFromZero);
// d gelu = g·(Φ(x) + x·φ(x))
export const geluOp = unaryOp('gelu', (x, _y, g) => mul(g, mapKernel('geluGrad', x)), anyReal);
// d tanh = g·(1 − y²)
export const tanhOp = unaryOp('tanh', (_x, y, g) => mul(g, sub(1, mul(y, y))), anyReal);
// d sigmoid = g·y·(1 − y)
export const sigmoidOp = unaryOp('sigmoid', (_x, y, g) => mul(g, mul(y, sub(1, y))), anyReal);
// d sin = g·cos x
export const sinOp = unaryOp('sin', (x, _y, g) => mul(g, mapKernel('cos', x)), anyReal);
// d cos = −g·sin x
export const cosOp = unaryOp('cos', (x, _y, g) => neg(mul(g, mapKernel('sin', x))), anyReal);

/** e^x. @example exp(x) */
export const exp = (x: Tensor): Tensor => apply(expOp, [x], undefined);
/** Natural log. @example log(p) */
export const log = (x: Tensor): Tensor => apply(logOp, [x], undefined);
/** √x. @example sqrt(v) */
export const sqrt = (x: Tensor): Tensor => apply(sqrtOp, [x], undefined);
/** |x|. @example abs(x) */
export const abs = (x: Tensor): Tensor => apply(absOp, [x], undefined);
/** max(x, 0). @example relu(h) */
export const relu = (x: Tensor): Tensor => apply(reluOp, [x], undefined);
/** Exact (erf) GELU, PyTorch's default. @example gelu(h) */
export const gelu = (x: Tensor): Tensor => apply(geluOp, [x], undefined);
/** tanh. @example tanh(x) */
export const tanh = (x: Tensor): Tensor => apply(tanhOp, [x], undefined);
/** 1 / (1 + e^−x). @example sigmoid(logits) */
export const sigmoid = (x: Tensor): Tensor => apply(sigmoidOp, [x], undefined);
/** sin. @example sin(x) */
export const sin = (x: Tensor): Tensor => apply(sinOp, [x], undefined);
/** cos. @example cos(x) */
export const cos = (x: Tensor): Tensor => apply(cosOp, [x], undefined);
