// word2vec training, skip-gram or CBOW with negative sampling, over a batch of sentences per call (as gensim's
// word2vec_inner and word2vec.c organise it: the sigmoid table, the negative table and the subsampling
// thresholds in memory, a xorshift32 stream in the loop, dot/axpy over the dimension with f32x4). The same
// arithmetic, in the same order, as the js reference src/embeddings/word2vec/kernel.ts, so one thread gives
// bit-identical vectors. Hogwild: threads call it on the same matrices without locks. Not a driver: the
// learning rate of each sentence and the sentences themselves come from src/embeddings/word2vec/wasm-kernel.ts.
#include "common.h"

#define MAX_EXP 6
#define EXP_TABLE_SIZE 1000

/** The model, int32 words from byte 0 (written by wasm-kernel.ts; keep both in step). */
typedef struct {
  int32_t arch;      // 0 sg, 1 cbow
  int32_t dim, window, negative;
  float *syn0, *syn1;   // (V, C) each
  int32_t *table;       // negative-sampling slots
  int32_t table_len;
  double *keep;         // (V) subsampling threshold on a uint32 draw
  double *exp_table;    // (EXP_TABLE_SIZE) sigmoid at the table's points
  double *log_table;    // (EXP_TABLE_SIZE) log sigmoid
} Model;

/** One thread's state: its stream, its scratch and what it adds up. */
typedef struct {
  uint32_t rng;
  float *work;          // (C) the accumulated input-side error
  float *neu1;          // (C) CBOW's mean context vector
  int32_t *plans;       // two plans (plan_ints each): the position being trained and the next one
  double totals[3];     // loss sum, samples scored, words trained after subsampling
  float sink;           // where the rows' early reads go (so that they are not optimised away)
} State;

static inline uint32_t next(uint32_t r) {
  r ^= r << 13;
  r ^= r >> 17;
  r ^= r << 5;
  return r;
}

// One pass over the dimension, the step the target loops are made of (constant flags, so each use is its own
// loop): UPD applies the previous target's update, w = work + g·out (0 + g·out when FIRST: work is still zero),
// out += g·inp, then inp += w when LAST (the input vector takes the accumulated error) or work = w; DOT returns
// Σ inp·next in four f32x4 accumulators (one would wait on the add's latency every step): accumulator q lane j
// sums k ≡ 4q + j (mod 16), the 4-wide remainder goes to accumulator 0, they are added as (s0 + s1) + (s2 + s3),
// the scalar tail goes to lane 0, then ((l0 + l1) + l2) + l3 (kernel.ts's dot follows the same order). next may be out (a target drawn twice): it is read after out is written, lane
// by lane, so the result is that of the separate passes one after the other, bit for bit.
__attribute__((always_inline)) static inline float pass(float *work, float *out, float *inp, float g, const float *next, int n, int upd, int first, int last, int dodot) {
  v128_t gv = wasm_f32x4_splat(g), z = wasm_f32x4_splat(0.0f), s0 = z, s1 = z, s2 = z, s3 = z;
  int k = 0;
#define W2V_LANES(at, acc)                                                                                   \
  {                                                                                                          \
    v128_t x = wasm_v128_load(inp + (at));                                                                   \
    if (upd) {                                                                                               \
      v128_t o = wasm_v128_load(out + (at));                                                                 \
      v128_t w = wasm_f32x4_add(first ? z : wasm_v128_load(work + (at)), wasm_f32x4_mul(gv, o));             \
      wasm_v128_store(out + (at), wasm_f32x4_add(o, wasm_f32x4_mul(gv, x)));                                 \
      if (last) wasm_v128_store(inp + (at), wasm_f32x4_add(x, w));                                           \
      else wasm_v128_store(work + (at), w);                                                                  \
    }                                                                                                        \
    if (dodot) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(x, wasm_v128_load(next + (at))));                     \
  }
  for (; k + 15 < n; k += 16) {
    W2V_LANES(k, s0) W2V_LANES(k + 4, s1) W2V_LANES(k + 8, s2) W2V_LANES(k + 12, s3)
  }
  for (; k + 3 < n; k += 4) W2V_LANES(k, s0)
#undef W2V_LANES
  v128_t s = wasm_f32x4_add(wasm_f32x4_add(s0, s1), wasm_f32x4_add(s2, s3));
  float l0 = wasm_f32x4_extract_lane(s, 0);
  for (; k < n; k++) {
    float x = inp[k];
    if (upd) {
      float o = out[k], w = (first ? 0.0f : work[k]) + g * o;
      out[k] = o + g * x;
      if (last) inp[k] = x + w;
      else work[k] = w;
    }
    if (dodot) l0 += x * next[k];
  }
  return ((l0 + wasm_f32x4_extract_lane(s, 1)) + wasm_f32x4_extract_lane(s, 2)) + wasm_f32x4_extract_lane(s, 3);
}

