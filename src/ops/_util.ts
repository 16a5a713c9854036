// Private helpers shared by the op files: output allocation, number → tensor promotion, and the contiguous
// inputs most kernels need (views are made contiguous by the `copy` kernel, only when a kernel must read them).
import { Tensor, emptyLike, uninitializedLike, full, viewOf } from '../tensor.js';
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

/**
 * For a kernel that broadcasts its operands itself (binary): x as a contiguous tensor that broadcasts to x's shape.
 * An expanded view (stride 0 on its broadcast axes) is handed over as a view at its compact shape, those axes 1,
 * when that is contiguous: the kernel reads the same values without the copy (the layers' per-row means and the
 * gradients of sums are such views). Anything else as contiguousOf. The caller frees a copy with `release`.
 */
export function broadcastOperand(x: Tensor): Tensor {
  if (x.isContiguous || !x.strides.includes(0)) return contiguousOf(x);
  const compact = viewOf(x, x.shape.map((d, i) => (x.strides[i] === 0 ? 1 : d)), x.strides, x.offset);
  if (compact.isContiguous) return compact;
  compact.dispose();
  return contiguousOf(x);
}

/** Free the copies `contiguousOf` made (never the originals). */
export function release(copies: readonly Tensor[], originals: readonly Tensor[]): void {
  copies.forEach((c, i) => {
    if (c !== originals[i]) c.dispose();
  });
}
