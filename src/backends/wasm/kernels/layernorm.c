// Fused layer normalisation forward over the last axis of a contiguous (rows, cols) float32 x:
// y = (x − mean) / √(var + eps) · gamma + beta, biased variance and eps inside the root (as PyTorch and
// src/nn/layer-norm.ts). Sums run in four lanes then across them, in a fixed order, so a row's result does
// not depend on the thread split. Not here: the backward (the composed ops give it).
#include "common.h"

/** Rows [begin, end). gamma, beta: (cols) or null (0) for 1 and 0; mean, rstd: (rows) outputs or null. */
EXPORT("layer_norm_f32")
void layer_norm_f32(const float *x, const float *gamma, const float *beta, float *y, float *mean, float *rstd,
                    int cols, float eps, int begin, int end) {
  int c4 = cols & ~3;
  for (int r = begin; r < end; r++) {
    const float *xr = x + (int64_t)r * cols;
    float *yr = y + (int64_t)r * cols;
    v128_t acc = wasm_f32x4_splat(0.0f);
    for (int j = 0; j < c4; j += 4) acc = wasm_f32x4_add(acc, wasm_v128_load(xr + j));
    float s = (wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1)) + (wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3));
    for (int j = c4; j < cols; j++) s += xr[j];
    float mu = s / (float)cols;
    const v128_t vmu = wasm_f32x4_splat(mu);
    acc = wasm_f32x4_splat(0.0f);
    for (int j = 0; j < c4; j += 4) {
      v128_t d = wasm_f32x4_sub(wasm_v128_load(xr + j), vmu);
      acc = MADD(d, d, acc);
    }
    float ss = (wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1)) + (wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3));
    for (int j = c4; j < cols; j++) ss += (xr[j] - mu) * (xr[j] - mu);
    float rs = 1.0f / __builtin_sqrtf(ss / (float)cols + eps);
    const v128_t vrs = wasm_f32x4_splat(rs);
    for (int j = 0; j < c4; j += 4) {
      v128_t h = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + j), vmu), vrs);
      if (gamma) h = wasm_f32x4_mul(h, wasm_v128_load(gamma + j));
      if (beta) h = wasm_f32x4_add(h, wasm_v128_load(beta + j));
      wasm_v128_store(yr + j, h);
    }
    for (int j = c4; j < cols; j++) {
      float h = (xr[j] - mu) * rs;
      if (gamma) h *= gamma[j];
      if (beta) h += beta[j];
      yr[j] = h;
    }
    if (mean) mean[r] = mu;
    if (rstd) rstd[r] = rs;
  }
}
