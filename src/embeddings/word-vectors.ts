// WordVectors: a vocabulary in frequency order and its (V, C) row-major float32 matrix, validated on
// construction (finite values, consistent sizes, unique words), with a lazily cached unit-normalised
// copy and gensim-style query methods that delegate to similarity.ts and the evaluate-*.ts files.
// Not a file reader (see the *-format.ts parsers) and not mutable: treat `vectors` as read-only.
import { AttnError } from '../errors.js';
import { unknownWordsError } from './suggest.js';
import { similarity, mostSimilar, analogy } from './similarity.js';
import type { SimilarityMetric, MostSimilarOptions, AnalogyOptions, Neighbour, AnalogyNeighbour } from './similarity.js';
import { evaluateWordPairs } from './evaluate-pairs.js';
import type { WordPairsOptions, WordPairsResult, WordPairRow } from './evaluate-pairs.js';
import { evaluateAnalogies } from './evaluate-analogies.js';
import type { AnalogiesOptions, AnalogiesResult } from './evaluate-analogies.js';

/**
 * Static word embeddings: `words[i]` owns row i of `vectors` (V × C, row-major).
 * @example
 * const wv = new WordVectors(['king', 'queen'], new Float32Array([1, 0, 0.8, 0.6]), 2);
 * wv.similarity('king', 'queen'); // 0.8
 */
export class WordVectors {
  /** The vocabulary, most frequent first (V words). */
  readonly words: string[];
  /** C, the number of components per vector. */
  readonly dim: number;
  /** (V, C) row-major. */
  readonly vectors: Float32Array;
  /** word → row. */
  readonly index: Map<string, number>;
  private unitCache: Float32Array | undefined;
  private normCache: Float32Array | undefined;
  private invNormCache: Float64Array | undefined;

  /**
   * @param words the vocabulary, unique, non-empty strings
   * @param vectors (words.length × dim) finite values, row-major
   * @param dim C
   * @param index a prebuilt word → row map for `words` (parsers pass theirs to skip rebuilding it)
   */
  constructor(words: string[], vectors: Float32Array, dim: number, index?: Map<string, number>) {
    if (!Number.isInteger(dim) || dim < 1) throw new AttnError('E_INPUT', `WordVectors: dim must be a positive integer, got ${dim}`);
    if (vectors.length !== words.length * dim) {
      throw new AttnError('E_SHAPE', `WordVectors: ${words.length} words × ${dim} dims needs ${words.length * dim} values, got ${vectors.length}`);
    }
    index ??= buildIndex(words);
    if (index.size !== words.length) throw new AttnError('E_INPUT', `WordVectors: index has ${index.size} entries for ${words.length} words`);
    checkFinite(words, vectors, dim);
    this.words = words;
    this.dim = dim;
    this.vectors = vectors;
    this.index = index;
  }

  /** V, the vocabulary size. */
  get size(): number {
    return this.words.length;
  }

  /** @example wv.has('bank') // true */
  has(word: string): boolean {
    return this.index.has(word);
  }

  /** The row of `word`, or −1. @example wv.indexOf('the') // 0 */
  indexOf(word: string): number {
    return this.index.get(word) ?? -1;
  }

  /**
   * The vector of `word`, a view into `vectors` (copy it before changing it).
   * Throws E_UNKNOWN_WORD naming the word, with close vocabulary words in `details.suggestions`.
   * @example wv.vector('king').length === wv.dim
   */
  vector(word: string): Float32Array {
    const i = this.index.get(word);
    if (i === undefined) throw unknownWordsError(this, [word], 'vector');
    return this.vectors.subarray(i * this.dim, (i + 1) * this.dim);
  }

  /** L2 norms of the rows (V), computed once. @example wv.norms()[wv.indexOf('the')] */
  norms(): Float32Array {
    if (!this.normCache) {
      const { vectors, dim } = this;
      const norms = new Float32Array(this.size);
      for (let i = 0, o = 0; i < norms.length; i++, o += dim) {
        let s = 0;
        for (let c = 0; c < dim; c++) s += vectors[o + c] * vectors[o + c];
        norms[i] = Math.sqrt(s);
      }
      this.normCache = norms;
    }
    return this.normCache;
  }

