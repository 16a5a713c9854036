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
  int32_t pad;
  double table_scale;   // table_len / 2^32
} Model;

/** One thread's state: its stream, its scratch and what it adds up. */
typedef struct {
  uint32_t rng;
  float *work;          // (C) the accumulated input-side error
  float *neu1;          // (C) CBOW's mean context vector
  int32_t pad;
  double totals[3];     // loss sum, samples scored, words trained after subsampling
} State;

static inline uint32_t next(uint32_t r) {
  r ^= r << 13;
  r ^= r >> 17;
  r ^= r << 5;
  return r;
}

// Σ a[k]·b[k] in four f32x4 accumulators (one would wait on the add's latency every step): accumulator q lane j
// sums k ≡ 4q + j (mod 16); the 4-wide remainder goes to accumulator 0; they are added as (s0 + s1) + (s2 + s3);
// the scalar tail goes to lane 0; then ((l0 + l1) + l2) + l3. kernel.ts's dot follows the same order.
static inline float dot(const float *a, const float *b, int n) {
  v128_t s0 = wasm_f32x4_splat(0.0f), s1 = s0, s2 = s0, s3 = s0;
  int k = 0;
  for (; k + 15 < n; k += 16) {
    s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(a + k), wasm_v128_load(b + k)));
    s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(wasm_v128_load(a + k + 4), wasm_v128_load(b + k + 4)));
    s2 = wasm_f32x4_add(s2, wasm_f32x4_mul(wasm_v128_load(a + k + 8), wasm_v128_load(b + k + 8)));
    s3 = wasm_f32x4_add(s3, wasm_f32x4_mul(wasm_v128_load(a + k + 12), wasm_v128_load(b + k + 12)));
  }
  for (; k + 3 < n; k += 4) s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(a + k), wasm_v128_load(b + k)));
  v128_t s = wasm_f32x4_add(wasm_f32x4_add(s0, s1), wasm_f32x4_add(s2, s3));
  float l0 = wasm_f32x4_extract_lane(s, 0);
  for (; k < n; k++) l0 += a[k] * b[k];
  return ((l0 + wasm_f32x4_extract_lane(s, 1)) + wasm_f32x4_extract_lane(s, 2)) + wasm_f32x4_extract_lane(s, 3);
}

// work += g·out; out += g·inp (out read before it is written).
static inline void update(float *work, float *out, const float *inp, float g, int n) {
  v128_t gv = wasm_f32x4_splat(g);
  int k = 0;
  for (; k + 3 < n; k += 4) {
    v128_t o = wasm_v128_load(out + k);
    wasm_v128_store(work + k, wasm_f32x4_add(wasm_v128_load(work + k), wasm_f32x4_mul(gv, o)));
    wasm_v128_store(out + k, wasm_f32x4_add(o, wasm_f32x4_mul(gv, wasm_v128_load(inp + k))));
  }
  for (; k < n; k++) {
    float o = out[k];
    work[k] += g * o;
    out[k] = o + g * inp[k];
  }
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

// Scores one (input vector, target) pair and updates the target's output vector and `work`; 0 when the dot
// product falls outside the table (skipped, as in word2vec.c), else 1. `loss` gains −log σ(±f).
__attribute__((always_inline)) static inline int score(const Model *m, const float *in, int32_t target, int label, double alpha, float *work, double *loss) {
  float *out = m->syn1 + (int64_t)target * m->dim;
  float f = dot(in, out, m->dim);
  if (f <= -MAX_EXP || f >= MAX_EXP) return 0;
  int i = (int)(((double)f + MAX_EXP) * ((double)EXP_TABLE_SIZE / MAX_EXP / 2));
  double g = (label - m->exp_table[i]) * alpha;
  *loss -= label ? m->log_table[i] : m->log_table[EXP_TABLE_SIZE - 1 - i];
  update(work, out, in, (float)g, m->dim);
  return 1;
}

// The positive target `word` and `negative` draws from the table (the word itself skipped), each scored against
// `in`; *r is the stream. Returns the samples scored.
__attribute__((always_inline)) static inline int targets(const Model *m, const float *in, int32_t word, uint32_t *r, double alpha, float *work, double *loss) {
  int samples = 0;
  for (int d = 0; d <= m->negative; d++) {
    int32_t target = word;
    if (d > 0) {
      *r = next(*r);
      target = m->table[(int)((double)*r * m->table_scale)];
      if (target == word) continue;
    }
    samples += score(m, in, target, d == 0, alpha, work, loss);
  }
  return samples;
}

static void sg(const Model *m, State *st, const int32_t *ids, int len, double alpha) {
  int dim = m->dim, window = m->window;
  uint32_t r = st->rng;
  double loss = 0, samples = 0;
  for (int pos = 0; pos < len; pos++) {
    int32_t word = ids[pos];
    r = next(r);
    int reach = window - (int)((r >> 24) % (uint32_t)window); // dynamic window: 1..window on each side
    int lo = pos - reach < 0 ? 0 : pos - reach, hi = pos + reach + 1 > len ? len : pos + reach + 1;
    for (int c = lo; c < hi; c++) {
      if (c == pos) continue;
      float *in = m->syn0 + (int64_t)ids[c] * dim; // the context word's input vector predicts `word`
      zero(st->work, dim);
      samples += targets(m, in, word, &r, alpha, st->work, &loss);
      add_to(in, st->work, dim);
    }
  }
  st->rng = r;
  st->totals[0] += loss;
  st->totals[1] += samples;
}

static void cbow(const Model *m, State *st, const int32_t *ids, int len, double alpha) {
  int dim = m->dim, window = m->window;
  float *neu1 = st->neu1;
  uint32_t r = st->rng;
  double loss = 0, samples = 0;
  for (int pos = 0; pos < len; pos++) {
    int32_t word = ids[pos];
    r = next(r);
    int reach = window - (int)((r >> 24) % (uint32_t)window);
    int lo = pos - reach < 0 ? 0 : pos - reach, hi = pos + reach + 1 > len ? len : pos + reach + 1;
    // neu1 = mean of the context words' input vectors (gensim's cbow_mean=1).
    zero(neu1, dim);
    int count = 0;
    for (int c = lo; c < hi; c++) {
      if (c == pos) continue;
      add_to(neu1, m->syn0 + (int64_t)ids[c] * dim, dim);
      count++;
    }
    if (count == 0) continue;
    float inv = (float)(1.0 / count);
    v128_t iv = wasm_f32x4_splat(inv);
    int k = 0;
    for (; k + 3 < dim; k += 4) wasm_v128_store(neu1 + k, wasm_f32x4_mul(wasm_v128_load(neu1 + k), iv));
    for (; k < dim; k++) neu1[k] *= inv;
    zero(st->work, dim);
    samples += targets(m, neu1, word, &r, alpha, st->work, &loss);
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
