// Tiled (FlashAttention-style) attention for float32: forward with an online softmax over key tiles, and a
// two-pass backward that recomputes each tile's weights from the saved log-sum-exp, so no T x S matrix is
// ever stored (scratch is O((BR + BC)·(D + Dv)) per thread). Work units are fixed blocks of BR rows (query
// rows for the forward and dq, key rows for dk/dv) of one of the N attention problems; every unit is computed
// by the same instruction sequence whatever the thread split, so results are bit-identical for any thread
// count. Kernel source (exempt from the file-size limit). Not here: dropout, RoPE, ALiBi (the caller's bias).
#include "common.h"
#include "math.h"

#ifndef BR
#define BR 64 // rows of one work unit (a multiple of 4); 64 measured 5-10% faster than 32, as fast as 128
#endif
#ifndef BC
#define BC 64 // columns of one tile (a multiple of 8, the micro-kernels' columns)
#endif

static inline int up8(int x) { return (x + 7) & ~7; }

/** Block of unit r of a problem with nb blocks, in the order 0, nb-1, 1, nb-2, ...: under a causal mask a
 *  block's cost grows (queries) or shrinks (keys) with its index, so any contiguous range of units the
 *  runtime gives a thread mixes cheap and dear blocks. */
static inline int zigzag(int r, int nb) { return (r & 1) ? nb - 1 - (r >> 1) : r >> 1; }

// ---- the configuration block (int32, written by runtime.ts) ----
// [N, T, S, D, Dv, causal, nl, lead[nl], maskStrides[nl + 2], biasStrides[nl + 2]]: strides in elements over
// [lead..., T, S] (0 on broadcast axes).
typedef struct {
  int N, T, S, D, Dv, causal, nl;
  const int *lead, *ms, *bs;
} Config;

static Config config(const int *m) {
  Config c = { m[0], m[1], m[2], m[3], m[4], m[5], m[6], m + 7, m + 7 + m[6], m + 7 + 2 * m[6] + 2 };
  return c;
}

/** Element offset of problem n in an operand addressed by strides st over [lead..., T, S]. */
static int64_t lead_offset(const Config *c, const int *st, int n) {
  int64_t o = 0;
  for (int d = c->nl - 1; d >= 0; d--) {
    o += (int64_t)(n % c->lead[d]) * st[d];
    n /= c->lead[d];
  }
  return o;
}

// ---- vector helpers ----

/** exp(x) for x <= 0, four lanes: 2^n · 2^f with n = round(x·log2 e), f = x·log2 e − n in [−½, ½], 2^f by
 *  its degree-6 Taylor polynomial (relative error 1.2e-7), n added to the exponent bits; 0 below −87.3. */
static inline v128_t v_exp(v128_t x) {
  const v128_t lo = wasm_f32x4_splat(-87.33654f);
  v128_t under = wasm_f32x4_lt(x, lo);
  v128_t t = wasm_f32x4_mul(wasm_f32x4_max(x, lo), wasm_f32x4_splat(1.44269504088896341f));
  v128_t n = wasm_f32x4_nearest(t), f = wasm_f32x4_sub(t, n);
  v128_t y = wasm_f32x4_splat(1.5403530393e-4f);
  y = MADD(y, f, wasm_f32x4_splat(1.3333558146e-3f));
  y = MADD(y, f, wasm_f32x4_splat(9.6181291076e-3f));
  y = MADD(y, f, wasm_f32x4_splat(5.5504108665e-2f));
  y = MADD(y, f, wasm_f32x4_splat(2.4022650696e-1f));
  y = MADD(y, f, wasm_f32x4_splat(6.9314718056e-1f));
  y = MADD(y, f, wasm_f32x4_splat(1.0f));
  y = wasm_i32x4_add(y, wasm_i32x4_shl(wasm_i32x4_trunc_sat_f32x4(n), 23));
  return wasm_v128_andnot(y, under);
}

static inline float hsum(v128_t a) {
  return (wasm_f32x4_extract_lane(a, 0) + wasm_f32x4_extract_lane(a, 1)) + (wasm_f32x4_extract_lane(a, 2) + wasm_f32x4_extract_lane(a, 3));
}
static inline float hmax(v128_t a) {
  v128_t b = wasm_f32x4_max(a, wasm_i32x4_shuffle(a, a, 2, 3, 0, 1));
  return wasm_f32x4_extract_lane(wasm_f32x4_max(b, wasm_i32x4_shuffle(b, b, 1, 0, 3, 2)), 0);
}

