// Scalar float32 elementary functions for the freestanding kernels (no libm): Cephes-style range reduction
// and minimax polynomials, about 1-2 ulp on the ranges the library uses. sin/cos reduce in double, exact to
// float32 for |x| < 2^30; beyond that they lose digits (documented in docs/wasm.md).
#pragma once
#include <stdint.h>
#include <wasm_simd128.h>

static inline float f_bits(uint32_t u) { union { uint32_t u; float f; } v = { u }; return v.f; }
static inline uint32_t f_u32(float f) { union { float f; uint32_t u; } v = { f }; return v.u; }
#define F_INF f_bits(0x7f800000u)
#define F_NAN f_bits(0x7fc00000u)

static inline float f_abs(float x) { return __builtin_fabsf(x); }
static inline float f_floor(float x) { return __builtin_floorf(x); }

/** 2^n for integer n in [-126, 127]. */
static inline float f_pow2i(int n) { return f_bits((uint32_t)(n + 127) << 23); }

static inline float f_exp(float x) {
  if (x != x) return x;
  if (x > 88.72283935546875f) return F_INF;
  if (x < -103.972084045410f) return 0.0f;
  float fx = f_floor(x * 1.44269504088896341f + 0.5f);
  x = x - fx * 0.693359375f;
  x = x - fx * -2.12194440e-4f;
  float z = x * x;
  float y = ((((1.9875691500E-4f * x + 1.3981999507E-3f) * x + 8.3334519073E-3f) * x + 4.1665795894E-2f) * x
             + 1.6666665459E-1f) * x + 5.0000001201E-1f;
  y = y * z + x + 1.0f;
  int n = (int)fx;
  if (n > 127) return y * f_pow2i(127) * f_pow2i(n - 127);
  if (n < -126) return y * f_pow2i(n + 126) * f_pow2i(-126);
  return y * f_pow2i(n);
}

/** f_exp on four lanes, lane for lane the same operations in the same order (so the same bits): the two
 *  rescalings of the scalar edge cases become one (y·2^a)·2^b with b = 0 inside the normal range. */
static inline v128_t v_exp4(v128_t x) {
  v128_t fx = wasm_f32x4_floor(wasm_f32x4_add(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504088896341f)), wasm_f32x4_splat(0.5f)));
  v128_t r = wasm_f32x4_sub(x, wasm_f32x4_mul(fx, wasm_f32x4_splat(0.693359375f)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(fx, wasm_f32x4_splat(-2.12194440e-4f)));
  v128_t z = wasm_f32x4_mul(r, r);
  v128_t y = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_splat(1.9875691500E-4f), r), wasm_f32x4_splat(1.3981999507E-3f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, r), wasm_f32x4_splat(8.3334519073E-3f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, r), wasm_f32x4_splat(4.1665795894E-2f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, r), wasm_f32x4_splat(1.6666665459E-1f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, r), wasm_f32x4_splat(5.0000001201E-1f));
  y = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(y, z), r), wasm_f32x4_splat(1.0f));
  v128_t n = wasm_i32x4_trunc_sat_f32x4(fx);
  v128_t hi = wasm_i32x4_gt(n, wasm_i32x4_splat(127)), lo = wasm_i32x4_lt(n, wasm_i32x4_splat(-126));
  // a: n, 127 (high) or n + 126 (low); b: 0, n - 127 (high) or -126 (low)
  v128_t a = wasm_v128_bitselect(wasm_i32x4_splat(127), wasm_v128_bitselect(wasm_i32x4_add(n, wasm_i32x4_splat(126)), n, lo), hi);
  v128_t b = wasm_v128_bitselect(wasm_i32x4_sub(n, wasm_i32x4_splat(127)), wasm_v128_and(lo, wasm_i32x4_splat(-126)), hi);
  v128_t p2a = wasm_i32x4_shl(wasm_i32x4_add(a, wasm_i32x4_splat(127)), 23), p2b = wasm_i32x4_shl(wasm_i32x4_add(b, wasm_i32x4_splat(127)), 23);
  v128_t e = wasm_f32x4_mul(wasm_f32x4_mul(y, p2a), p2b);
  e = wasm_v128_bitselect(wasm_f32x4_splat(F_INF), e, wasm_f32x4_gt(x, wasm_f32x4_splat(88.72283935546875f)));
  e = wasm_v128_andnot(e, wasm_f32x4_lt(x, wasm_f32x4_splat(-103.972084045410f)));
  return wasm_v128_bitselect(x, e, wasm_f32x4_ne(x, x)); // NaN stays NaN
}

