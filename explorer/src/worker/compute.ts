// What the static, attention and contextual views draw, computed with the library's public API
// (contextualize → selfAttention, explainAttentionRows, mostSimilar) on the words' GloVe vectors.
// Not drawing code: plain numbers out, the page renders them.
import { contextualize, explainAttentionRows, type WordVectors, type Neighbour } from 'attnlab';
import type { AttentionData, ContextualData, Positions, StaticData } from '../protocol';
import { analyseSentence } from './sentence';
import { pca2 } from './pca';

/**
 * Lists of neighbours for every word of a sentence search the 10,000 most frequent words: 30 words
 * against all 50,000 take ~300 ms in this single-query loop, against 10,000 they fit the 100 ms budget.
 * Single queries (one row's output, the polysemy word, a pair) search the whole vocabulary.
 */
export const NEIGHBOUR_VOCAB = 10_000;
const staticNeighbours = new Map<string, Neighbour[]>();

/** The k nearest vocabulary words of a vector, leaving out `exclude`. */
export function nearest(wv: WordVectors, vector: ArrayLike<number>, exclude: readonly string[], k = 6, restrictVocab = NEIGHBOUR_VOCAB): Neighbour[] {
  const skip = new Set(exclude);
  return wv.mostSimilar({ positive: [vector], topk: k + skip.size, restrictVocab })
    .filter((n) => !skip.has(n.word))
    .slice(0, k);
}

export function computeStatic(wv: WordVectors, text: string): StaticData {
  const sentence = analyseSentence(wv, text);
  const { words } = sentence, T = words.length;
  const neighbours = words.map((w) => {
    let n = staticNeighbours.get(w);
    if (!n) staticNeighbours.set(w, (n = wv.mostSimilar({ positive: [w], topk: 6, restrictVocab: NEIGHBOUR_VOCAB })));
    return n;
  });
  const cosines = new Float32Array(T * T); // (T, T)
  for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) cosines[i * T + j] = wv.similarity(words[i], words[j]);
  return { sentence, neighbours, cosines };
}

/** Self-attention over the sentence's known words, with everything the heatmap and the step panel show. */
export async function computeAttention(wv: WordVectors, text: string, scale: boolean, positions: Positions): Promise<AttentionData> {
  const sentence = analyseSentence(wv, text);
  const { words } = sentence, T = words.length, C = wv.dim;
  const empty = new Float32Array(0);
  if (T === 0) {
    return { sentence, T, C, scale, positions, divisor: 1, dots: empty, scores: empty, weights: empty, contribution: empty,
      outNorms: empty, inNorms: empty, inputs: empty, outputs: empty, formulas: [] };
  }
  const s = await contextualize(wv, words, { scale, positions });
  const res = s.attention;
  // One forward and one read of each matrix: every row's terms and formula come from one call, not one call (and
  // one read of the whole (T, T) weights) per row.
  const rows = await explainAttentionRows(words, res);
  const X = (await s.input.data()) as Float32Array, Y = (await res.outputs.data()) as Float32Array; // (T, C) each
  const dots = new Float32Array(T * T), contribution = new Float32Array(T * T); // (T, T) each
  const outNorms = new Float32Array(T), inNorms = new Float32Array(T);
  for (let i = 0; i < T; i++) {
    outNorms[i] = norm(Y, i * C, C);
    inNorms[i] = norm(X, i * C, C);
  }
  for (const ex of rows) {
    const i = ex.index;
    for (const t of ex.terms) {
      dots[i * T + t.index] = t.dot;
      // Projection of the term w_ij·x_j on the direction of y_i: the terms' shares of |y_i|.
      contribution[i * T + t.index] = outNorms[i] > 0 ? (t.weight * dot(X, t.index * C, Y, i * C, C)) / outNorms[i] : 0;
    }
  }
  return { sentence, T, C, scale, positions, divisor: res.divisor, dots, scores: (await res.scores.data()) as Float32Array,
    weights: (await res.weights.data()) as Float32Array, contribution, outNorms, inNorms,
    inputs: X, outputs: Y, formulas: rows.map((ex) => ex.formula) };
}

export async function computeContextual(wv: WordVectors, text: string, scale: boolean, positions: Positions): Promise<ContextualData> {
  const attention = await computeAttention(wv, text, scale, positions);
  const { T, C } = attention, words = attention.sentence.words;
  const empty = new Float32Array(0);
  if (T === 0) return { attention, staticXY: empty, contextXY: empty, explained: [0, 0], selfCosine: empty, neighbours: [], restrictVocab: NEIGHBOUR_VOCAB };
  const Y = attention.outputs; // (T, C) contextual y_i
  const both = new Float32Array(2 * T * C); // (2T, C): the static e_i, then the y_i
  words.forEach((w, i) => both.set(wv.vector(w), i * C));
  both.set(Y, T * C);
  const { xy, explained } = pca2(both, 2 * T, C);
  const selfCosine = new Float32Array(T);
  const neighbours: Neighbour[][] = [];
  for (let i = 0; i < T; i++) {
    selfCosine[i] = dot(both, i * C, Y, i * C, C) / (norm(both, i * C, C) * norm(Y, i * C, C) || 1);
    neighbours.push(nearest(wv, Y.subarray(i * C, (i + 1) * C), [words[i]]));
  }
  return { attention, staticXY: xy.slice(0, 2 * T), contextXY: xy.slice(2 * T), explained, selfCosine, neighbours, restrictVocab: NEIGHBOUR_VOCAB };
}

export function norm(a: ArrayLike<number>, o: number, C: number): number {
  return Math.sqrt(dot(a, o, a, o, C));
}
export function dot(a: ArrayLike<number>, oa: number, b: ArrayLike<number>, ob: number, C: number): number {
  let s = 0;
  for (let c = 0; c < C; c++) s += a[oa + c] * b[ob + c];
  return s;
}
