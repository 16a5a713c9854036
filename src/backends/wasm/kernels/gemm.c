// GEMM kernel: batched C[b] = op(A[b]) · op(B[b]) for float32, row-major, with transpose flags, in the
// GotoBLAS/XNNPACK shape:
// B is packed into K-major panels of NR=8 columns, A into panels of MR=4 rows, and a 4x8 register-blocked
// micro-kernel (8 accumulators of 4 lanes) runs over them. Zero padding of partial panels means every
// output element is computed by the same instruction sequence wherever it lies, so a split of the rows over
// threads gives bit-identical results. Not here: the thread split itself (runtime.ts), other dtypes.
#include "common.h"

// MR=4 measured fastest under V8 (dev/gemm-variants.mjs): 6x8 and 5x8 need more vector registers than
// V8 allocates and spill; unrolling the k loop or splatting A by shuffles was slower too.
#ifndef MR
#define MR 4
#endif
#define NR 8
#ifndef KC
#define KC 256 // depth of one packed block: a B panel (KC x NR) is 8 KiB and stays in L1
#endif
#ifndef MC
#define MC 96 // rows of one packed A block (MC x KC floats, in L2)
#endif
#define NC 1024 // columns of one packed B block (KC x NC = 1 MiB); a multiple of NR

enum { TRANS_A = 1, TRANS_B = 2 };

// packB[jr*kc + p*NR + jj] = b(pc+p, jc+jr+jj), zero past n. b(p, j) = B[p*n + j], or B[j*k + p] if transB.
static void pack_b(const float *B, int tB, int k, int n, int pc, int kc, int jc, int nc, float *packB) {
  for (int jr = 0; jr < nc; jr += NR) {
    float *dst = packB + jr * kc;
    int w = imin(NR, nc - jr), j0 = jc + jr;
    if (!tB) {
      const float *src = B + (int64_t)pc * n + j0;
      if (w == NR) {
        for (int p = 0; p < kc; p++, src += n, dst += NR) {
          wasm_v128_store(dst, wasm_v128_load(src));
          wasm_v128_store(dst + 4, wasm_v128_load(src + 4));
        }
      } else {
        for (int p = 0; p < kc; p++, src += n, dst += NR)
          for (int jj = 0; jj < NR; jj++) dst[jj] = jj < w ? src[jj] : 0.0f;
      }
    } else {
      for (int jj = 0; jj < NR; jj++) {
        if (jj < w) {
          const float *src = B + (int64_t)(j0 + jj) * k + pc;
          for (int p = 0; p < kc; p++) dst[p * NR + jj] = src[p];
        } else {
          for (int p = 0; p < kc; p++) dst[p * NR + jj] = 0.0f;
        }
      }
    }
  }
}

// packA[ir*kc + p*MR + ii] = a(ic+ir+ii, pc+p), zero past the block. a(i, p) = A[i*k + p], or A[p*m + i] if transA.
static void pack_a(const float *A, int tA, int m, int k, int ic, int mc, int pc, int kc, float *packA) {
  for (int ir = 0; ir < mc; ir += MR) {
    float *dst = packA + ir * kc;
    int h = imin(MR, mc - ir), i0 = ic + ir;
    if (!tA) {
      for (int ii = 0; ii < MR; ii++) {
        if (ii < h) {
          const float *src = A + (int64_t)(i0 + ii) * k + pc;
          for (int p = 0; p < kc; p++) dst[p * MR + ii] = src[p];
        } else {
          for (int p = 0; p < kc; p++) dst[p * MR + ii] = 0.0f;
        }
      }
    } else {
      const float *src = A + (int64_t)pc * m + i0;
      for (int p = 0; p < kc; p++, src += m, dst += MR)
        for (int ii = 0; ii < MR; ii++) dst[ii] = ii < h ? src[ii] : 0.0f;
    }
  }
}

