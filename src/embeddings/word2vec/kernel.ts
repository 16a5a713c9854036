// The word2vec inner loops over flat Float32Arrays: one sentence of word ids at a time, skip-gram or
// CBOW with negative sampling, the same arithmetic as word2vec.c and gensim's word2vec_inner (sigmoid
// from a 1000-entry table on [−6, 6], dot products outside it skipped). Written for speed: offsets
// computed once, each update one fused pass over C; sg and cbow each keep their own copy of the sampling
// loop so that nothing sits between it and the arithmetic. Not a driver: learning rate and sentences come from train.ts.

const MAX_EXP = 6;
const EXP_TABLE_SIZE = 1000;
const SCALE = EXP_TABLE_SIZE / MAX_EXP / 2;
/** sigmoid(x) at the table's points, and log sigmoid for the loss. */
const EXP_TABLE = new Float64Array(EXP_TABLE_SIZE);
const LOG_TABLE = new Float64Array(EXP_TABLE_SIZE);
for (let i = 0; i < EXP_TABLE_SIZE; i++) {
  const e = Math.exp(((i / EXP_TABLE_SIZE) * 2 - 1) * MAX_EXP);
  EXP_TABLE[i] = e / (e + 1);
  LOG_TABLE[i] = Math.log(EXP_TABLE[i]);
}

/** The buffers and settings a kernel reads: syn0 (V, C) input vectors, syn1 (V, C) output vectors. */
export interface KernelModel {
  arch: 'sg' | 'cbow';
  dim: number;
  window: number;
  negative: number;
  syn0: Float32Array;
  syn1: Float32Array;
  /** Negative-sampling table (unigramTable). */
  table: Int32Array;
  /** Subsampling thresholds on a uint32 draw (keepThresholds). */
  keep: Float64Array;
  /** (C) scratch: the accumulated input-side error. */
  work: Float32Array;
  /** (C) scratch: CBOW's mean context vector. */
  neu1: Float32Array;
}

/** What a kernel call adds up: [loss sum, samples scored, words trained (after subsampling)]. */
export type KernelTotals = Float64Array;

/**
 * Trains on one sentence of vocabulary ids (`ids[0..len)`, overwritten by subsampling). `rng` holds the
 * xorshift32 state in rng[0]; `totals` accumulates [loss, samples, words]. Returns nothing: the matrices change in place.
 * @example trainSentence(m, ids, n, 0.025, rng, totals);
 */
export function trainSentence(m: KernelModel, ids: Int32Array, len: number, alpha: number, rng: Uint32Array, totals: KernelTotals): void {
  let r = rng[0];
  // Subsampling: keep word w when a uint32 draw is below keep[w].
  const keep = m.keep;
  let n = 0;
  for (let i = 0; i < len; i++) {
    const w = ids[i];
    r ^= r << 13; r ^= r >>> 17; r ^= r << 5;
    if (keep[w] > r >>> 0) ids[n++] = w;
  }
  rng[0] = r;
  if (n > 1) (m.arch === 'sg' ? sg : cbow)(m, ids, n, alpha, rng, totals);
  totals[2] += n;
}

function sg(m: KernelModel, ids: Int32Array, len: number, alpha: number, rng: Uint32Array, totals: KernelTotals): void {
  const { dim, window, negative, syn0, syn1, table, work } = m;
  const tableScale = table.length / 4294967296; // a uint32 draw → a slot, without a float modulo
  let r = rng[0], loss = 0, samples = 0;
  for (let pos = 0; pos < len; pos++) {
    const word = ids[pos];
    r ^= r << 13; r ^= r >>> 17; r ^= r << 5;
    const reach = window - ((r >>> 24) % window); // dynamic window: 1..window on each side
    const lo = pos - reach < 0 ? 0 : pos - reach;
    const hi = pos + reach + 1 > len ? len : pos + reach + 1;
    for (let c = lo; c < hi; c++) {
      if (c === pos) continue;
      const l1 = ids[c] * dim; // the context word's input vector predicts `word`
      for (let k = 0; k < dim; k++) work[k] = 0;
      for (let d = 0; d <= negative; d++) {
        let target = word, label = 1;
        if (d > 0) {
          r ^= r << 13; r ^= r >>> 17; r ^= r << 5;
          target = table[((r >>> 0) * tableScale) | 0];
          if (target === word) continue;
          label = 0;
        }
        const l2 = target * dim;
        let f = dot(syn0, l1, syn1, l2, dim);
        if (f <= -MAX_EXP || f >= MAX_EXP) continue;
        const i = ((f + MAX_EXP) * SCALE) | 0;
        const g = (label - EXP_TABLE[i]) * alpha;
        loss -= label ? LOG_TABLE[i] : LOG_TABLE[EXP_TABLE_SIZE - 1 - i];
        samples++;
        update(work, syn1, l2, syn0, l1, g, dim);
      }
      for (let k = 0; k < dim; k++) syn0[l1 + k] += work[k];
    }
  }
  rng[0] = r;
  totals[0] += loss;
  totals[1] += samples;
}

