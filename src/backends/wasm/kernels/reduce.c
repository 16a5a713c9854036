// Reductions over one axis seen as (outer, len, inner), and the fused row softmax. Sums run in index order
// (as the js kernel), so they match it exactly; units are outer indices (reduce) or rows (softmax).
#include "common.h"
#include "math.h"

/** out[o, j] = Σ_k or max_k x[o, k, j]; outer indices [begin, end). op 0 = sum, 1 = max (NaN wins). */
EXPORT("reduce_f32")
void reduce_f32(int op, const float *x, float *out, int len, int inner, int begin, int end) {
  for (int o = begin; o < end; o++) {
    const float *base = x + (int64_t)o * len * inner;
    float *ob = out + (int64_t)o * inner;
    if (inner == 1) { // a row: accumulate in a register (the same order; out may alias nothing it reads)
      float acc = op == 0 ? 0.0f : len ? base[0] : -F_INF;
      if (op == 0) for (int k = 0; k < len; k++) acc += base[k];
      else for (int k = 1; k < len; k++) if (base[k] > acc || base[k] != base[k]) acc = base[k];
      *ob = acc;
      continue;
    }
    if (op == 0) {
      for (int j = 0; j < inner; j++) ob[j] = 0.0f;
      for (int k = 0; k < len; k++)
        for (int j = 0; j < inner; j++) ob[j] += base[(int64_t)k * inner + j];
    } else {
      for (int j = 0; j < inner; j++) ob[j] = len ? base[j] : -F_INF;
      for (int k = 1; k < len; k++)
        for (int j = 0; j < inner; j++) {
          float v = base[(int64_t)k * inner + j];
          if (v > ob[j] || v != v) ob[j] = v;
        }
    }
  }
}

/** Row softmax y = exp(x - max) / Σ exp(x - max) of rows [begin, end); a row of -inf gives zeros. */
EXPORT("softmax_f32")
void softmax_f32(const float *x, float *out, int cols, int begin, int end) {
  for (int r = begin; r < end; r++) {
    const float *xr = x + (int64_t)r * cols;
    float *o = out + (int64_t)r * cols;
    float m = -F_INF;
    for (int j = 0; j < cols; j++) if (xr[j] > m || xr[j] != xr[j]) m = xr[j];
    if (m == -F_INF) {
      for (int j = 0; j < cols; j++) o[j] = 0.0f;
      continue;
    }
    float s = 0.0f;
    int j = 0;
    v128_t vm = wasm_f32x4_splat(m);
    for (; j + 4 <= cols; j += 4) wasm_v128_store(o + j, v_exp4(wasm_f32x4_sub(wasm_v128_load(xr + j), vm)));
    for (; j < cols; j++) o[j] = f_exp(xr[j] - m);
    for (j = 0; j < cols; j++) s += o[j]; // in index order, as before
    float inv = 1.0f / s;
    for (int j = 0; j < cols; j++) o[j] *= inv;
  }
}
