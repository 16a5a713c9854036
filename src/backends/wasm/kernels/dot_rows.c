// Dot products of matrix rows with a few query vectors: the neighbour search over a vocabulary (mostSimilar,
// analogies). A matrix-vector product is memory-bound, so the packed GEMM (which copies A into panels and
// pads n to 8 columns) would triple the traffic; this reads each row from memory once (four rows per step for
// one query; several queries served from the row while it is in L1). Each row's sum runs in the same lane
// order wherever the thread split falls, so results are bit-identical for any thread count.
#include "common.h"

// The lanes' sum, then the tail columns: the same order for every row, on every path.
static inline float finish(v128_t acc, const float *m, const float *q, int c4, int cols) {
  float s = wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) +
            wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3);
  for (int c = c4; c < cols; c++) s += m[c] * q[c];
  return s;
}

/** out[k*n + i] = Σ_c M[i*cols + c] · Q[k*cols + c] for rows i in [begin, end), queries k < nq (≤ 4). */
EXPORT("dot_rows_f32")
void dot_rows_f32(const float *M, const float *Q, float *out, int cols, int nq, int n, int begin, int end) {
  int c4 = cols & ~3;
  int i = begin;
  if (nq == 1) {
    // One query: four rows per step, four independent accumulator chains (a single chain is latency-bound).
    for (; i + 4 <= end; i += 4) {
      const float *m0 = M + (int64_t)i * cols, *m1 = m0 + cols, *m2 = m1 + cols, *m3 = m2 + cols;
      v128_t a0 = wasm_f32x4_splat(0.0f), a1 = a0, a2 = a0, a3 = a0;
      for (int c = 0; c < c4; c += 4) {
        v128_t q = wasm_v128_load(Q + c);
        a0 = MADD(wasm_v128_load(m0 + c), q, a0);
        a1 = MADD(wasm_v128_load(m1 + c), q, a1);
        a2 = MADD(wasm_v128_load(m2 + c), q, a2);
        a3 = MADD(wasm_v128_load(m3 + c), q, a3);
      }
      out[i] = finish(a0, m0, Q, c4, cols);
      out[i + 1] = finish(a1, m1, Q, c4, cols);
      out[i + 2] = finish(a2, m2, Q, c4, cols);
      out[i + 3] = finish(a3, m3, Q, c4, cols);
    }
  }
  for (; i < end; i++) {
    // Query by query over the same row (still in L1): no local arrays, which would live on the shadow stack
    // that every thread shares.
    const float *m = M + (int64_t)i * cols;
    for (int k = 0; k < nq; k++) {
      const float *q = Q + (int64_t)k * cols;
      v128_t acc = wasm_f32x4_splat(0.0f);
      for (int c = 0; c < c4; c += 4) acc = MADD(wasm_v128_load(m + c), wasm_v128_load(q + c), acc);
      out[(int64_t)k * n + i] = finish(acc, m, q, c4, cols);
    }
  }
}