// ---- packing: tiles of n rows (row stride ld) of a row-major operand into 8-wide panels, zero-padded ----

/** Depth-major panels of 8 rows: dst[(jp·depth + d)·8 + jj] = src[(jp·8 + jj)·ld + d] (0 past n). */
static void pack_t(const float *src, int ld, int n, int depth, float *dst) {
  for (int jp = 0; jp < n; jp += 8)
    for (int jj = 0; jj < 8; jj++) {
      float *o = dst + jp * depth + jj;
      if (jp + jj < n) {
        const float *s = src + (int64_t)(jp + jj) * ld;
        for (int d = 0; d < depth; d++) o[d * 8] = s[d];
      } else {
        for (int d = 0; d < depth; d++) o[d * 8] = 0.0f;
      }
    }
}

/** Row panels of 8 columns: dst[(cp·BC + j)·8 + cc] = src[j·ld + cp·8 + cc] (0 past cols), j < n <= BC. */
static void pack_r(const float *src, int ld, int n, int cols, float *dst) {
  for (int cp = 0; cp < cols; cp += 8) {
    int w = imin(8, cols - cp);
    for (int j = 0; j < n; j++) {
      const float *s = src + (int64_t)j * ld + cp;
      float *o = dst + (cp * BC + j * 8);
      if (w == 8) {
        wasm_v128_store(o, wasm_v128_load(s));
        wasm_v128_store(o + 4, wasm_v128_load(s + 4));
      } else {
        for (int cc = 0; cc < 8; cc++) o[cc] = cc < w ? s[cc] : 0.0f;
      }
    }
  }
}

// ---- micro-kernels: 4 rows x 8 columns, 8 accumulators (as gemm.c's) ----

/** out[r·BC + 0..7] = Σ_d a_r[d] · pk[d·8 + 0..7] for the four rows a[0..3], for each 8-panel of n columns. */
static void dot_rows(const float *const a[4], int depth, const float *pk, int n, float *out) {
  const v128_t z = wasm_f32x4_splat(0.0f);
  for (int jp = 0; jp < n; jp += 8, pk += depth * 8, out += 8) {
    v128_t c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
    const float *b = pk;
    for (int d = 0; d < depth; d++, b += 8) {
      v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4), av;
      av = wasm_v128_load32_splat(a[0] + d); c00 = MADD(av, b0, c00); c01 = MADD(av, b1, c01);
      av = wasm_v128_load32_splat(a[1] + d); c10 = MADD(av, b0, c10); c11 = MADD(av, b1, c11);
      av = wasm_v128_load32_splat(a[2] + d); c20 = MADD(av, b0, c20); c21 = MADD(av, b1, c21);
      av = wasm_v128_load32_splat(a[3] + d); c30 = MADD(av, b0, c30); c31 = MADD(av, b1, c31);
    }
    wasm_v128_store(out, c00); wasm_v128_store(out + 4, c01);
    wasm_v128_store(out + BC, c10); wasm_v128_store(out + BC + 4, c11);
    wasm_v128_store(out + 2 * BC, c20); wasm_v128_store(out + 2 * BC + 4, c21);
    wasm_v128_store(out + 3 * BC, c30); wasm_v128_store(out + 3 * BC + 4, c31);
  }
}