#if MR == 4
#define ROWS(X) X(0) X(1) X(2) X(3)
#else
#define ROWS(X) X(0) X(1) X(2) X(3) X(4) X(5)
#endif
#define ROW(r) v128_t c##r##0 = z, c##r##1 = z;
#define STEP(r) { v128_t av = wasm_v128_load32_splat(pa + r); c##r##0 = MADD(av, b0, c##r##0); c##r##1 = MADD(av, b1, c##r##1); }
#define PUT(r) { float *q = c + r * ldc; \
    if (acc) { wasm_v128_store(q, wasm_f32x4_add(wasm_v128_load(q), c##r##0)); wasm_v128_store(q + 4, wasm_f32x4_add(wasm_v128_load(q + 4), c##r##1)); } \
    else { wasm_v128_store(q, c##r##0); wasm_v128_store(q + 4, c##r##1); } }
#define TMP(r) { wasm_v128_store(tmp + r * NR, c##r##0); wasm_v128_store(tmp + r * NR + 4, c##r##1); }

// The MRx8 micro-kernel: C[0:h, 0:w] (+)= Σ_p pa[p, 0:MR] ⊗ pb[p, 0:8]; a partial tile goes through tmp.
static void ukernel(int kc, const float *restrict pa, const float *restrict pb, float *restrict c, int ldc,
                    int acc, int h, int w, float *restrict tmp) {
  const v128_t z = wasm_f32x4_splat(0.0f);
  ROWS(ROW)
  for (int p = 0; p < kc; p++, pa += MR, pb += NR) {
    v128_t b0 = wasm_v128_load(pb), b1 = wasm_v128_load(pb + 4);
    ROWS(STEP)
  }
  if (h == MR && w == NR) {
    ROWS(PUT)
    return;
  }
  ROWS(TMP)
  for (int i = 0; i < h; i++)
    for (int j = 0; j < w; j++) c[i * ldc + j] = acc ? c[i * ldc + j] + tmp[i * NR + j] : tmp[i * NR + j];
}

// Rows r0..r1 of one (m x n) product.
static void gemm_rows(const float *A, const float *B, float *C, int m, int k, int n, int tA, int tB,
                      int r0, int r1, float *scratch) {
  float *packB = scratch, *packA = scratch + KC * NC, *tmp = packA + MC * KC;
  if (k == 0) {
    for (int64_t i = (int64_t)r0 * n; i < (int64_t)r1 * n; i++) C[i] = 0.0f;
    return;
  }
  for (int jc = 0; jc < n; jc += NC) {
    int nc = imin(NC, n - jc);
    for (int pc = 0; pc < k; pc += KC) {
      int kc = imin(KC, k - pc);
      pack_b(B, tB, k, n, pc, kc, jc, nc, packB);
      for (int ic = r0; ic < r1; ic += MC) {
        int mc = imin(MC, r1 - ic);
        pack_a(A, tA, m, k, ic, mc, pc, kc, packA);
        for (int jr = 0; jr < nc; jr += NR)
          for (int ir = 0; ir < mc; ir += MR)
            ukernel(kc, packA + ir * kc, packB + jr * kc, C + (int64_t)(ic + ir) * n + jc + jr, n, pc > 0,
                    imin(MR, mc - ir), imin(NR, nc - jr), tmp);
      }
    }
  }
}

/** Bytes of scratch one thread needs (packed blocks + one tile). */
EXPORT("gemm_scratch_bytes") int gemm_scratch_bytes(void) { return (KC * NC + MC * KC + MR * NR) * 4; }

/** Output rows [row_begin, row_end) of the batched product, counted over all batches (batch o owns rows
 *  o*m .. o*m+m-1). aoff/boff: element offset of each output batch's A and B matrix (broadcast batches
 *  repeat an offset), or 0 for densely stacked operands. */
EXPORT("gemm_f32")
void gemm_f32(const float *a, const float *b, float *c, int m, int k, int n, int flags, const int *aoff,
              const int *boff, int row_begin, int row_end, float *scratch) {
  int tA = flags & TRANS_A, tB = (flags & TRANS_B) != 0;
  for (int t = row_begin; t < row_end;) {
    int o = t / m, r0 = t - o * m, r1 = imin(m, r0 + (row_end - t));
    const float *A = a + (aoff ? aoff[o] : (int64_t)o * m * k);
    const float *B = b + (boff ? boff[o] : (int64_t)o * k * n);
    gemm_rows(A, B, c + (int64_t)o * m * n, m, k, n, tA, tB, r0, r1, scratch);
    t += r1 - r0;
  }
}
