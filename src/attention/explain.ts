// Turn output rows of self-attention into the seed's formula with real numbers:
// y(love) = 0.12·e(humans) + 0.80·e(love) + 0.08·e(smartphones), with the dot product behind each weight.
// Reads a SelfAttentionResult; computes nothing new except the raw dot products for display.
import { AttnError } from '../errors.js';
import type { SelfAttentionResult } from './self-attention.js';

export interface AttentionTerm {
  /** Key word j and its position. */
  word: string;
  index: number;
  /** Raw dot product e_i·e_j, before any scaling. */
  dot: number;
  /** The softmax input: dot / divisor. */
  score: number;
  /** The softmax weight a_ij (row sums to 1). */
  weight: number;
}

export interface AttentionExplanation {
  word: string;
  index: number;
  divisor: number;
  /** One term per key word, in sentence order. */
  terms: AttentionTerm[];
  /** e.g. `y(love) = 0.12·e(humans) + 0.80·e(love) + 0.08·e(smartphones)` */
  formula: string;
}

/**
 * Explain output row `i` of a self-attention result. For every row, {@link explainAttentionRows} reads the
 * weights once instead of once per row.
 * @example (await explainAttention(['humans', 'love', 'smartphones'], res, 1)).formula
 */
export async function explainAttention(tokens: readonly string[], res: SelfAttentionResult, i: number, digits = 2): Promise<AttentionExplanation> {
  const T = checkTokens('explainAttention', tokens, res);
  if (!Number.isInteger(i) || i < 0 || i >= T) throw new AttnError('E_INPUT', `explainAttention: row ${i} is out of range 0..${T - 1}`);
  const [w, s] = await Promise.all([res.weights.data(), res.scores.data()]);
  return explainRow(tokens, w, s, res.divisor, i, digits);
}

/**
 * Explain every output row of a self-attention result, in order; the (T, T) weights and scores are read once.
 * @example (await explainAttentionRows(['humans', 'love', 'smartphones'], res)).map((e) => e.formula)
 */
export async function explainAttentionRows(tokens: readonly string[], res: SelfAttentionResult, digits = 2): Promise<AttentionExplanation[]> {
  const T = checkTokens('explainAttentionRows', tokens, res);
  const [w, s] = await Promise.all([res.weights.data(), res.scores.data()]);
  return Array.from({ length: T }, (_, i) => explainRow(tokens, w, s, res.divisor, i, digits));
}

function checkTokens(op: string, tokens: readonly string[], res: SelfAttentionResult): number {
  const T = res.weights.shape[0];
  if (tokens.length !== T) throw new AttnError('E_SHAPE', `${op}: ${tokens.length} tokens for a ${T}×${T} weight matrix`);
  return T;
}

/** Row i of the (T, T) weights `w` and scores `s`. */
function explainRow(tokens: readonly string[], w: ArrayLike<number>, s: ArrayLike<number>, divisor: number, i: number, digits: number): AttentionExplanation {
  const T = tokens.length;
  const terms: AttentionTerm[] = tokens.map((word, j) => ({
    word,
    index: j,
    score: s[i * T + j],
    dot: s[i * T + j] * divisor,
    weight: w[i * T + j],
  }));
  const formula = `y(${tokens[i]}) = ` + terms.map((t) => `${t.weight.toFixed(digits)}·e(${t.word})`).join(' + ');
  return { word: tokens[i], index: i, divisor, terms, formula };
}
