// Elementwise binary arithmetic with broadcasting: add, sub, mul, div, pow, maximum, minimum.
// Numbers are promoted to scalar tensors. Backward folds gradients back with sumTo.
import { Tensor, randn, rand } from '../tensor.js';
import { broadcastShapes } from '../shape.js';
import type { BinaryOp } from '../primitives.js';
import { defineOp, apply, kernels, type OpDef } from './define.js';
import { outputLike, asTensor, contiguousOf, broadcastOperand, release } from './_util.js';
import { sumTo } from './broadcast.js';
import type { Rng } from '../random.js';

// The binary ops take their inputs as they are (`strided: BROADCASTS`): the kernel broadcasts, so an expanded
// view goes to it at its compact shape instead of as a copy (broadcastOperand).
const BROADCASTS = [0, 1];
function forwardBinary(op: BinaryOp) {
  return (inputs: readonly Tensor[]) => {
    const [a, b] = inputs;
    const shape = broadcastShapes(op, a.shape, b.shape);
    const out = outputLike(a, shape);
    const given = inputs.map(broadcastOperand);
    kernels().binary(op, given[0], given[1], out);
    release(given, inputs);
    return { out };
  };
}

const sample2 = (rng: Rng) => ({
  inputs: [randn([2, 3], rng, { dtype: 'float64' }), randn([3], rng, { dtype: 'float64' })],
  attrs: undefined,
});

export const addOp = defineOp({
  name: 'add',
  forward: forwardBinary('add'),
  strided: BROADCASTS,
  // d/da = g, d/db = g (summed over broadcast dims)
  backward: ({ inputs: [a, b] }, g) => [sumTo(g, a.shape), sumTo(g, b.shape)],
  sample: sample2,
});
export const subOp = defineOp({
  name: 'sub',
  forward: forwardBinary('sub'),
  strided: BROADCASTS,
  // d/da = g, d/db = -g
  backward: ({ inputs: [a, b], needs }, g) => [sumTo(g, a.shape), needs[1] ? sumTo(neg(g), b.shape) : null],
  sample: sample2,
});
export const mulOp = defineOp({
  name: 'mul',
  forward: forwardBinary('mul'),
  strided: BROADCASTS,
  // d/da = g·b, d/db = g·a
  backward: ({ inputs: [a, b], needs }, g) => [needs[0] ? sumTo(mul(g, b), a.shape) : null, needs[1] ? sumTo(mul(g, a), b.shape) : null],
  sample: sample2,
});
export const divOp = defineOp({
  name: 'div',
  forward: forwardBinary('div'),
  strided: BROADCASTS,
  // d/da = g/b, d/db = -g·a/b²
  backward: ({ inputs: [a, b], out, needs }, g) => [
    needs[0] ? sumTo(div(g, b), a.shape) : null,
    needs[1] ? sumTo(neg(div(mul(g, out), b)), b.shape) : null,
  ],
  sample: (rng) => ({
    inputs: [randn([2, 3], rng, { dtype: 'float64' }), rand([3], rng, 0.5, 2, { dtype: 'float64' })],
    attrs: undefined,
  }),
});
export const powOp = defineOp({
  name: 'pow',
  forward: forwardBinary('pow'),
  strided: BROADCASTS,
  // d/da = g·b·a^(b−1), d/db = g·a^b·ln a  (a > 0 for the latter)
  backward: ({ inputs: [a, b], out, needs }, g) => [
    needs[0] ? sumTo(mul(g, mul(b, pow(a, sub(b, 1)))), a.shape) : null,
    needs[1] ? sumTo(mul(g, mul(out, logOf(a))), b.shape) : null,
  ],
  sample: (rng) => ({
    inputs: [rand([2, 3], rng, 0.5, 2, { dtype: 'float64' }), rand([3], rng, 0.5, 2.5, { dtype: 'float64' })],
    attrs: undefined,
  }),
});

function minmax(name: 'maximum' | 'minimum', kernel: 'max' | 'min', cmp: 'ge' | 'gt'): OpDef {
  return defineOp({
    name,
    forward: forwardBinary(kernel),
    strided: BROADCASTS,
    // the gradient flows to the winner (ties go to a)
    backward: ({ inputs: [a, b] }, g) => {
      const pickA = compare(cmp === 'ge' ? 'ge' : 'gt', kernel === 'max' ? a : b, kernel === 'max' ? b : a);
      return [sumTo(mul(g, pickA), a.shape), sumTo(mul(g, sub(1, pickA)), b.shape)];
    },
    sample: (rng) => ({
      inputs: [randn([2, 3], rng, { dtype: 'float64' }), randn([3], rng, { dtype: 'float64' })],
      attrs: undefined,
    }),
  });
}
export const maximumOp = minmax('maximum', 'max', 'ge');
export const minimumOp = minmax('minimum', 'min', 'ge');

type T = Tensor | number;
function bin(op: OpDef, a: T, b: T): Tensor {
  const like = a instanceof Tensor ? a : (b as Tensor);
  return apply(op, [asTensor(a, like), asTensor(b, like)], undefined);
}

/** a + b with broadcasting. @example add(x, 1) */
export const add = (a: T, b: T): Tensor => bin(addOp, a, b);
/** a − b with broadcasting. @example sub(x, y) */
export const sub = (a: T, b: T): Tensor => bin(subOp, a, b);
/** a · b elementwise with broadcasting. @example mul(x, 0.5) */
export const mul = (a: T, b: T): Tensor => bin(mulOp, a, b);
/** a / b with broadcasting. @example div(scores, Math.sqrt(C)) */
export const div = (a: T, b: T): Tensor => bin(divOp, a, b);
/** a ** b with broadcasting. @example pow(x, 2) */
export const pow = (a: T, b: T): Tensor => bin(powOp, a, b);
/** Elementwise max. @example maximum(x, 0) */
export const maximum = (a: T, b: T): Tensor => bin(maximumOp, a, b);
/** Elementwise min. @example minimum(x, 1) */
export const minimum = (a: T, b: T): Tensor => bin(minimumOp, a, b);
/** −x. @example neg(x) */
export const neg = (x: Tensor): Tensor => mul(x, -1);

/** Elementwise comparison as 0/1 values, not differentiable. @example compare('gt', x, 0) */
export function compare(op: 'gt' | 'ge' | 'eq', a: T, b: T): Tensor {
  const like = a instanceof Tensor ? a : (b as Tensor);
  const [x, y] = [asTensor(a, like), asTensor(b, like)];
  const shape = broadcastShapes(op, x.shape, y.shape);
  const out = outputLike(like, shape);
  const [cx, cy] = [contiguousOf(x), contiguousOf(y)];
  kernels().binary(op, cx, cy, out);
  release([cx, cy], [x, y]);
  return out;
}

// log without importing unary.ts (which imports this file).
function logOf(x: Tensor): Tensor {
  const out = outputLike(x, x.shape);
  const cx = contiguousOf(x);
  kernels().unary('log', cx, out);
  release([cx], [x]);
  return out;
}
