// Shared definitions of the freestanding wasm32 kernels (no libc): exports, SIMD helpers, the FMA switch.
// Built twice by scripts/build-wasm.sh: plain SIMD128, and relaxed SIMD (-DRELAXED) where madd may fuse.
#pragma once
#include <wasm_simd128.h>
#include <stdint.h>

#define EXPORT(name) __attribute__((export_name(name)))

// c + a*b, four lanes. Relaxed: one fused multiply-add where the CPU has it (rounding once).
#ifdef RELAXED
#define MADD(a, b, c) wasm_f32x4_relaxed_madd((a), (b), (c))
#else
#define MADD(a, b, c) wasm_f32x4_add((c), wasm_f32x4_mul((a), (b)))
#endif

static inline int imin(int a, int b) { return a < b ? a : b; }

/** Element offsets into two strided operands of row r of a rank-dim index space (rows = all dims but the last). */
static inline void row_offsets(int rank, const int *shape, int r, const int *s1, const int *s2, int64_t *o1, int64_t *o2) {
  int64_t a = 0, b = 0;
  for (int d = rank - 2, q = r; d >= 0; d--) {
    int i = q % shape[d];
    q /= shape[d];
    a += (int64_t)i * s1[d];
    b += (int64_t)i * s2[d];
  }
  *o1 = a;
  *o2 = b;
}