static inline void add_to(float *dst, const float *src, int n) {
  int k = 0;
  for (; k + 3 < n; k += 4) wasm_v128_store(dst + k, wasm_f32x4_add(wasm_v128_load(dst + k), wasm_v128_load(src + k)));
  for (; k < n; k++) dst[k] += src[k];
}

static inline void zero(float *dst, int n) {
  int k = 0;
  for (; k + 3 < n; k += 4) wasm_v128_store(dst + k, wasm_f32x4_splat(0.0f));
  for (; k < n; k++) dst[k] = 0.0f;
}

// The targets of one input vector: `word` (label 1), then `negative` draws from the table (label 0; a draw
// equal to the word is dropped). *r is the stream; a uint32 draw r picks slot ⌊r·len/2³²⌋.
__attribute__((always_inline)) static inline int draw(const Model *m, int32_t *tg, int32_t word, uint32_t *r) {
  int nt = 1;
  tg[0] = word;
  for (int d = 0; d < m->negative; d++) {
    *r = next(*r);
    int32_t t = m->table[(int32_t)(((uint64_t)*r * (uint32_t)m->table_len) >> 32)];
    if (t != word) tg[nt++] = t;
  }
  return nt;
}

// A position's plan, drawn one position ahead of its training so that the reads of the negative table (a
// random slot of up to 40 MB, nearly always a cache miss) and the first reads of the target rows are under way
// while the previous position trains; the stream is consumed in the same order as drawing as one goes would.
// Layout (int32): lo, hi, lists, then per list (skip-gram: one per context word, in order; CBOW: one) its
// count nt and nt targets, at a stride of negative + 2.
// One read per 64-byte cache line of a row (wasm has no prefetch instruction).
static inline float touch_row(const float *row, int dim) {
  float s = 0;
  for (int k = 0; k < dim; k += 16) s += row[k];
  return s;
}

static inline int plan_ints(const Model *m) { return 3 + 2 * m->window * (m->negative + 2); }

__attribute__((always_inline)) static inline void plan(const Model *m, State *st, int32_t *p, const int32_t *ids, int len, int pos, uint32_t *r) {
  int window = m->window, stride = m->negative + 2;
  *r = next(*r);
  int reach = window - (int)((*r >> 24) % (uint32_t)window); // dynamic window: 1..window on each side
  int lo = pos - reach < 0 ? 0 : pos - reach, hi = pos + reach + 1 > len ? len : pos + reach + 1;
  int lists = m->arch == 0 ? hi - lo - 1 : 1;
  p[0] = lo;
  p[1] = hi;
  p[2] = lists;
  float touch = 0;
  for (int j = 0; j < lists; j++) {
    int32_t *l = p + 3 + j * stride;
    l[0] = draw(m, l + 1, ids[pos], r);
    for (int t = 1; t <= l[0]; t++) touch += touch_row(m->syn1 + (int64_t)l[t] * m->dim, m->dim);
  }
  st->sink += touch;
}

// Scores `in` against each target in turn and updates the targets' output vectors, `work` (the accumulated
// error) and, when IN_TAKES (skip-gram), `in` itself by work at the end: word2vec.c's loop, with each update
// folded into the next target's dot product and the last one into in += work (one pass over the dimension per
// target instead of two). A dot product outside the sigmoid table is skipped, as in word2vec.c. Returns the
// samples scored; `loss` gains −log σ(±f); *zeroed tells whether work is still all zero (nothing updated).
__attribute__((always_inline)) static inline int targets(const Model *m, float *in, const int32_t *tg, int nt, double alpha, float *work, double *loss, int in_takes, int *zeroed) {
  int dim = m->dim, samples = 0, fresh = 1;
  float *prev = 0, gprev = 0;
  for (int t = 0; t < nt; t++) {
    float *out = m->syn1 + (int64_t)tg[t] * dim;
    float f = !prev ? pass(0, 0, in, 0, out, dim, 0, 0, 0, 1)
            : fresh ? pass(work, prev, in, gprev, out, dim, 1, 1, 0, 1)
                    : pass(work, prev, in, gprev, out, dim, 1, 0, 0, 1);
    if (prev) fresh = 0;
    prev = 0;
    if (f <= -MAX_EXP || f >= MAX_EXP) continue;
    int i = (int)(((double)f + MAX_EXP) * ((double)EXP_TABLE_SIZE / MAX_EXP / 2));
    int label = t == 0;
    double g = (label - m->exp_table[i]) * alpha;
    *loss -= label ? m->log_table[i] : m->log_table[EXP_TABLE_SIZE - 1 - i];
    samples++;
    prev = out;
    gprev = (float)g;
  }
  if (prev) {
    if (in_takes) fresh ? pass(work, prev, in, gprev, 0, dim, 1, 1, 1, 0) : pass(work, prev, in, gprev, 0, dim, 1, 0, 1, 0);
    else fresh ? pass(work, prev, in, gprev, 0, dim, 1, 1, 0, 0) : pass(work, prev, in, gprev, 0, dim, 1, 0, 0, 0);
    fresh = 0;
  } else if (in_takes && !fresh) {
    add_to(in, work, dim);
  }
  *zeroed = fresh;
  return samples;
}