function cbow(m: KernelModel, ids: Int32Array, len: number, alpha: number, rng: Uint32Array, totals: KernelTotals): void {
  const { dim, window, negative, syn0, syn1, table, work, neu1 } = m;
  const tableScale = table.length / 4294967296; // a uint32 draw → a slot, without a float modulo
  let r = rng[0], loss = 0, samples = 0;
  for (let pos = 0; pos < len; pos++) {
    const word = ids[pos];
    r ^= r << 13; r ^= r >>> 17; r ^= r << 5;
    const reach = window - ((r >>> 24) % window);
    const lo = pos - reach < 0 ? 0 : pos - reach;
    const hi = pos + reach + 1 > len ? len : pos + reach + 1;
    // neu1 = mean of the context words' input vectors (gensim's cbow_mean=1).
    for (let k = 0; k < dim; k++) neu1[k] = 0;
    let count = 0;
    for (let c = lo; c < hi; c++) {
      if (c === pos) continue;
      const l1 = ids[c] * dim;
      for (let k = 0; k < dim; k++) neu1[k] += syn0[l1 + k];
      count++;
    }
    if (count === 0) continue;
    const inv = 1 / count;
    for (let k = 0; k < dim; k++) {
      neu1[k] *= inv;
      work[k] = 0;
    }
    for (let d = 0; d <= negative; d++) {
      let target = word, label = 1;
      if (d > 0) {
        r ^= r << 13; r ^= r >>> 17; r ^= r << 5;
        target = table[((r >>> 0) * tableScale) | 0];
        if (target === word) continue;
        label = 0;
      }
      const l2 = target * dim;
      let f = 0;
      for (let k = 0; k < dim; k++) f += neu1[k] * syn1[l2 + k];
      if (f <= -MAX_EXP || f >= MAX_EXP) continue;
      const i = ((f + MAX_EXP) * SCALE) | 0;
      const g = (label - EXP_TABLE[i]) * alpha;
      loss -= label ? LOG_TABLE[i] : LOG_TABLE[EXP_TABLE_SIZE - 1 - i];
      samples++;
      for (let k = 0; k < dim; k++) {
        const o = syn1[l2 + k];
        work[k] += g * o;
        syn1[l2 + k] = o + g * neu1[k];
      }
    }
    // Every context word takes the whole error (as in gensim and word2vec.c).
    for (let c = lo; c < hi; c++) {
      if (c === pos) continue;
      const l1 = ids[c] * dim;
      for (let k = 0; k < dim; k++) syn0[l1 + k] += work[k];
    }
  }
  rng[0] = r;
  totals[0] += loss;
  totals[1] += samples;
}

/** Σ a[i + k]·b[j + k] over k < n, four at a time. */
function dot(a: Float32Array, i: number, b: Float32Array, j: number, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, k = 0;
  for (; k + 3 < n; k += 4) {
    s0 += a[i + k] * b[j + k];
    s1 += a[i + k + 1] * b[j + k + 1];
    s2 += a[i + k + 2] * b[j + k + 2];
    s3 += a[i + k + 3] * b[j + k + 3];
  }
  for (; k < n; k++) s0 += a[i + k] * b[j + k];
  return s0 + s1 + s2 + s3;
}

/** work += g·out[o..o+n); out[o..o+n) += g·inp[p..p+n): one output vector's update, fused. */
function update(work: Float32Array, out: Float32Array, o: number, inp: Float32Array, p: number, g: number, n: number): void {
  let k = 0;
  for (; k + 3 < n; k += 4) {
    const a = out[o + k], b = out[o + k + 1], c = out[o + k + 2], d = out[o + k + 3];
    work[k] += g * a; work[k + 1] += g * b; work[k + 2] += g * c; work[k + 3] += g * d;
    out[o + k] = a + g * inp[p + k]; out[o + k + 1] = b + g * inp[p + k + 1];
    out[o + k + 2] = c + g * inp[p + k + 2]; out[o + k + 3] = d + g * inp[p + k + 3];
  }
  for (; k < n; k++) {
    const a = out[o + k];
    work[k] += g * a;
    out[o + k] = a + g * inp[p + k];
  }
}
