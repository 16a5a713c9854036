// Test-side writes: put host values into a tensor's storage through its backend (finite differences, hand-built
// masks). Library code writes with kernels (`assign`); these exist so tests need not reach for a host array.
import type { Tensor } from '../tensor.js';

/**
 * Write `values` into contiguous `t` starting at flat index `at`.
 * @example writeValues(w, [1, 2]); // w's first two values are now 1 and 2
 */
export function writeValues(t: Tensor, values: ArrayLike<number>, at = 0): void {
  if (!t.isContiguous) throw new Error(`writeValues: ${t} is a non-contiguous view`);
  if (at < 0 || at + values.length > t.size) throw new Error(`writeValues: ${values.length} values at ${at} do not fit ${t}`);
  t.backend.write(t.buf, t.offset + at, values);
}

/** Set one value of contiguous `t` by flat index. @example setValue(mask, 3, 1) */
export function setValue(t: Tensor, i: number, v: number): void {
  writeValues(t, [v], i);
}