/** acc[r·lda + c] += Σ_{j<n} p[r·BC + j] · panel(j, c) for four rows and all cols (panels from pack_r). */
static void acc_rows(const float *p, int n, const float *pr, int cols, float *acc, int lda) {
  for (int cp = 0; cp < cols; cp += 8, pr += BC * 8, acc += 8) {
    float *a0 = acc, *a1 = acc + lda, *a2 = acc + 2 * lda, *a3 = acc + 3 * lda;
    v128_t c00 = wasm_v128_load(a0), c01 = wasm_v128_load(a0 + 4), c10 = wasm_v128_load(a1), c11 = wasm_v128_load(a1 + 4);
    v128_t c20 = wasm_v128_load(a2), c21 = wasm_v128_load(a2 + 4), c30 = wasm_v128_load(a3), c31 = wasm_v128_load(a3 + 4);
    const float *b = pr;
    for (int j = 0; j < n; j++, b += 8) {
      v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4), av;
      av = wasm_v128_load32_splat(p + j); c00 = MADD(av, b0, c00); c01 = MADD(av, b1, c01);
      av = wasm_v128_load32_splat(p + BC + j); c10 = MADD(av, b0, c10); c11 = MADD(av, b1, c11);
      av = wasm_v128_load32_splat(p + 2 * BC + j); c20 = MADD(av, b0, c20); c21 = MADD(av, b1, c21);
      av = wasm_v128_load32_splat(p + 3 * BC + j); c30 = MADD(av, b0, c30); c31 = MADD(av, b1, c31);
    }
    wasm_v128_store(a0, c00); wasm_v128_store(a0 + 4, c01); wasm_v128_store(a1, c10); wasm_v128_store(a1 + 4, c11);
    wasm_v128_store(a2, c20); wasm_v128_store(a2 + 4, c21); wasm_v128_store(a3, c30); wasm_v128_store(a3 + 4, c31);
  }
}

/** dot_rows for every group of four of the rows r0.. r0+rows-1 of a (row stride ld); missing rows of the last
 *  group repeat the last row (their results are never read). */
static void dot_block(const float *a, int ld, int rows, int depth, const float *pk, int n, float *out) {
  for (int g = 0; g < rows; g += 4) {
    const float *r[4];
    for (int i = 0; i < 4; i++) r[i] = a + (int64_t)imin(g + i, rows - 1) * ld;
    dot_rows(r, depth, pk, n, out + g * BC);
  }
}
static void acc_block(const float *p, int rows, int n, const float *pr, int cols, float *acc, int lda) {
  for (int g = 0; g < rows; g += 4) acc_rows(p + g * BC, n, pr, cols, acc + g * lda, lda);
}

/** One row of scores for query i over keys j0..j0+n-1: s = scale·s + bias, -inf where masked, past the causal
 *  limit or (lanes n..up4(n)) past the tile. moff/boff: offsets of (problem, i) in mask and bias. */
static void scores_row(const Config *c, float *s, int n, int i, int j0, float scale, const float *mask, int64_t moff,
                       const float *bias, int64_t boff) {
  int n4 = (n + 3) & ~3;
  const v128_t vs = wasm_f32x4_splat(scale);
  for (int j = 0; j < n4; j += 4) wasm_v128_store(s + j, wasm_f32x4_mul(wasm_v128_load(s + j), vs));
  int bS = c->bs[c->nl + 1], mS = c->ms[c->nl + 1];
  if (bias) for (int j = 0; j < n; j++) s[j] += bias[boff + (int64_t)(j0 + j) * bS];
  if (mask) for (int j = 0; j < n; j++) if (mask[moff + (int64_t)(j0 + j) * mS] != 0.0f) s[j] = -F_INF;
  if (c->causal) // keys j0 + j > i + S - T are masked: a suffix of the tile
    for (int j = i + c->S - c->T - j0 + 1 < 0 ? 0 : i + c->S - c->T - j0 + 1; j < n; j++) s[j] = -F_INF;
  for (int j = n; j < n4; j++) s[j] = -F_INF;
}

/** Exclusive end of the keys that query rows up to i_last may see (S, or less when causal). */
static int key_end(const Config *c, int i_last) {
  if (!c->causal) return c->S;
  int e = i_last + c->S - c->T + 1;
  return e < 0 ? 0 : imin(e, c->S);
}

/** Floats of scratch one thread needs for head sizes D, Dv. */
static int scratch_floats(int D, int Dv) {
  int D8 = up8(D), V8 = up8(Dv);
  return 2 * BC * (D8 + V8) + 2 * BR * BC + BR * (D8 + V8) + 4 * (BR + BC) + 64;
}
EXPORT("attention_scratch_bytes") int attention_scratch_bytes(int D, int Dv) { return scratch_floats(D, Dv) * 4; }
/** Rows of one work unit (query rows forward, key rows in the backward's second pass). */
EXPORT("attention_block_rows") int attention_block_rows(void) { return BR; }