static void sg(const Model *m, State *st, const int32_t *ids, int len, double alpha) {
  int dim = m->dim, stride = m->negative + 2, zeroed;
  uint32_t r = st->rng;
  double loss = 0, samples = 0;
  int32_t *cur = st->plans, *ahead = st->plans + plan_ints(m);
  plan(m, st, cur, ids, len, 0, &r);
  for (int pos = 0; pos < len; pos++) {
    if (pos + 1 < len) plan(m, st, ahead, ids, len, pos + 1, &r);
    for (int c = cur[0], j = 0; c < cur[1]; c++) {
      if (c == pos) continue;
      float *in = m->syn0 + (int64_t)ids[c] * dim; // the context word's input vector predicts `word`
      const int32_t *l = cur + 3 + j++ * stride;
      samples += targets(m, in, l + 1, l[0], alpha, st->work, &loss, 1, &zeroed);
    }
    int32_t *t = cur; cur = ahead; ahead = t;
  }
  st->rng = r;
  st->totals[0] += loss;
  st->totals[1] += samples;
}

static void cbow(const Model *m, State *st, const int32_t *ids, int len, double alpha) {
  int dim = m->dim, zeroed;
  float *neu1 = st->neu1;
  uint32_t r = st->rng;
  double loss = 0, samples = 0;
  int32_t *cur = st->plans, *ahead = st->plans + plan_ints(m);
  plan(m, st, cur, ids, len, 0, &r);
  for (int pos = 0; pos < len; pos++) {
    if (pos + 1 < len) plan(m, st, ahead, ids, len, pos + 1, &r);
    int lo = cur[0], hi = cur[1];
    // neu1 = mean of the context words' input vectors (gensim's cbow_mean=1); there is at least one (len > 1).
    zero(neu1, dim);
    int count = 0;
    for (int c = lo; c < hi; c++) {
      if (c == pos) continue;
      add_to(neu1, m->syn0 + (int64_t)ids[c] * dim, dim);
      count++;
    }
    float inv = (float)(1.0 / count);
    v128_t iv = wasm_f32x4_splat(inv);
    int k = 0;
    for (; k + 3 < dim; k += 4) wasm_v128_store(neu1 + k, wasm_f32x4_mul(wasm_v128_load(neu1 + k), iv));
    for (; k < dim; k++) neu1[k] *= inv;
    samples += targets(m, neu1, cur + 4, cur[3], alpha, st->work, &loss, 0, &zeroed);
    int32_t *t = cur; cur = ahead; ahead = t;
    if (zeroed) continue; // nothing to add
    // Every context word takes the whole error (as in gensim and word2vec.c).
    for (int c = lo; c < hi; c++) {
      if (c == pos) continue;
      add_to(m->syn0 + (int64_t)ids[c] * dim, st->work, dim);
    }
  }
  st->rng = r;
  st->totals[0] += loss;
  st->totals[1] += samples;
}

/** Trains `nsent` sentences laid end to end in ids (lens[i] words each, at learning rate alphas[i]); subsampling
 *  overwrites each sentence in place. */
EXPORT("word2vec_train_f32")
void word2vec_train_f32(const Model *m, State *st, int32_t *ids, const int32_t *lens, const double *alphas, int nsent) {
  for (int s = 0; s < nsent; s++) {
    int len = lens[s], n = 0;
    uint32_t r = st->rng;
    for (int i = 0; i < len; i++) { // keep word w when a uint32 draw is below keep[w]
      int32_t w = ids[i];
      r = next(r);
      if (m->keep[w] > (double)r) ids[n++] = w;
    }
    st->rng = r;
    if (n > 1) (m->arch == 0 ? sg : cbow)(m, st, ids, n, alphas[s]);
    st->totals[2] += n;
    ids += len;
  }
}
