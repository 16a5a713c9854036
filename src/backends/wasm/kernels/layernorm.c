// Fused layer normalisation over the last axis of a contiguous (rows, cols) float32 x:
// y = (x − mean) / √(var + eps) · gamma + beta, biased variance and eps inside the root (as PyTorch and
// src/nn/layer-norm.ts), and its backward from the saved mean and rstd. Sums run in four lanes then across
// them, in a fixed order, so results do not depend on the thread split (dx by rows, dgamma/dbeta by columns).
#include "common.h"

static inline float hsum4(v128_t a) {
  return (wasm_f32x4_extract_lane(a, 0) + wasm_f32x4_extract_lane(a, 1)) + (wasm_f32x4_extract_lane(a, 2) + wasm_f32x4_extract_lane(a, 3));
}

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
    float s = hsum4(acc);
    for (int j = c4; j < cols; j++) s += xr[j];
    float mu = s / (float)cols;
    const v128_t vmu = wasm_f32x4_splat(mu);
    acc = wasm_f32x4_splat(0.0f);
    for (int j = 0; j < c4; j += 4) {
      v128_t d = wasm_f32x4_sub(wasm_v128_load(xr + j), vmu);
      acc = MADD(d, d, acc);
    }
    float ss = hsum4(acc);
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

/** dx for rows [begin, end): with xhat = (x − mean)·rstd and g = dy·gamma (dy when gamma is null),
 *  dx = rstd · (g − mean(g) − xhat · mean(g·xhat)). */
EXPORT("layer_norm_bwd_f32")
void layer_norm_bwd_f32(const float *x, const float *gamma, const float *mean, const float *rstd, const float *dy,
                        float *dx, int cols, int begin, int end) {
  int c4 = cols & ~3;
  for (int r = begin; r < end; r++) {
    const float *xr = x + (int64_t)r * cols, *gr = dy + (int64_t)r * cols;
    float *o = dx + (int64_t)r * cols, mu = mean[r], rs = rstd[r];
    const v128_t vmu = wasm_f32x4_splat(mu), vrs = wasm_f32x4_splat(rs);
    v128_t sg = wasm_f32x4_splat(0.0f), sgx = sg;
    for (int j = 0; j < c4; j += 4) {
      v128_t g = wasm_v128_load(gr + j);
      if (gamma) g = wasm_f32x4_mul(g, wasm_v128_load(gamma + j));
      v128_t h = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + j), vmu), vrs);
      sg = wasm_f32x4_add(sg, g);
      sgx = MADD(g, h, sgx);
    }
    float a = hsum4(sg), b = hsum4(sgx);
    for (int j = c4; j < cols; j++) {
      float g = gamma ? gr[j] * gamma[j] : gr[j];
      a += g;
      b += g * ((xr[j] - mu) * rs);
    }
    float ma = a / (float)cols, mb = b / (float)cols;
    const v128_t vma = wasm_f32x4_splat(ma), vmb = wasm_f32x4_splat(mb);
    for (int j = 0; j < c4; j += 4) {
      v128_t g = wasm_v128_load(gr + j);
      if (gamma) g = wasm_f32x4_mul(g, wasm_v128_load(gamma + j));
      v128_t h = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + j), vmu), vrs);
      wasm_v128_store(o + j, wasm_f32x4_mul(vrs, wasm_f32x4_sub(wasm_f32x4_sub(g, vma), wasm_f32x4_mul(h, vmb))));
    }
    for (int j = c4; j < cols; j++) {
      float g = gamma ? gr[j] * gamma[j] : gr[j];
      o[j] = rs * ((g - ma) - ((xr[j] - mu) * rs) * mb);
    }
  }
}

/** dgamma[j] = Σ_r dy[r, j]·xhat[r, j] and dbeta[j] = Σ_r dy[r, j] (either may be null) for columns
 *  [begin, end), summed over rows in order; 16 columns at a time, so each row is read 64 bytes at once.
 *  scratch: the thread's scratch (32 floats used). */
EXPORT("layer_norm_params_bwd_f32")
void layer_norm_params_bwd_f32(const float *x, const float *mean, const float *rstd, const float *dy, float *dgamma,
                               float *dbeta, int rows, int cols, int begin, int end, float *scratch) {
  float *sg = scratch, *sb = scratch + 16; // not local arrays: those would live on the shadow stack, which
                                            // all threads share
  for (int j0 = begin; j0 < end; j0 += 16) {
    int w = imin(16, end - j0);
    for (int j = 0; j < 16; j++) sg[j] = sb[j] = 0.0f;
    for (int r = 0; r < rows; r++) {
      const float *g = dy + (int64_t)r * cols + j0, *xr = x + (int64_t)r * cols + j0;
      float mu = mean[r], rs = rstd[r];
      for (int j = 0; j < w; j++) {
        sg[j] += g[j] * ((xr[j] - mu) * rs);
        sb[j] += g[j];
      }
    }
    for (int j = 0; j < w; j++) {
      if (dgamma) dgamma[j0 + j] = sg[j];
      if (dbeta) dbeta[j0 + j] = sb[j];
    }
  }
}