  /**
   * 1 / norm of each row (V; 0 for an all-zero row, so its cosines are 0), computed once.
   * @example const cos = dot(row i, q̂) * wv.inverseNorms()[i];
   */
  inverseNorms(): Float64Array {
    if (!this.invNormCache) {
      const norms = this.norms();
      this.invNormCache = new Float64Array(norms.length);
      for (let i = 0; i < norms.length; i++) this.invNormCache[i] = norms[i] > 0 ? 1 / norms[i] : 0;
    }
    return this.invNormCache;
  }

  /** Row i divided by its norm, as float64 (C). @example wv.unitRow(wv.indexOf('king')) */
  unitRow(i: number): Float64Array {
    const inv = this.inverseNorms()[i];
    const out = new Float64Array(this.dim);
    for (let c = 0; c < this.dim; c++) out[c] = this.vectors[i * this.dim + c] * inv;
    return out;
  }

  /**
   * The rows divided by their norms (V × C), computed once and cached; an all-zero row stays zero.
   * The queries do not need it (they divide dot products by the norms), so it costs memory only when asked for.
   * @example const unit = wv.unitVectors(); // cosine(i, j) = Σ unit[i·C + c] · unit[j·C + c]
   */
  unitVectors(): Float32Array {
    if (!this.unitCache) {
      const { vectors, dim } = this;
      const inv = this.inverseNorms();
      const unit = new Float32Array(vectors.length);
      for (let i = 0, o = 0; i < inv.length; i++, o += dim) {
        for (let c = 0; c < dim; c++) unit[o + c] = vectors[o + c] * inv[i];
      }
      this.unitCache = unit;
    }
    return this.unitCache;
  }

  /**
   * The first `n` words (the most frequent), sharing this object's memory.
   * @example const top = wv.head(50000);
   */
  head(n: number): WordVectors {
    if (!Number.isInteger(n) || n < 1) throw new AttnError('E_INPUT', `head: n must be a positive integer, got ${n}`);
    if (n >= this.size) return this;
    const words = this.words.slice(0, n);
    const index = new Map<string, number>();
    for (let i = 0; i < n; i++) index.set(words[i], i);
    return new WordVectors(words, this.vectors.subarray(0, n * this.dim), this.dim, index);
  }

  /** Cosine (default) or dot product of two words' vectors. @example wv.similarity('king', 'queen') */
  similarity(a: string, b: string, metric: SimilarityMetric = 'cosine'): number {
    return similarity(this, a, b, metric);
  }

  /** gensim's most_similar. @example wv.mostSimilar({ positive: ['king'], topk: 5 }) */
  mostSimilar(options: MostSimilarOptions): Neighbour[] {
    return mostSimilar(this, options);
  }

  /** a is to b as c is to ?. @example wv.analogy('man', 'king', 'woman')[0].word // 'queen' */
  analogy(a: string, b: string, c: string, options?: AnalogyOptions): AnalogyNeighbour[] {
    return analogy(this, a, b, c, options);
  }

  /** gensim's evaluate_word_pairs. @example wv.evaluateWordPairs('tiger,cat,7.35\nsun,moon,5\n') */
  evaluateWordPairs(pairs: string | WordPairRow[], options?: WordPairsOptions): WordPairsResult {
    return evaluateWordPairs(this, pairs, options);
  }

  /** gensim's evaluate_word_analogies. @example wv.evaluateAnalogies(': family\nboy girl man woman\n') */
  evaluateAnalogies(text: string, options?: AnalogiesOptions): AnalogiesResult {
    return evaluateAnalogies(this, text, options);
  }
}

/** word → row; throws on an empty or repeated word. */
function buildIndex(words: string[]): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (typeof w !== 'string' || w.length === 0) throw new AttnError('E_INPUT', `WordVectors: word #${i + 1} is empty`);
    index.set(w, i);
    if (index.size === i) throw new AttnError('E_INPUT', `WordVectors: duplicate word "${w}" (#${words.indexOf(w) + 1} and #${i + 1})`);
  }
  return index;
}

/** Throws naming the first NaN or ±Infinity. The fast pass sums x·0, which is NaN only if some x is not finite. */
function checkFinite(words: string[], vectors: Float32Array, dim: number): void {
  let probe = 0;
  for (let j = 0; j < vectors.length; j++) probe += vectors[j] * 0;
  if (probe === 0) return;
  for (let j = 0; j < vectors.length; j++) {
    const v = vectors[j];
    if (v - v !== 0) {
      throw new AttnError('E_INPUT', `WordVectors: "${words[Math.floor(j / dim)]}" has a non-finite value (${v}) at component ${(j % dim) + 1}`);
    }
  }
}
