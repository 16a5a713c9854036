// js reference kernel: sum or max over one axis, seen as (outer, axis, inner).
import type { Data, ReduceOp } from '../../primitives.js';

export function reduce(op: ReduceOp, x: Data, shape: readonly number[], axis: number, out: Data): void {
  let outer = 1, inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  const len = shape[axis];
  for (let o = 0; o < outer; o++) {
    const base = o * len * inner;
    const ob = o * inner;
    if (op === 'sum') {
      for (let j = 0; j < inner; j++) out[ob + j] = 0;
      for (let k = 0; k < len; k++) {
        const row = base + k * inner;
        for (let j = 0; j < inner; j++) out[ob + j] += x[row + j];
      }
    } else {
      for (let j = 0; j < inner; j++) out[ob + j] = len ? x[base + j] : -Infinity;
      for (let k = 1; k < len; k++) {
        const row = base + k * inner;
        for (let j = 0; j < inner; j++) {
          const v = x[row + j];
          if (v > out[ob + j] || Number.isNaN(v)) out[ob + j] = v;
        }
      }
    }
  }
}
