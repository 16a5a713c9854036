// The js kernels' dot product, shared by matmul (transposed b) and attention: four running sums, so the loop
// carries no single dependency chain.
import type { Data } from '../../primitives.js';

/** Σ_d a[ao + d]·b[bo + d] over d < n. */
export function dot(a: Data, ao: number, b: Data, bo: number, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, d = 0;
  for (; d + 3 < n; d += 4) {
    s0 += a[ao + d] * b[bo + d];
    s1 += a[ao + d + 1] * b[bo + d + 1];
    s2 += a[ao + d + 2] * b[bo + d + 2];
    s3 += a[ao + d + 3] * b[bo + d + 3];
  }
  for (; d < n; d++) s0 += a[ao + d] * b[bo + d];
  return s0 + s1 + s2 + s3;
}
