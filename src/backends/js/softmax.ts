// js fused kernel: numerically stable row softmax, y = exp(x - max) / Σ exp(x - max).
// A row that is entirely -Infinity (fully masked) gives zeros, not NaN — the library's documented choice; a row
// holding NaN gives NaN (it is not masked, and must not pass for one).
import type { Data } from '../../primitives.js';

export function softmax(x: Data, rows: number, cols: number, out: Data): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) if (x[o + j] > m || x[o + j] !== x[o + j]) m = x[o + j];
    if (m === -Infinity) {
      for (let j = 0; j < cols; j++) out[o + j] = 0;
      continue;
    }
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(x[o + j] - m);
      out[o + j] = e;
      s += e;
    }
    const inv = 1 / s;
    for (let j = 0; j < cols; j++) out[o + j] *= inv;
  }
}
