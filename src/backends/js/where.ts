// js reference kernel: elementwise select, out = cond != 0 ? a : b (inputs already broadcast to out's length).
import type { Data } from '../../primitives.js';

export function where(cond: Data, a: Data, b: Data, out: Data): void {
  for (let i = 0; i < out.length; i++) out[i] = cond[i] !== 0 ? a[i] : b[i];
}
