// Order-blindness: the same words in two orders. Without positional encodings self-attention is
// permutation-equivariant — each word's contextual vector is identical in both orders; with sinusoidal
// positions added they differ. Compares word by word (the k-th "the" with the k-th "the").
import { AttnError } from '../errors.js';
import type { WordVectors } from '../embeddings/word-vectors.js';
import { contextualize, type ContextualizeOptions } from './sentence.js';
import { cosine, row } from './_vector-math.js';

export interface OrderWord {
  word: string;
  /** Position in sentence 1 and in sentence 2. */
  positions: [number, number];
  /** cosine between the word's contextual vectors in the two orders. */
  cosine: number;
  /** max |difference| over components. */
  maxAbsDiff: number;
}

export interface OrderComparison {
  positions: 'none' | 'sinusoidal';
  words: OrderWord[];
  /** True when every word's contextual vector is the same (to 1e-6) in both orders. */
  identical: boolean;
  maxAbsDiff: number;
}

export interface OrderResult {
  tokens: [string[], string[]];
  withoutPositions: OrderComparison;
  withPositions: OrderComparison;
}

/** Pair the k-th occurrence of each word in `a` with the k-th in `b`. */
function matchOccurrences(a: readonly string[], b: readonly string[]): [number, number][] {
  const sortedA = [...a].sort().join('\u0000'), sortedB = [...b].sort().join('\u0000');
  if (sortedA !== sortedB) {
    throw new AttnError('E_INPUT', `order: the two sentences must hold the same words in another order ("${a.join(' ')}" vs "${b.join(' ')}")`);
  }
  const seen = new Map<string, number>();
  return a.map((w, i) => {
    const k = seen.get(w) ?? 0;
    seen.set(w, k + 1);
    let j = -1;
    for (let n = 0; n <= k; n++) j = b.indexOf(w, j + 1);
    return [i, j];
  });
}

async function compare(wv: WordVectors, a: readonly string[], b: readonly string[], pairs: [number, number][], opts: ContextualizeOptions, positions: 'none' | 'sinusoidal'): Promise<OrderComparison> {
  const ya = await (await contextualize(wv, a, { ...opts, positions })).attention.outputs.data();
  const yb = await (await contextualize(wv, b, { ...opts, positions })).attention.outputs.data();
  const words = pairs.map(([i, j]) => {
    const u = row(ya, i, wv.dim), v = row(yb, j, wv.dim);
    let d = 0;
    for (let c = 0; c < u.length; c++) d = Math.max(d, Math.abs(u[c] - v[c]));
    return { word: a[i], positions: [i, j] as [number, number], cosine: cosine(u, v), maxAbsDiff: d };
  });
  const maxAbsDiff = Math.max(0, ...words.map((w) => w.maxAbsDiff));
  return { positions, words, identical: maxAbsDiff <= 1e-6, maxAbsDiff };
}

/**
 * The same words in two orders, with and without sinusoidal positions.
 * @example (await order(wv, ['dog', 'bites', 'man'], ['man', 'bites', 'dog'])).withoutPositions.identical // true
 */
export async function order(wv: WordVectors, tokens1: readonly string[], tokens2: readonly string[], opts: ContextualizeOptions = {}): Promise<OrderResult> {
  if (tokens1.length === 0) throw new AttnError('E_INPUT', 'order: the sentences have no words');
  const pairs = matchOccurrences(tokens1, tokens2);
  return {
    tokens: [[...tokens1], [...tokens2]],
    withoutPositions: await compare(wv, tokens1, tokens2, pairs, opts, 'none'),
    withPositions: await compare(wv, tokens1, tokens2, pairs, opts, 'sinusoidal'),
  };
}
