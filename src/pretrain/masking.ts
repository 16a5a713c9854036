// BERT's masking: each known token is chosen with probability `rate` (15%); a chosen token is replaced by the
// learned [MASK] row 80% of the time, by a random word 10%, and kept 10%; the model predicts every chosen token.
// A sequence with no chosen token gets one, so that every sequence teaches something. Unknown words (UNK) are
// never chosen: there is no vector to predict.
import type { Rng } from '../random.js';
import { UNK } from './corpus.js';

/** The learned [MASK] row, as a token id. */
export const MASK = -2;

export interface MaskingOptions {
  /** Fraction of tokens predicted (default 0.15). */
  rate?: number;
  /** Of those: replaced by [MASK] (default 0.8), by a random word (default 0.1); the rest are kept. */
  maskShare?: number;
  randomShare?: number;
}

export interface MaskedSequence {
  /** The input ids: vector rows, UNK or MASK. */
  input: Int32Array;
  /** Positions to predict, and the true vector row at each. */
  positions: number[];
  targets: number[];
}

/**
 * Mask one sequence; `randomWord` draws the replacement of the 10% (the unigram sampler).
 * @example const m = maskSequence(ids, rng, () => sampler.sample(rng)); m.positions.length // ≈ 0.15 × ids.length
 */
export function maskSequence(ids: Int32Array, rng: Rng, randomWord: () => number, opts: MaskingOptions = {}): MaskedSequence {
  const { rate = 0.15, maskShare = 0.8, randomShare = 0.1 } = opts;
  const input = Int32Array.from(ids);
  const positions: number[] = [];
  for (let t = 0; t < ids.length; t++) if (ids[t] !== UNK && rng.uniform() < rate) positions.push(t);
  if (positions.length === 0) {
    const eligible = [...ids.keys()].filter((t) => ids[t] !== UNK);
    if (eligible.length) positions.push(eligible[rng.int(eligible.length)]);
  }
  for (const t of positions) {
    const u = rng.uniform();
    if (u < maskShare) input[t] = MASK;
    else if (u < maskShare + randomShare) input[t] = randomWord();
  }
  return { input, positions, targets: positions.map((t) => ids[t]) };
}
