// Elementwise kernels: unary functions, binary ops with NumPy broadcasting, where, fill. Each takes a range
// [begin, end) of its work units (elements, or rows of the innermost dim) so the runtime can split it over
// threads; every element is computed the same way whatever the split. Not here: reductions, copies.
#include "common.h"
#include "math.h"

// Op codes: the order of UnaryOp and BinaryOp in src/primitives.ts (runtime.ts maps names to these).
enum { NEG, EXP, LOG, SQRT, RSQRT, ABS, SIGN, RECIP, RELU, STEP, TANH, SIGMOID, SIN, COS, SQUARE, GELU, GELU_GRAD, ISFINITE };
enum { ADD, SUB, MUL, DIV, POW, MAX, MIN, GT, GE, EQ };

static inline float unary1(int op, float x) {
  switch (op) {
    case NEG: return -x;
    case EXP: return f_exp(x);
    case LOG: return f_log(x);
    case SQRT: return __builtin_sqrtf(x);
    case RSQRT: return 1.0f / __builtin_sqrtf(x);
    case ABS: return f_abs(x);
    case SIGN: return x > 0 ? 1.0f : x < 0 ? -1.0f : x; // keeps ±0 and NaN, as Math.sign
    case RECIP: return 1.0f / x;
    case RELU: return x > 0 ? x : 0.0f;
    case STEP: return x > 0 ? 1.0f : 0.0f;
    case TANH: return f_tanh(x);
    case SIGMOID: return f_sigmoid(x);
    case SIN: return f_sincos(x, 0);
    case COS: return f_sincos(x, 1);
    case SQUARE: return x * x;
    case GELU: return 0.5f * x * (1.0f + f_erf(x * 0.70710678118654752f));
    case GELU_GRAD: return 0.5f * (1.0f + f_erf(x * 0.70710678118654752f)) + x * f_exp(-0.5f * x * x) * 0.3989422804014327f;
    default: return f_abs(x) < F_INF ? 1.0f : 0.0f; // ISFINITE (NaN fails the comparison)
  }
}

EXPORT("unary_f32")
void unary_f32(int op, const float *x, float *out, int begin, int end) {
  // The simple ops get their own loops so clang vectorises them; the rest go through unary1.
  switch (op) {
    case NEG: for (int i = begin; i < end; i++) out[i] = -x[i]; return;
    case SQUARE: for (int i = begin; i < end; i++) out[i] = x[i] * x[i]; return;
    case RELU: for (int i = begin; i < end; i++) out[i] = x[i] > 0 ? x[i] : 0.0f; return;
    case STEP: for (int i = begin; i < end; i++) out[i] = x[i] > 0 ? 1.0f : 0.0f; return; // relu's backward
    case ISFINITE: for (int i = begin; i < end; i++) out[i] = f_abs(x[i]) < F_INF ? 1.0f : 0.0f; return; // the layers' entry check
    case EXP: {
      int i = begin;
      for (; i + 4 <= end; i += 4) wasm_v128_store(out + i, v_exp4(wasm_v128_load(x + i)));
      for (; i < end; i++) out[i] = f_exp(x[i]);
      return;
    }
    default: for (int i = begin; i < end; i++) out[i] = unary1(op, x[i]);
  }
}

static inline float binary1(int op, float a, float b) {
  switch (op) {
    case ADD: return a + b;
    case SUB: return a - b;
    case MUL: return a * b;
    case DIV: return a / b;
    case POW: return f_pow(a, b);
    case MAX: return a >= b || a != a ? a : b;
    case MIN: return a <= b || a != a ? a : b;
    case GT: return a > b ? 1.0f : 0.0f;
    case GE: return a >= b ? 1.0f : 0.0f;
    default: return a == b ? 1.0f : 0.0f;
  }
}

#define LOOP(expr) for (int j = 0; j < len; j++, pa += sa, pb += sb) o[j] = (expr)
static void binary_row(int op, const float *pa, int sa, const float *pb, int sb, float *o, int len) {
  if (sa == 1 && sb == 1) {
    switch (op) {
      case ADD: for (int j = 0; j < len; j++) o[j] = pa[j] + pb[j]; return;
      case SUB: for (int j = 0; j < len; j++) o[j] = pa[j] - pb[j]; return;
      case MUL: for (int j = 0; j < len; j++) o[j] = pa[j] * pb[j]; return;
      case DIV: for (int j = 0; j < len; j++) o[j] = pa[j] / pb[j]; return;
    }
  }
  // One operand broadcast along the row (a per-row scale or mean): a scalar on one side, so the loop vectorises.
  if (sa == 1 && sb == 0) {
    const float v = *pb;
    switch (op) {
      case ADD: for (int j = 0; j < len; j++) o[j] = pa[j] + v; return;
      case SUB: for (int j = 0; j < len; j++) o[j] = pa[j] - v; return;
      case MUL: for (int j = 0; j < len; j++) o[j] = pa[j] * v; return;
      case DIV: for (int j = 0; j < len; j++) o[j] = pa[j] / v; return;
    }
  }
  if (sa == 0 && sb == 1) {
    const float v = *pa;
    switch (op) {
      case ADD: for (int j = 0; j < len; j++) o[j] = v + pb[j]; return;
      case SUB: for (int j = 0; j < len; j++) o[j] = v - pb[j]; return;
      case MUL: for (int j = 0; j < len; j++) o[j] = v * pb[j]; return;
      case DIV: for (int j = 0; j < len; j++) o[j] = v / pb[j]; return;
    }
  }
  switch (op) {
    case ADD: LOOP(*pa + *pb); return;
    case SUB: LOOP(*pa - *pb); return;
    case MUL: LOOP(*pa * *pb); return;
    case DIV: LOOP(*pa / *pb); return;
    default: LOOP(binary1(op, *pa, *pb));
  }
}

/** out = a ⊕ b over `rank` dims of `shape`; sa/sb: element strides of a and b aligned to out (0 where
 *  broadcast). Units are rows of the last dim: rows [begin, end) of n/shape[rank-1]. rank ≥ 1. */
EXPORT("binary_f32")
void binary_f32(int op, const float *a, const float *b, float *out, int rank, const int *shape, const int *sa,
                const int *sb, int begin, int end) {
  int len = shape[rank - 1];
  for (int r = begin; r < end; r++) {
    int64_t oa, ob;
    row_offsets(rank, shape, r, sa, sb, &oa, &ob);
    binary_row(op, a + oa, sa[rank - 1], b + ob, sb[rank - 1], out + (int64_t)r * len, len);
  }
}

EXPORT("where_f32")
void where_f32(const float *c, const float *a, const float *b, float *out, int begin, int end) {
  for (int i = begin; i < end; i++) out[i] = c[i] != 0.0f ? a[i] : b[i];
}

EXPORT("fill_f32")
void fill_f32(float *out, float value, int begin, int end) {
  for (int i = begin; i < end; i++) out[i] = value;
}
