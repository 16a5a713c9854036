// Private helpers shared by the op files: output allocation and number → tensor promotion.
import { Tensor, allocData } from '../tensor.js';
import { sizeOf, type Shape } from '../shape.js';

/** A fresh tensor of `shape` with the dtype of `like`. */
export function empty(like: Tensor, shape: Shape): Tensor {
  return new Tensor(allocData(like.dtype, sizeOf(shape)), shape);
}

/** Promote a number to a scalar tensor of `like`'s dtype. */
export function asTensor(x: Tensor | number, like: Tensor): Tensor {
  if (x instanceof Tensor) return x;
  const t = empty(like, []);
  t.data[0] = x;
  return t;
}