/**
 * Forward over units [begin, end): unit u = (problem u / ⌈T/BR⌉, query rows of block zigzag(u % ⌈T/BR⌉)).
 * q (N,T,D), k (N,S,D), v (N,S,Dv) -> out (N,T,Dv), lse (N,T); mask, bias null (0) or strided per cfg.
 */
EXPORT("attention_fwd_f32")
void attention_fwd_f32(const float *q, const float *k, const float *v, float *out, float *lse, const float *mask,
                       const float *bias, const int *cfg, float scale, int begin, int end, float *scratch) {
  Config c = config(cfg);
  int D = c.D, Dv = c.Dv, V8 = up8(Dv), nb = (c.T + BR - 1) / BR;
  float *kp = scratch, *vp = kp + BC * up8(D), *s = vp + BC * V8, *o = s + BR * BC, *mrow = o + BR * V8, *lrow = mrow + BR;
  for (int u = begin; u < end; u++) {
    int n = u / nb, i0 = zigzag(u % nb, nb) * BR, rows = imin(BR, c.T - i0);
    const float *Q = q + ((int64_t)n * c.T + i0) * D, *K = k + (int64_t)n * c.S * D, *V = v + (int64_t)n * c.S * Dv;
    int64_t moff = mask ? lead_offset(&c, c.ms, n) : 0, boff = bias ? lead_offset(&c, c.bs, n) : 0;
    for (int r = 0; r < rows; r++) { mrow[r] = -F_INF; lrow[r] = 0.0f; }
    for (int x = 0; x < BR * V8; x++) o[x] = 0.0f;
    int kend = key_end(&c, i0 + rows - 1);
    for (int j0 = 0; j0 < kend; j0 += BC) {
      int bc = imin(BC, kend - j0);
      pack_t(K + (int64_t)j0 * D, D, bc, D, kp);
      pack_r(V + (int64_t)j0 * Dv, Dv, bc, Dv, vp);
      dot_block(Q, D, rows, D, kp, bc, s);
      for (int r = 0; r < rows; r++) {
        int i = i0 + r, n4 = (bc + 3) & ~3;
        float *sr = s + r * BC, *orow = o + r * V8;
        scores_row(&c, sr, bc, i, j0, scale, mask, moff + (int64_t)i * c.ms[c.nl], bias, boff + (int64_t)i * c.bs[c.nl]);
        v128_t vm = wasm_f32x4_splat(-F_INF);
        for (int j = 0; j < n4; j += 4) vm = wasm_f32x4_max(vm, wasm_v128_load(sr + j));
        float mt = hmax(vm), mold = mrow[r], mnew = mt > mold ? mt : mold;
        if (mnew == -F_INF) { // everything masked so far: p = 0
          for (int j = 0; j < n4; j++) sr[j] = 0.0f;
          continue;
        }
        const v128_t vmn = wasm_f32x4_splat(mnew);
        v128_t sum = wasm_f32x4_splat(0.0f);
        for (int j = 0; j < n4; j += 4) {
          v128_t p = v_exp(wasm_f32x4_sub(wasm_v128_load(sr + j), vmn));
          wasm_v128_store(sr + j, p);
          sum = wasm_f32x4_add(sum, p);
        }
        float alpha = f_exp(mold - mnew); // 0 when mold = -inf
        lrow[r] = lrow[r] * alpha + hsum(sum);
        mrow[r] = mnew;
        if (alpha != 1.0f) {
          const v128_t va = wasm_f32x4_splat(alpha);
          for (int x = 0; x < V8; x += 4) wasm_v128_store(orow + x, wasm_f32x4_mul(wasm_v128_load(orow + x), va));
        }
      }
      acc_block(s, rows, bc, vp, Dv, o, V8);
    }
    for (int r = 0; r < rows; r++) {
      float *dst = out + ((int64_t)n * c.T + i0 + r) * Dv, l = lrow[r];
      float inv = l > 0.0f ? 1.0f / l : 0.0f;
      for (int x = 0; x < Dv; x++) dst[x] = o[r * V8 + x] * inv;
      lse[(int64_t)n * c.T + i0 + r] = l > 0.0f ? mrow[r] + f_log(l) : -F_INF;
    }
  }
}

