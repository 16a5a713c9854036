// js reference kernels: copy a window along one axis out of a tensor, and write one back (its adjoint).
import type { Data } from '../../primitives.js';

function dims(shape: readonly number[], axis: number): [number, number, number] {
  let outer = 1, inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  return [outer, shape[axis], inner];
}

/** out (outer, len, inner) = x[:, start:start+len, :]. */
export function slice(x: Data, shape: readonly number[], axis: number, start: number, len: number, out: Data): void {
  const [outer, full, inner] = dims(shape, axis);
  for (let o = 0; o < outer; o++) out.set(x.subarray((o * full + start) * inner, (o * full + start + len) * inner), o * len * inner);
}

/** dst[:, start:start+len, :] = src, where `shape` is dst's shape. */
export function sliceAssign(src: Data, shape: readonly number[], axis: number, start: number, len: number, dst: Data): void {
  const [outer, full, inner] = dims(shape, axis);
  for (let o = 0; o < outer; o++) dst.set(src.subarray(o * len * inner, (o + 1) * len * inner), (o * full + start) * inner);
}
