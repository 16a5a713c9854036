// Queries with gensim 4.2 KeyedVectors semantics: similarity (cosine or dot), mostSimilar (weighted
// mean of unit vectors, +1 positive / −1 negative, normalised, scored as cosines against the rows of
// the first restrictVocab words, query words excluded) and analogies by 3CosAdd or 3CosMul (Levy &
// Goldberg 2014, cosines shifted to [0, 1], ε = 1e-6). Not an approximate index: every row is scored.
import { AttnError } from '../errors.js';
import type { WordVectors } from './word-vectors.js';
import { unknownWordsError } from './suggest.js';
import { dotRows } from './_dot-rows.js';
import { TopK } from './_top-k.js';
import { topCosines } from './_backend-search.js';

export type SimilarityMetric = 'cosine' | 'dot';

/** A neighbour and its cosine similarity to the query. */
export interface Neighbour {
  word: string;
  cosine: number;
}

/** An analogy answer: `score` ranks (3CosAdd: the cosine; 3CosMul: the product ratio); `cosine` is to b − a + c. */
export interface AnalogyNeighbour extends Neighbour {
  score: number;
}

/** A word, or a raw vector of length C (used as is, like gensim's ndarray keys). */
export type QueryTerm = string | ArrayLike<number>;

export interface MostSimilarOptions {
  positive?: QueryTerm[];
  negative?: QueryTerm[];
  /** How many neighbours (default 10; 0 gives []). */
  topk?: number;
  /** Search only the first N (most frequent) words (default: all). */
  restrictVocab?: number;
}

export interface AnalogyOptions {
  /** '3cosadd' (default; gensim most_similar) or '3cosmul' (gensim most_similar_cosmul). */
  method?: '3cosadd' | '3cosmul';
  topk?: number;
  restrictVocab?: number;
}

/** 3CosMul's ε: keeps the ratio finite when the negative word's shifted cosine is 0. */
export const COSMUL_EPSILON = 1e-6;

/**
 * Cosine similarity (default) or dot product of two words; a cosine with an all-zero vector is 0.
 * @example similarity(wv, 'king', 'queen'); // 0.7508 on GloVe 100d
 */
export function similarity(wv: WordVectors, a: string, b: string, metric: SimilarityMetric = 'cosine'): number {
  if (metric !== 'cosine' && metric !== 'dot') throw new AttnError('E_INPUT', `similarity: metric must be 'cosine' or 'dot', got '${metric}'`);
  const [ia, ib] = lookup(wv, [a, b], 'similarity');
  const dot = rowDot(wv, ia, ib);
  return metric === 'dot' ? dot : dot * wv.inverseNorms()[ia] * wv.inverseNorms()[ib];
}

/**
 * The words nearest to the mean of the (unit) positive vectors minus the negative ones, best first.
 * @example mostSimilar(wv, { positive: ['king'], topk: 5 }); // [{ word: 'prince', cosine: 0.768 }, ...]
 */
export function mostSimilar(wv: WordVectors, options: MostSimilarOptions): Neighbour[] {
  const { positive = [], negative = [] } = options;
  const topk = checkTopk(options.topk, 'mostSimilar');
  const end = restrictEnd(wv, options.restrictVocab, 'mostSimilar');
  if (positive.length + negative.length === 0) throw new AttnError('E_INPUT', 'mostSimilar: give at least one positive or negative word');
  const terms = [...positive.map((t) => [t, 1] as const), ...negative.map((t) => [t, -1] as const)];
  const unknown = terms.flatMap(([t]) => (typeof t === 'string' && !wv.has(t) ? [t] : []));
  if (unknown.length) throw unknownWordsError(wv, unknown, 'mostSimilar');
  if (topk === 0) return [];

  // query = unit(mean of weight · term), where a word's term is its unit vector.  (C)
  const C = wv.dim;
  const q = new Float64Array(C);
  const exclude = new Set<number>();
  for (const [t, weight] of terms) {
    if (typeof t === 'string') {
      const i = wv.indexOf(t);
      exclude.add(i);
      const u = wv.unitRow(i);
      for (let c = 0; c < C; c++) q[c] += weight * u[c];
    } else {
      if (t.length !== C) throw new AttnError('E_SHAPE', `mostSimilar: a query vector has ${t.length} components, the vectors have ${C}`);
      for (let c = 0; c < C; c++) q[c] += weight * t[c];
    }
  }
  normalise(q, 'mostSimilar');

  // On a fast backend (wasm): SIMD and threads, the same answer (see _backend-search.ts); else the host loop.
  const top = topCosines(wv, q, end, topk, exclude) ?? hostTopCosines(wv, q, end, topk, exclude);
  return top.sorted().map(({ index, score }) => ({ word: wv.words[index], cosine: Math.fround(score) }));
}

