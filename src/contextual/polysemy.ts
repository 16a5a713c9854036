// The polysemy demonstration: one word in two sentences. Its static vector is the same in both
// (cosine exactly 1); self-attention mixes in each context, so the contextual vectors differ.
// Reports the cosines, each contextual vector's nearest words, and how far it moved toward each context word.
import { AttnError } from '../errors.js';
import type { WordVectors } from '../embeddings/word-vectors.js';
import type { Neighbour } from '../embeddings/similarity.js';
import { contextualize, type ContextualizeOptions } from './sentence.js';
import { cosine, row } from './_vector-math.js';

export interface Movement {
  /** A context word of the sentence. */
  word: string;
  /** cosine(static target, static context word) */
  before: number;
  /** cosine(contextual target, static context word) */
  after: number;
  /** after − before: > 0 means the target moved toward this word. */
  delta: number;
  /** cosine(this sentence's contextual target, word) − cosine(the other sentence's, word):
   *  how much closer to this word the target is here than in the other sentence. */
  versusOther: number;
}

export interface PolysemySentence {
  tokens: string[];
  /** Position of the target word in `tokens` (its first occurrence). */
  index: number;
  /** (T, T) attention weights, rows = query words. */
  weights: number[][];
  /** The target's contextual vector (C values). */
  vector: number[];
  /** Nearest vocabulary words of the contextual vector (the target itself excluded). */
  neighbours: Neighbour[];
  /** How the target moved toward each other word of its sentence. */
  movements: Movement[];
}

export interface PolysemyResult {
  word: string;
  static: { cosine: number };
  contextual: { cosine: number };
  sentences: [PolysemySentence, PolysemySentence];
}

/**
 * Compare one word's static and contextual vectors across two sentences.
 * @example await polysemy(wv, 'bank', tokenize('He deposited money in the bank'), tokenize('He sat on the river bank'))
 */
export async function polysemy(wv: WordVectors, word: string, tokens1: readonly string[], tokens2: readonly string[], opts: ContextualizeOptions & { topk?: number } = {}): Promise<PolysemyResult> {
  const topk = opts.topk ?? 5;
  const staticVec = wv.vector(word);
  const one = async (tokens: readonly string[], which: number): Promise<PolysemySentence> => {
    const index = tokens.indexOf(word);
    if (index < 0) throw new AttnError('E_INPUT', `polysemy: "${word}" does not occur in sentence ${which} (${tokens.join(' ')})`);
    const s = await contextualize(wv, tokens, opts);
    const [outputs, weights] = await Promise.all([s.attention.outputs.data(), s.attention.weights.array()]);
    const vec = row(outputs, index, wv.dim);
    const movements = tokens
      .filter((t, j) => j !== index && t !== word)
      .filter((t, j, arr) => arr.indexOf(t) === j)
      .map((t) => {
        const before = cosine(staticVec, wv.vector(t));
        const after = cosine(vec, wv.vector(t));
        return { word: t, before, after, delta: after - before, versusOther: 0 };
      });
    return {
      tokens: [...tokens],
      index,
      weights: weights as number[][],
      vector: Array.from(vec),
      neighbours: wv.mostSimilar({ positive: [vec], topk: topk + 1 }).filter((n) => n.word !== word).slice(0, topk),
      movements,
    };
  };
  const a = await one(tokens1, 1), b = await one(tokens2, 2);
  for (const [s, other] of [[a, b], [b, a]] as const) {
    for (const m of s.movements) m.versusOther = m.after - cosine(other.vector, wv.vector(m.word));
  }
  return {
    word,
    static: { cosine: cosine(staticVec, staticVec) },
    contextual: { cosine: cosine(a.vector, b.vector) },
    sentences: [a, b],
  };
}
