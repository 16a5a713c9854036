// js reference kernels: strided copy (any strides on both sides, so one kernel makes a permuted, expanded or
// narrowed view contiguous and writes a tensor into a window of another) and fill.
import type { Data } from '../../primitives.js';

/** out[offO + Σ i·so] = x[offX + Σ i·sx] for every index i of `shape`, row-major. */
export function copy(x: Data, offX: number, sx: readonly number[], out: Data, offO: number, so: readonly number[], shape: readonly number[]): void {
  const rank = shape.length;
  let n = 1;
  for (const d of shape) n *= d;
  if (n === 0) return;
  if (rank === 0) {
    out[offO] = x[offX];
    return;
  }
  const inner = shape[rank - 1], si = sx[rank - 1], oi = so[rank - 1];
  const idx = new Array<number>(rank).fill(0);
  let p = offX, q = offO;
  for (let done = 0; done < n; done += inner) {
    if (si === 1 && oi === 1) out.set(x.subarray(p, p + inner), q);
    else for (let j = 0, a = p, b = q; j < inner; j++, a += si, b += oi) out[b] = x[a];
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]++;
      p += sx[d];
      q += so[d];
      if (idx[d] < shape[d]) break;
      p -= sx[d] * shape[d];
      q -= so[d] * shape[d];
      idx[d] = 0;
    }
  }
}