/**
 * Backward, two passes over units [begin, end) (the runtime runs pass 0 to completion, then pass 1):
 *  pass 0, units = (problem, query block): delta = rowsum(dout·out) into dlt (N,T), and dq;
 *  pass 1, units = (problem, key block): dk and dv.
 * Weights p = exp(score - lse) are recomputed tile by tile; ds = p·(dout·v - delta); dq = scale·ds·k,
 * dk = scale·dsᵀ·q, dv = pᵀ·dout. A fully masked query row (lse = -inf) gets p = 0 and contributes nothing.
 */
EXPORT("attention_bwd_f32")
void attention_bwd_f32(int pass, const float *q, const float *k, const float *v, const float *out, const float *dout,
                       const float *lse, float *dlt, const float *mask, const float *bias, const int *cfg, float scale,
                       float *dq, float *dk, float *dv, int begin, int end, float *scratch) {
  Config c = config(cfg);
  int D = c.D, Dv = c.Dv, D8 = up8(D), V8 = up8(Dv), T = c.T, S = c.S;
  // pk: depth-major panels (BC x D8); pv: (BC x V8); rk: row panels (BC x D8); rv: (BC x V8).
  float *pk = scratch, *pv = pk + BC * D8, *rk = pv + BC * V8, *rv = rk + BC * D8, *s = rv + BC * V8, *dp = s + BR * BC;
  float *acc = dp + BR * BC, *acc2 = acc + BR * D8, *off = acc2 + BR * V8, *del = off + BR + BC;
  int nq = (T + BR - 1) / BR, nk = (S + BR - 1) / BR;
  for (int u = begin; u < end; u++) {
    if (pass == 0) {
      int n = u / nq, i0 = zigzag(u % nq, nq) * BR, rows = imin(BR, T - i0);
      const float *Q = q + ((int64_t)n * T + i0) * D, *dO = dout + ((int64_t)n * T + i0) * Dv;
      const float *K = k + (int64_t)n * S * D, *V = v + (int64_t)n * S * Dv;
      int64_t moff = mask ? lead_offset(&c, c.ms, n) : 0, boff = bias ? lead_offset(&c, c.bs, n) : 0;
      for (int r = 0; r < rows; r++) {
        const float *orow = out + ((int64_t)n * T + i0 + r) * Dv, *g = dO + (int64_t)r * Dv;
        float d = 0.0f;
        for (int x = 0; x < Dv; x++) d += g[x] * orow[x];
        float l = lse[(int64_t)n * T + i0 + r];
        del[r] = dlt[(int64_t)n * T + i0 + r] = d;
        off[r] = l == -F_INF ? F_INF : l; // exp(score - inf) = 0: a fully masked row has no weights
      }
      for (int x = 0; x < BR * D8; x++) acc[x] = 0.0f;
      int kend = key_end(&c, i0 + rows - 1);
      for (int j0 = 0; j0 < kend; j0 += BC) {
        int bc = imin(BC, kend - j0), n4 = (bc + 3) & ~3;
        pack_t(K + (int64_t)j0 * D, D, bc, D, pk);
        pack_t(V + (int64_t)j0 * Dv, Dv, bc, Dv, pv);
        pack_r(K + (int64_t)j0 * D, D, bc, D, rk);
        dot_block(Q, D, rows, D, pk, bc, s);
        dot_block(dO, Dv, rows, Dv, pv, bc, dp);
        for (int r = 0; r < rows; r++) {
          int i = i0 + r;
          float *sr = s + r * BC, *dr = dp + r * BC;
          scores_row(&c, sr, bc, i, j0, scale, mask, moff + (int64_t)i * c.ms[c.nl], bias, boff + (int64_t)i * c.bs[c.nl]);
          const v128_t vo = wasm_f32x4_splat(off[r]), vd = wasm_f32x4_splat(del[r]);
          for (int j = 0; j < n4; j += 4) {
            v128_t p = v_exp(wasm_f32x4_sub(wasm_v128_load(sr + j), vo));
            wasm_v128_store(sr + j, wasm_f32x4_mul(p, wasm_f32x4_sub(wasm_v128_load(dr + j), vd))); // ds
          }
        }
        acc_block(s, rows, bc, rk, D, acc, D8);
      }
      for (int r = 0; r < rows; r++) {
        float *dst = dq + ((int64_t)n * T + i0 + r) * D;
        for (int x = 0; x < D; x++) dst[x] = scale * acc[r * D8 + x];
      }
    } else {
      int n = u / nk, j0 = zigzag(u % nk, nk) * BR, rows = imin(BR, S - j0);
      const float *K = k + ((int64_t)n * S + j0) * D, *V = v + ((int64_t)n * S + j0) * Dv;
      const float *Q = q + (int64_t)n * T * D, *dO = dout + (int64_t)n * T * Dv;
      int64_t moff = mask ? lead_offset(&c, c.ms, n) : 0, boff = bias ? lead_offset(&c, c.bs, n) : 0;
      int mT = c.ms[c.nl], mS = c.ms[c.nl + 1], bT = c.bs[c.nl], bS = c.bs[c.nl + 1];
      for (int x = 0; x < BR * D8; x++) acc[x] = 0.0f;
      for (int x = 0; x < BR * V8; x++) acc2[x] = 0.0f;
      // Causal: query i sees key j iff i >= j - (S - T); the first query any key of this block sees.
      int qbeg = c.causal ? j0 - (S - T) : 0;
      if (qbeg < 0) qbeg = 0;
      for (int i0 = qbeg; i0 < T; i0 += BC) {
        int bc = imin(BC, T - i0), n4 = (bc + 3) & ~3;
        pack_t(Q + (int64_t)i0 * D, D, bc, D, pk);
        pack_t(dO + (int64_t)i0 * Dv, Dv, bc, Dv, pv);
        pack_r(Q + (int64_t)i0 * D, D, bc, D, rk);
        pack_r(dO + (int64_t)i0 * Dv, Dv, bc, Dv, rv);
        for (int x = 0; x < n4; x++) {
          float l = x < bc ? lse[(int64_t)n * T + i0 + x] : -F_INF;
          off[x] = l == -F_INF ? F_INF : l;
          del[x] = x < bc ? dlt[(int64_t)n * T + i0 + x] : 0.0f;
        }
        dot_block(K, D, rows, D, pk, bc, s);   // s[r, x] = k_j · q_i
        dot_block(V, Dv, rows, Dv, pv, bc, dp); // dp[r, x] = v_j · dout_i
        const v128_t vs = wasm_f32x4_splat(scale);
        for (int r = 0; r < rows; r++) {
          int j = j0 + r;
          float *sr = s + r * BC, *dr = dp + r * BC;
          for (int x = 0; x < n4; x += 4) wasm_v128_store(sr + x, wasm_f32x4_mul(wasm_v128_load(sr + x), vs));
          if (bias) for (int x = 0; x < bc; x++) sr[x] += bias[boff + (int64_t)(i0 + x) * bT + (int64_t)j * bS];
          if (mask) for (int x = 0; x < bc; x++) if (mask[moff + (int64_t)(i0 + x) * mT + (int64_t)j * mS] != 0.0f) sr[x] = -F_INF;
          if (c.causal) for (int x = 0; x < bc && j > i0 + x + S - T; x++) sr[x] = -F_INF;
          for (int x = 0; x < n4; x += 4) {
            v128_t p = v_exp(wasm_f32x4_sub(wasm_v128_load(sr + x), wasm_v128_load(off + x)));
            wasm_v128_store(sr + x, p);
            wasm_v128_store(dr + x, wasm_f32x4_mul(p, wasm_f32x4_sub(wasm_v128_load(dr + x), wasm_v128_load(del + x))));
          }
        }
        acc_block(s, rows, bc, rv, Dv, acc2, V8);
        acc_block(dp, rows, bc, rk, D, acc, D8);
      }
      for (int r = 0; r < rows; r++) {
        float *gk = dk + ((int64_t)n * S + j0 + r) * D, *gv = dv + ((int64_t)n * S + j0 + r) * Dv;
        for (int x = 0; x < D; x++) gk[x] = scale * acc[r * D8 + x];
        for (int x = 0; x < Dv; x++) gv[x] = acc2[r * V8 + x];
      }
    }
  }
}
