// js reference kernel: batched matmul with transpose flags and broadcast batch dims.
// Cache-friendly loop orders: i-k-j (rows of B streamed) for plain and transA; i-j with contiguous
// dot products for transB (both operands read along rows). This is the baseline every backend beats.
import type { Data, MatmulArgs } from '../../primitives.js';
import { stridesOf } from '../../shape.js';
import { dot } from './_dot.js';

/** For each output batch index, the linear batch index into an operand whose batch dims broadcast. */
export function batchOffsets(batch: readonly number[], outBatch: readonly number[]): Int32Array {
  let total = 1;
  for (const d of outBatch) total *= d;
  const res = new Int32Array(total);
  const st = stridesOf(batch);
  const off = outBatch.length - batch.length;
  const idx = new Array<number>(outBatch.length).fill(0);
  for (let o = 0; o < total; o++) {
    let lin = 0;
    for (let d = 0; d < batch.length; d++) if (batch[d] !== 1) lin += idx[off + d] * st[d];
    res[o] = lin;
    for (let d = outBatch.length - 1; d >= 0; d--) {
      if (++idx[d] < outBatch[d]) break;
      idx[d] = 0;
    }
  }
  return res;
}

function mm(a: Data, ao: number, b: Data, bo: number, out: Data, oo: number, m: number, k: number, n: number, tA: boolean, tB: boolean): void {
  if (!tB) {
    // i-k-j, four rows of B per sweep so each out[i, j] is loaded and stored k/4 times, not k.
    const as = tA ? m : 1, ap = tA ? 1 : k; // a[i, p] = a[ao + i*ap + p*as]
    for (let i = 0; i < m; i++) {
      const orow = oo + i * n;
      const arow = ao + i * ap;
      for (let j = 0; j < n; j++) out[orow + j] = 0;
      let p = 0;
      for (; p + 3 < k; p += 4) {
        const a0 = a[arow + p * as], a1 = a[arow + (p + 1) * as], a2 = a[arow + (p + 2) * as], a3 = a[arow + (p + 3) * as];
        const b0 = bo + p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
        for (let j = 0; j < n; j++) out[orow + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
      }
      for (; p < k; p++) {
        const av = a[arow + p * as];
        const brow = bo + p * n;
        for (let j = 0; j < n; j++) out[orow + j] += av * b[brow + j];
      }
    }
    return;
  }
  if (!tA) {
    for (let i = 0; i < m; i++) {
      const arow = ao + i * k;
      for (let j = 0; j < n; j++) out[oo + i * n + j] = dot(a, arow, b, bo + j * k, k);
    }
    return;
  }
  // Both transposed: rare; plain loops.
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ao + p * m + i] * b[bo + j * k + p];
      out[oo + i * n + j] = s;
    }
  }
}

export function matmul(a: Data, b: Data, out: Data, args: MatmulArgs): void {
  const { m, k, n, transA, transB } = args;
  const aOff = batchOffsets(args.aBatch, args.outBatch);
  const bOff = batchOffsets(args.bBatch, args.outBatch);
  for (let o = 0; o < aOff.length; o++) {
    mm(a, aOff[o] * m * k, b, bOff[o] * k * n, out, o * m * n, m, k, n, transA, transB);
  }
}
