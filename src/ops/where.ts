// Elementwise selection: where(cond, a, b) and maskedFill(x, mask, value), with broadcasting.
// The condition is data, not a differentiable input: nonzero = take `a`. Masks follow the library's one
// polarity (1 = masked out), so maskedFill(scores, mask, -Infinity) hides the masked keys.
import { Tensor, tensor, randn } from '../tensor.js';
import { broadcastShapes, sameShape, type Shape } from '../shape.js';
import { defineOp, apply, kernels } from './define.js';
import { outputLike, asTensor, release } from './_util.js';
import { sumTo, expandView } from './broadcast.js';

/** x materialised at `shape` (x itself when it already has it). */
function broadcastTo(x: Tensor, shape: Shape): Tensor {
  if (sameShape(x.shape, shape)) return x;
  const out = outputLike(x, shape);
  kernels().copy(expandView(x, shape), out);
  return out;
}

export const whereOp = defineOp({
  name: 'where',
  forward([cond, a, b]) {
    const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, a.shape), b.shape);
    const out = outputLike(a, shape);
    const ins = [cond, a, b], full = ins.map((x) => broadcastTo(x, shape));
    kernels().where(full[0], full[1], full[2], out);
    release(full, ins);
    return { out };
  },
  // da = g where cond, db = g elsewhere (each summed back over its broadcast dims); cond gets none
  backward: ({ inputs: [cond, a, b], needs }, g) => [
    null,
    needs[1] ? sumTo(where(cond, g, 0), a.shape) : null,
    needs[2] ? sumTo(where(cond, 0, g), b.shape) : null,
  ],
  sample: (rng) => {
    const cond = tensor(Float64Array.from({ length: 8 }, () => (rng.normal() > 0 ? 1 : 0)), [2, 1, 4]); // randn's signs, on the host
    return { inputs: [cond, randn([3, 4], rng, { dtype: 'float64' }), randn([2, 3, 1], rng, { dtype: 'float64' })], attrs: undefined };
  },
  constant: [0],
});

/**
 * Elementwise `cond ? a : b` with broadcasting; `cond` is read as nonzero = true and gets no gradient.
 * @example where(compare('gt', x, 0), x, 0) // relu
 */
export function where(cond: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  const like = a instanceof Tensor ? a : b instanceof Tensor ? b : cond;
  return apply(whereOp, [cond, asTensor(a, like), asTensor(b, like)], undefined);
}

/**
 * `value` where `mask` is nonzero (1 = masked out, the library's polarity), `x` elsewhere.
 * @example maskedFill(scores, causalMask, -Infinity) // (T, T) scores, masked keys get -∞
 */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  return where(mask, value, x);
}
