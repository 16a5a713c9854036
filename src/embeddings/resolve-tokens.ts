// Tokens → rows and vectors, with a documented policy for words missing from the vocabulary: 'error'
// (default; one E_UNKNOWN_WORD naming every unknown word, with suggestions), 'skip' (drop them) or
// 'zero' (keep them with a zero vector). Not a tokenizer (see tokenize.ts) and not an OOV model.
import { AttnError } from '../errors.js';
import type { WordVectors } from './word-vectors.js';
import { unknownWordsError } from './suggest.js';

export type UnknownPolicy = 'error' | 'skip' | 'zero';

export interface ResolvedTokens {
  /** The tokens kept (T); a hyphenated unknown word may have become its parts. */
  tokens: string[];
  /** Their rows in the vocabulary (T), −1 for a zero-vector unknown word. */
  indices: number[];
  /** (T, C) row-major. */
  vectors: Float32Array;
  /** The unknown tokens met, in order, without repeats. */
  unknown: string[];
}

/**
 * Looks up each token (as is, then lower-cased). A hyphenated token that is missing but whose parts are
 * all known becomes its parts ("self-attention" → "self", "-", "attention").
 * @example resolveTokens(['the', 'bank'], wv).vectors.length === 2 * wv.dim
 * @example resolveTokens(['the', 'qzx'], wv, { unknown: 'skip' }).tokens; // ['the']
 */
export function resolveTokens(tokens: string[], wv: WordVectors, options: { unknown?: UnknownPolicy } = {}): ResolvedTokens {
  const { unknown: policy = 'error' } = options;
  if (policy !== 'error' && policy !== 'skip' && policy !== 'zero') {
    throw new AttnError('E_INPUT', `resolveTokens: unknown must be 'error', 'skip' or 'zero', got '${policy}'`);
  }
  const find = (t: string) => wv.index.get(t) ?? wv.index.get(t.toLowerCase());
  const kept: string[] = [];
  const indices: number[] = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  for (const token of tokens) {
    const i = find(token);
    if (i !== undefined) {
      kept.push(token);
      indices.push(i);
      continue;
    }
    const parts = token.includes('-') ? token.split(/(-)/).filter((p) => p !== '') : [];
    if (parts.length > 1 && parts.every((p) => find(p) !== undefined)) {
      for (const p of parts) {
        kept.push(p);
        indices.push(find(p)!);
      }
      continue;
    }
    if (!seen.has(token)) {
      seen.add(token);
      unknown.push(token);
    }
    if (policy === 'zero') {
      kept.push(token);
      indices.push(-1);
    }
  }
  if (policy === 'error' && unknown.length) throw unknownWordsError(wv, unknown, 'resolveTokens');
  const C = wv.dim;
  const vectors = new Float32Array(kept.length * C);
  indices.forEach((i, t) => {
    if (i >= 0) vectors.set(wv.vectors.subarray(i * C, (i + 1) * C), t * C);
  });
  return { tokens: kept, indices, vectors, unknown };
}
