// Private helpers shared by the op files: output allocation, number → tensor promotion, and the contiguous
// inputs most kernels need (views are made contiguous by the `copy` kernel, only when a kernel must read them).
import { Tensor, emptyLike, uninitializedLike, full } from '../tensor.js';
import type { Shape } from '../shape.js';
import type { Kernels } from '../primitives.js';

/** The output of a kernel that writes every element: `shape`, the dtype and backend of `like`, values
 *  unspecified until the kernel runs (not zeroed: that would be a wasted pass over memory). */
export function outputLike(like: Tensor, shape: Shape): Tensor {
  return uninitializedLike(like, shape);
}

/** A zero-filled tensor of `shape` (for kernels that accumulate into their output). */
export function zerosLike(like: Tensor, shape: Shape): Tensor {
  return emptyLike(like, shape);
}

/** Promote a number to a scalar tensor of `like`'s dtype and backend. */
export function asTensor(x: Tensor | number, like: Tensor): Tensor {
  if (x instanceof Tensor) return x;
  return full([], x, { dtype: like.dtype, backend: like.backend });
}

/** The kernel table of the backend that holds `t`. */
export function kernelsOf(t: Tensor): Kernels<unknown> {
  return t.backend.kernels;
}

/** x itself when contiguous, else a contiguous copy (the caller frees it with `release`). */
export function contiguousOf(x: Tensor): Tensor {
  if (x.isContiguous) return x;
  const out = uninitializedLike(x, x.shape);
  x.backend.kernels.copy(x, out);
  return out;
}

/** Free the copies `contiguousOf` made (never the originals). */
export function release(copies: readonly Tensor[], originals: readonly Tensor[]): void {
  copies.forEach((c, i) => {
    if (c !== originals[i]) c.dispose();
  });
}
