// The one hot loop of the embedding queries: dot products of a block of matrix rows with K query
// vectors, 4 rows × 4 queries per step so each loaded value feeds four multiply-adds. Private: callers
// are similarity.ts and evaluate-analogies.ts. Not a general matmul (see backends/ for that).

/**
 * out[k·n + (i − start)] = Σ_c M[i·C + c] · Q[k·C + c] for rows i in [start, end) and queries k < K.
 * M: (V, C) row-major; Q: (K, C); out: (K, n) with n ≥ end − start, one contiguous run per query.
 */
export function dotRows(
  M: Float32Array, C: number, start: number, end: number,
  Q: Float64Array, K: number, out: Float32Array, n: number,
): void {
  const K4 = K - (K % 4);
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const m0 = i * C, m1 = m0 + C, m2 = m1 + C, m3 = m2 + C;
    const o = i - start;
    let k = 0;
    for (; k < K4; k += 4) {
      const q0 = k * C, q1 = q0 + C, q2 = q1 + C, q3 = q2 + C;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0, d0 = 0, d1 = 0, d2 = 0, d3 = 0;
      for (let c = 0; c < C; c++) {
        const x0 = Q[q0 + c], x1 = Q[q1 + c], x2 = Q[q2 + c], x3 = Q[q3 + c];
        let m = M[m0 + c];
        a0 += m * x0; a1 += m * x1; a2 += m * x2; a3 += m * x3;
        m = M[m1 + c];
        b0 += m * x0; b1 += m * x1; b2 += m * x2; b3 += m * x3;
        m = M[m2 + c];
        c0 += m * x0; c1 += m * x1; c2 += m * x2; c3 += m * x3;
        m = M[m3 + c];
        d0 += m * x0; d1 += m * x1; d2 += m * x2; d3 += m * x3;
      }
      let p = k * n + o;
      out[p] = a0; out[p + 1] = b0; out[p + 2] = c0; out[p + 3] = d0; p += n;
      out[p] = a1; out[p + 1] = b1; out[p + 2] = c1; out[p + 3] = d1; p += n;
      out[p] = a2; out[p + 1] = b2; out[p + 2] = c2; out[p + 3] = d2; p += n;
      out[p] = a3; out[p + 1] = b3; out[p + 2] = c3; out[p + 3] = d3;
    }
    for (; k < K; k++) {
      // The remaining queries one at a time, still four rows per step (the single-query path).
      const q = k * C;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let c = 0; c < C; c++) {
        const x = Q[q + c];
        s0 += M[m0 + c] * x; s1 += M[m1 + c] * x; s2 += M[m2 + c] * x; s3 += M[m3 + c] * x;
      }
      const p = k * n + o;
      out[p] = s0; out[p + 1] = s1; out[p + 2] = s2; out[p + 3] = s3;
    }
  }
  for (; i < end; i++) {
    const m = i * C;
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let c = 0; c < C; c++) s += M[m + c] * Q[k * C + c];
      out[k * n + i - start] = s;
    }
  }
}
