// The word2vec inner loops over flat Float32Arrays: one sentence of word ids at a time, skip-gram or
// CBOW with negative sampling, the same arithmetic as word2vec.c and gensim's word2vec_inner (sigmoid
// from a 1000-entry table on [−6, 6], dot products outside it skipped). Written for speed: offsets
// computed once, each update one fused pass over C; sg and cbow each keep their own copy of the sampling
// loop so that nothing sits between it and the arithmetic. Every vector operation rounds to float32 as it
// goes (Math.fround), in the lane order of the wasm SIMD kernel (src/backends/wasm/kernels/word2vec.c), so
// the two give bit-identical vectors. Not a driver: learning rate and sentences come from train.ts.

import type { WasmWord2vec } from './wasm-kernel.js';

const MAX_EXP = 6;
const EXP_TABLE_SIZE = 1000;
const SCALE = EXP_TABLE_SIZE / MAX_EXP / 2;
/** sigmoid(x) at the table's points, and log sigmoid for the loss. */
export const EXP_TABLE = new Float64Array(EXP_TABLE_SIZE);
export const LOG_TABLE = new Float64Array(EXP_TABLE_SIZE);
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
  /** Set when the arrays above live in wasm memory and the wasm kernel trains them (wasm-kernel.ts). */
  wasm?: WasmWord2vec;
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
        const g = Math.fround((label - EXP_TABLE[i]) * alpha);
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
    const inv = Math.fround(1 / count);
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
      const f = dot(neu1, 0, syn1, l2, dim);
      if (f <= -MAX_EXP || f >= MAX_EXP) continue;
      const i = ((f + MAX_EXP) * SCALE) | 0;
      const g = Math.fround((label - EXP_TABLE[i]) * alpha);
      loss -= label ? LOG_TABLE[i] : LOG_TABLE[EXP_TABLE_SIZE - 1 - i];
      samples++;
      update(work, syn1, l2, neu1, 0, g, dim);
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

const fr = Math.fround;

const acc = new Float32Array(16); // dot's 16 lanes; a Float32Array rounds every sum to float32

/** Σ a[i + k]·b[j + k] over k < n in float32, in the order of the wasm kernel's four f32x4 accumulators:
 *  lane m sums k ≡ m (mod 16), the 4-wide remainder goes to lanes 0..3, lanes are folded as
 *  (m + (m + 4)) + ((m + 8) + (m + 12)), the scalar tail goes to lane 0, then ((l0 + l1) + l2) + l3. */
function dot(a: Float32Array, i: number, b: Float32Array, j: number, n: number): number {
  acc.fill(0);
  let k = 0;
  for (; k + 15 < n; k += 16) for (let m = 0; m < 16; m++) acc[m] += fr(a[i + k + m] * b[j + k + m]);
  for (; k + 3 < n; k += 4) for (let m = 0; m < 4; m++) acc[m] += fr(a[i + k + m] * b[j + k + m]);
  for (let m = 0; m < 4; m++) acc[m] = fr(acc[m] + acc[m + 4]) + fr(acc[m + 8] + acc[m + 12]);
  let l0 = acc[0];
  for (; k < n; k++) l0 = fr(l0 + fr(a[i + k] * b[j + k]));
  return fr(fr(fr(l0 + acc[1]) + acc[2]) + acc[3]);
}

/** work += g·out[o..o+n); out[o..o+n) += g·inp[p..p+n): one output vector's update, fused. `g` is a float32
 *  value; each product is rounded before the sum (stores into a Float32Array round the sum). */
function update(work: Float32Array, out: Float32Array, o: number, inp: Float32Array, p: number, g: number, n: number): void {
  let k = 0;
  for (; k + 3 < n; k += 4) {
    const a = out[o + k], b = out[o + k + 1], c = out[o + k + 2], d = out[o + k + 3];
    work[k] += fr(g * a); work[k + 1] += fr(g * b); work[k + 2] += fr(g * c); work[k + 3] += fr(g * d);
    out[o + k] = a + fr(g * inp[p + k]); out[o + k + 1] = b + fr(g * inp[p + k + 1]);
    out[o + k + 2] = c + fr(g * inp[p + k + 2]); out[o + k + 3] = d + fr(g * inp[p + k + 3]);
  }
  for (; k < n; k++) {
    const a = out[o + k];
    work[k] += fr(g * a);
    out[o + k] = a + fr(g * inp[p + k]);
  }
}
