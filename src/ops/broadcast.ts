// Broadcasting as ops: expand (broadcastTo) and its adjoint sumTo, which every broadcasting op's
// backward uses to fold a gradient back onto its input's shape.
import { Tensor, randn, viewOf } from '../tensor.js';
import { broadcastShapes, sameShape, type Shape, shapeStr, stridesOf } from '../shape.js';
import { AttnError } from '../errors.js';
import { defineOp, apply, kernels } from './define.js';
import { outputLike } from './_util.js';

/** x seen at a broadcast `shape` without copying: stride 0 on every new or size-1 → n axis (no autograd). */
export function expandView(x: Tensor, shape: Shape): Tensor {
  const off = shape.length - x.rank;
  const strides = shape.map((d, i) => (i < off || (x.shape[i - off] === 1 && d !== 1) ? 0 : x.strides[i - off]));
  return viewOf(x, shape, strides, x.offset);
}

export const expandOp = defineOp<{ shape: number[] }>({
  name: 'expand',
  view: true,
  forward: ([x], { shape }) => ({ out: expandView(x, shape) }),
  // d/dx = sum of grad over the broadcast dims
  backward({ inputs: [x] }, g) {
    return [sumTo(g, x.shape)];
  },
  sample: (rng) => ({ inputs: [randn([3, 1], rng, { dtype: 'float64' })], attrs: { shape: [2, 3, 4] } }),
});

/**
 * Broadcast `x` to `shape` (NumPy rules).
 * @example expand(tensor([1, 2]), [3, 2]) // three copies of the row
 */
export function expand(x: Tensor, shape: Shape): Tensor {
  if (sameShape(x.shape, shape)) return x;
  const b = broadcastShapes('expand', x.shape, shape);
  if (!sameShape(b, shape)) throw new AttnError('E_SHAPE', `expand: cannot broadcast ${shapeStr(x.shape)} to ${shapeStr(shape)}`);
  return apply(expandOp, [x], { shape: [...shape] });
}

export const sumToOp = defineOp<{ shape: number[] }>({
  name: 'sumTo',
  forward([x], { shape }) {
    const k = kernels();
    // Reduce leading extra dims, then each dim that was 1 in the target.
    let cur = x;
    const extra = x.rank - shape.length;
    for (let i = 0; i < x.rank; i++) {
      const target = i < extra ? 1 : shape[i - extra];
      if (cur.shape[i] !== target) {
        const next = outputLike(cur, cur.shape.map((d, j) => (j === i ? 1 : d)));
        k.reduce('sum', cur, i, next);
        if (cur !== x) cur.dispose();
        cur = next;
      }
    }
    // cur is contiguous with x's size: the result is a view of it with the target shape.
    const out = viewOf(cur, shape, stridesOf(shape), cur.offset);
    if (cur !== x) cur.dispose();
    return { out };
  },
  // d/dx = grad broadcast back to x's shape
  backward({ inputs: [x] }, g) {
    return [expand(g, x.shape)];
  },
  sample: (rng) => ({ inputs: [randn([2, 3, 4], rng, { dtype: 'float64' })], attrs: { shape: [3, 1] } }),
});

/** Sum `x` down to `shape` (the adjoint of expand). */
export function sumTo(x: Tensor, shape: Shape): Tensor {
  if (sameShape(x.shape, shape)) return x;
  return apply(sumToOp, [x], { shape: [...shape] });
}
