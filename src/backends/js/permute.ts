// js reference kernel: permute axes (a strided copy), e.g. (B, T, H, D) -> (B, H, T, D).
import type { Data } from '../../primitives.js';
import { stridesOf } from '../../shape.js';

export function permute(x: Data, shape: readonly number[], perm: readonly number[], out: Data): void {
  const rank = shape.length;
  const inStrides = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]);
  const st = perm.map((p) => inStrides[p]); // input stride for each output axis
  const n = out.length;
  if (rank === 0 || n === 0) {
    if (n) out[0] = x[0];
    return;
  }
  const inner = outShape[rank - 1];
  const si = st[rank - 1];
  const idx = new Array<number>(rank).fill(0);
  let p = 0;
  for (let o = 0; o < n; o += inner) {
    for (let j = 0, q = p; j < inner; j++, q += si) out[o + j] = x[q];
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]++;
      p += st[d];
      if (idx[d] < outShape[d]) break;
      p -= st[d] * outShape[d];
      idx[d] = 0;
    }
  }
}