static inline float f_log(float x) {
  if (x != x) return x;
  if (x < 0.0f) return F_NAN;
  if (x == 0.0f) return -F_INF;
  if (x == F_INF) return x;
  int e = 0;
  if (x < 1.17549435e-38f) { x *= 16777216.0f; e = -24; } // subnormal: scale by 2^24 first
  uint32_t u = f_u32(x);
  e += (int)((u >> 23) & 0xff) - 126;
  x = f_bits((u & 0x007fffffu) | 0x3f000000u); // mantissa in [0.5, 1)
  if (x < 0.707106781186547524f) { e -= 1; x = x + x - 1.0f; } else x = x - 1.0f;
  float z = x * x;
  float y = ((((((((7.0376836292E-2f * x - 1.1514610310E-1f) * x + 1.1676998740E-1f) * x - 1.2420140846E-1f) * x
              + 1.4249322787E-1f) * x - 1.6668057665E-1f) * x + 2.0000714765E-1f) * x - 2.4999993993E-1f) * x
            + 3.3333331174E-1f) * x * z;
  float fe = (float)e;
  y += fe * -2.12194440e-4f;
  y += -0.5f * z;
  return x + y + fe * 0.693359375f;
}

static inline float f_tanh(float x) {
  float a = f_abs(x);
  if (a < 0.625f) {
    float z = x * x;
    return ((((-5.70498872745E-3f * z + 2.06390887954E-2f) * z - 5.37397155531E-2f) * z + 1.33314422036E-1f) * z
            - 3.33332819422E-1f) * z * x + x;
  }
  if (a > 9.0f) return x > 0 ? 1.0f : -1.0f;
  float t = 1.0f - 2.0f / (f_exp(2.0f * a) + 1.0f);
  return x > 0 ? t : -t;
}

static inline float f_sigmoid(float x) {
  if (x >= 0) return 1.0f / (1.0f + f_exp(-x));
  float e = f_exp(x);
  return e / (1.0f + e);
}

// erf: Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7, below float32's resolution of erf's range).
static inline float f_erf(float x) {
  float a = f_abs(x);
  float t = 1.0f / (1.0f + 0.3275911f * a);
  float y = 1.0f - (((((1.061405429f * t - 1.453152027f) * t) + 1.421413741f) * t - 0.284496736f) * t + 0.254829592f) * t * f_exp(-a * a);
  return x < 0 ? -y : y;
}

// sin and cos share the reduction x = j·π/4 + r, |r| ≤ π/4, then pick the polynomial by octant.
static inline float f_sincos(float x, int cosine) {
  if (x != x || f_abs(x) == F_INF) return F_NAN;
  float sign = 1.0f;
  if (x < 0) { x = -x; if (!cosine) sign = -1.0f; }
  // The reduction runs in double (π/4 in two parts), so it stays exact to float32 for |x| < 2^30.
  double xd = x;
  int64_t j = (int64_t)(xd * 1.2732395447351628);
  double y = (double)j;
  if (j & 1) { j += 1; y += 1.0; }
  float r = (float)((xd - y * 0.78539816339744828) - y * 3.0616169978683830e-17);
  j &= 7;
  if (cosine) { j = (j + 2) & 7; }
  if (j > 3) { sign = -sign; j -= 4; }
  float z = r * r;
  float s;
  if (j == 1 || j == 2)
    s = 1.0f - 0.5f * z + ((2.443315711809948E-005f * z - 1.388731625493765E-003f) * z + 4.166664568298827E-002f) * z * z;
  else
    s = ((-1.9515295891E-4f * z + 8.3321608736E-3f) * z - 1.6666654611E-1f) * z * r + r;
  return sign * s;
}

static inline float f_pow(float a, float b) {
  if (b == 0.0f) return 1.0f;
  if (a != a || b != b) return F_NAN;
  if (a == 1.0f) return 1.0f;
  int bint = f_floor(b) == b, odd = bint && f_abs(b) < 16777216.0f && ((int64_t)b & 1);
  if (a == 0.0f) return b > 0 ? (odd ? a : 0.0f) : (odd && f_u32(a) >> 31 ? -F_INF : F_INF);
  if (a < 0.0f) {
    if (!bint) return F_NAN;
    float r = f_exp(b * f_log(-a));
    return odd ? -r : r;
  }
  if (b == 1.0f) return a;
  if (b == 2.0f) return a * a;
  return f_exp(b * f_log(a));
}