/** The host loop: every row's dot product in float64, ÷ its norm, into a top-k heap. */
function hostTopCosines(wv: WordVectors, q: Float64Array, end: number, topk: number, exclude: Set<number>): TopK {
  const scores = new Float32Array(end); // (V') dot products with the raw rows; ÷ norm gives the cosine
  dotRows(wv.vectors, wv.dim, 0, end, q, 1, scores, end);
  const inv = wv.inverseNorms();
  const top = new TopK(topk);
  for (let i = 0; i < end; i++) {
    const s = scores[i] * inv[i];
    if (s >= top.threshold && !exclude.has(i)) top.push(s, i);
  }
  return top;
}

/**
 * a is to b as c is to ?: 3CosAdd ranks by cos(x, b − a + c); 3CosMul by
 * cos'(x,b)·cos'(x,c) / (cos'(x,a) + ε) with cos' = (1 + cos)/2. The three words are excluded.
 * @example analogy(wv, 'man', 'king', 'woman')[0].word; // 'queen'
 */
export function analogy(wv: WordVectors, a: string, b: string, c: string, options: AnalogyOptions = {}): AnalogyNeighbour[] {
  const { method = '3cosadd' } = options;
  if (method === '3cosadd') {
    return mostSimilar(wv, { positive: [b, c], negative: [a], topk: options.topk, restrictVocab: options.restrictVocab })
      .map((n) => ({ ...n, score: n.cosine }));
  }
  if (method !== '3cosmul') throw new AttnError('E_INPUT', `analogy: method must be '3cosadd' or '3cosmul', got '${method}'`);
  const topk = checkTopk(options.topk, 'analogy');
  const end = restrictEnd(wv, options.restrictVocab, 'analogy');
  const ids = lookup(wv, [a, b, c], 'analogy');
  const C = wv.dim;
  const Q = new Float64Array(3 * C); // (3, C): unit a, b, c
  for (let k = 0; k < 3; k++) Q.set(wv.unitRow(ids[k]), k * C);
  const cos = new Float32Array(3 * end); // (3, V'): cosines to a, b, c
  dotRows(wv.vectors, C, 0, end, Q, 3, cos, end);
  const inv = wv.inverseNorms();
  for (let k = 0; k < 3; k++) for (let i = 0; i < end; i++) cos[k * end + i] *= inv[i];
  // |b − a + c| turns the summed cosines into the cosine to that offset vector.
  let t2 = 0;
  for (let j = 0; j < C; j++) t2 += (Q[C + j] - Q[j] + Q[2 * C + j]) ** 2;
  const tNorm = Math.sqrt(t2) || 1;
  const top = new TopK(topk);
  for (let i = 0; i < end; i++) {
    const s = (((1 + cos[end + i]) / 2) * ((1 + cos[2 * end + i]) / 2)) / ((1 + cos[i]) / 2 + COSMUL_EPSILON);
    if (s >= top.threshold && i !== ids[0] && i !== ids[1] && i !== ids[2]) top.push(s, i);
  }
  return top.sorted().map(({ index, score }) => ({
    word: wv.words[index],
    score,
    cosine: (cos[end + index] + cos[2 * end + index] - cos[index]) / tNorm,
  }));
}

/** The dot product of rows i and j, in float64. */
export function rowDot(wv: WordVectors, i: number, j: number): number {
  const { vectors: v, dim: C } = wv;
  let s = 0;
  for (let c = 0; c < C; c++) s += v[i * C + c] * v[j * C + c];
  return s;
}

/** Rows of `words`, or E_UNKNOWN_WORD naming every missing one. */
function lookup(wv: WordVectors, words: string[], operation: string): number[] {
  const missing = words.filter((w) => !wv.has(w));
  if (missing.length) throw unknownWordsError(wv, missing, operation);
  return words.map((w) => wv.indexOf(w));
}

function checkTopk(topk: number | undefined, operation: string): number {
  if (topk === undefined) return 10;
  if (!Number.isInteger(topk) || topk < 0) throw new AttnError('E_INPUT', `${operation}: topk must be a non-negative integer, got ${topk}`);
  return topk;
}

/** The end of the searched rows: min(restrictVocab, V). */
export function restrictEnd(wv: WordVectors, restrictVocab: number | undefined, operation: string): number {
  if (restrictVocab === undefined) return wv.size;
  if (!Number.isInteger(restrictVocab) || restrictVocab < 1) {
    throw new AttnError('E_INPUT', `${operation}: restrictVocab must be a positive integer, got ${restrictVocab}`);
  }
  return Math.min(restrictVocab, wv.size);
}

function normalise(q: Float64Array, operation: string): void {
  let s = 0;
  for (let c = 0; c < q.length; c++) s += q[c] * q[c];
  if (!(s > 0) || !Number.isFinite(s)) throw new AttnError('E_INPUT', `${operation}: the query vector is zero or not finite (do the positive and negative words cancel out?)`);
  const inv = 1 / Math.sqrt(s);
  for (let c = 0; c < q.length; c++) q[c] *= inv;
}
