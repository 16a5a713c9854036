// Unlabelled text → sequences of word-vector rows for pre-training. Each line is tokenised as the task models
// tokenise (textTokens), words the vectors lack become UNK (a learned row; never a prediction target), and
// consecutive lines are packed into sequences of at most maxLen tokens (a longer line is cut), so that a batch
// holds almost no padding. Also counts each vector word's occurrences: the sampler's unigram distribution.
import { AttnError } from '../errors.js';
import type { WordVectors } from '../embeddings/word-vectors.js';
import { textTokens } from '../tasks/encode.js';

/** A token the vectors lack. */
export const UNK = -1;

export interface PretrainCorpus {
  /** Packed sequences of vector rows (UNK for unknown words), each 2..maxLen tokens. */
  sequences: Int32Array[];
  /** Tokens kept, and how many of them the vectors know. */
  tokens: number;
  known: number;
  lines: number;
  /** Occurrences of each vector row (length wv.size). */
  counts: Float64Array;
}

/**
 * Read a corpus (one sentence or passage per line).
 * Throws E_INPUT when it is empty or no line has two words the vectors know.
 * @example const c = readPretrainCorpus('The bank by the river.\nA bank loan.', wv, { maxLen: 64 }); c.sequences.length // 1
 */
export function readPretrainCorpus(text: string, wv: WordVectors, { maxLen, file = 'the corpus' }: { maxLen: number; file?: string }): PretrainCorpus {
  if (!(Number.isInteger(maxLen) && maxLen >= 2)) throw new AttnError('E_INPUT', `readPretrainCorpus: maxLen must be an integer ≥ 2, got ${maxLen}`);
  const counts = new Float64Array(wv.size);
  const sequences: Int32Array[] = [];
  let pending: number[] = [], tokens = 0, known = 0, lines = 0, nonEmpty = 0;
  const flush = () => {
    if (pending.length >= 2) sequences.push(Int32Array.from(pending));
    pending = [];
  };
  for (const line of text.split('\n')) {
    lines++;
    const words = textTokens(line);
    if (words.length === 0) continue;
    nonEmpty++;
    const ids = words.map((w) => wv.index.get(w) ?? UNK);
    if (ids.filter((i) => i !== UNK).length < 2) continue; // nothing to predict from context
    for (let s = 0; s < ids.length; s += maxLen) {
      const piece = ids.slice(s, s + maxLen);
      if (pending.length + piece.length > maxLen) flush();
      pending.push(...piece);
      for (const i of piece) {
        tokens++;
        if (i !== UNK) {
          known++;
          counts[i]++;
        }
      }
    }
  }
  flush();
  if (nonEmpty === 0) throw new AttnError('E_INPUT', `${file}: is empty (no words on any of its ${lines} lines)`, { file });
  if (sequences.length === 0) throw new AttnError('E_INPUT', `${file}: no line has two words the vectors know (${nonEmpty} lines with text; are these the right vectors, or is the text in another language?)`, { file });
  return { sequences, tokens, known, lines, counts };
}
