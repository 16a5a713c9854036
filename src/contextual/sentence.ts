// A sentence of known words → static matrix (T, C) → optional positions → parameter-free self-attention.
// The bridge between WordVectors (src/embeddings) and selfAttention (src/attention); tokenising and the
// unknown-word policy happen before this (see tokenize / resolveTokens).
import { Tensor, tensor } from '../tensor.js';
import { AttnError } from '../errors.js';
import { add } from '../ops/arithmetic.js';
import { tidy } from '../autograd.js';
import { selfAttention, type SelfAttentionOptions, type SelfAttentionResult } from '../attention/self-attention.js';
import { sinusoidalPositionalEncoding } from '../attention/positional.js';
import type { WordVectors } from '../embeddings/word-vectors.js';
import { unknownWordsError } from '../embeddings/suggest.js';

export type PositionKind = 'none' | 'sinusoidal';

export interface ContextualizeOptions extends SelfAttentionOptions {
  /** Add positional encodings to the static vectors first (default 'none': attention is order-blind). */
  positions?: PositionKind;
}

export interface ContextualSentence {
  tokens: string[];
  /** (T, C) the words' static vectors. */
  static: Tensor;
  /** (T, C) what attention sees: static + positions (the same tensor as `static` without positions). */
  input: Tensor;
  attention: SelfAttentionResult;
}

/** Stack the static vectors of known words into a (T, C) tensor. */
export function embedTokens(wv: WordVectors, tokens: readonly string[]): Tensor {
  const missing = tokens.filter((t) => !wv.has(t));
  if (missing.length) throw unknownWordsError(wv, missing, 'contextualize');
  const x = new Float32Array(tokens.length * wv.dim);
  tokens.forEach((t, i) => x.set(wv.vector(t), i * wv.dim));
  return tensor(x, [tokens.length, wv.dim]);
}

/**
 * Contextual embeddings of a tokenised sentence by parameter-free self-attention.
 * @example const s = await contextualize(wv, ['money', 'bank', 'grows']); await s.attention.weights.data()
 */
export async function contextualize(wv: WordVectors, tokens: readonly string[], opts: ContextualizeOptions = {}): Promise<ContextualSentence> {
  if (tokens.length === 0) throw new AttnError('E_INPUT', 'contextualize: the sentence has no words');
  const positions = opts.positions ?? 'none';
  if (positions !== 'none' && positions !== 'sinusoidal') {
    throw new AttnError('E_INPUT', `contextualize: unknown positions '${positions}' (use 'none' or 'sinusoidal')`);
  }
  const stat = embedTokens(wv, tokens); // (T, C)
  const input = positions === 'sinusoidal' ? tidy(() => add(stat, sinusoidalPositionalEncoding(tokens.length, wv.dim))) : stat;
  try {
    return { tokens: [...tokens], static: stat, input, attention: await selfAttention(input, opts) };
  } catch (e) {
    stat.dispose();
    input.dispose();
    throw e;
  }
}
