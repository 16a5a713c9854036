// Encoded examples → one padded batch of tensors. GloVe rows are gathered on the backend from the vectors'
// matrix there (frozen: no gradient; its zero row at padding and at words GloVe lacks); extra words, and the
// corrections of tuned words, are looked up in the model's trainable table.
// Also builds the constant pooling matrices the heads multiply by: mean over tokens, mean over focus positions.
import { Tensor, tensor } from '../tensor.js';
import { reshape } from '../ops/shape-ops.js';
import { gatherRows } from '../ops/gather.js';
import type { EncodedExample, Vocabulary } from './encode.js';
import { vectorsOn } from '../embeddings/_vectors-on-backend.js';

/** N sequences (B examples × 1 or 2) of T tokens, C channels. */
export interface Batch {
  /** Examples (B) and sequences (N = B × sequences per example). */
  B: number;
  N: number;
  T: number;
  tokens: string[][];
  /** (N, T, C) the frozen vectors; zero at padding and at extra / unknown words. */
  glove: Tensor;
  /** (N·T) row of the trainable table per position: an extra word's vector, a tuned word's correction, or 0. */
  extraRows: Int32Array;
  /** (N, T, 1) 1 where the trainable table adds to the input (extra, tuned and unknown words). */
  extraMask: Tensor;
  /** (N, T) 1 = padding (the library's mask polarity: 1 = masked out). */
  pad: Tensor;
  /** (N, 1, T) 1/len at real tokens: mean pooling as one matmul. */
  meanWeights: Tensor;
  /** (N, 1, T) 1/|focus| at focus positions (zeros when a sequence has none). */
  focusWeights: Tensor;
  /** (B) gold labels, −100 (ignored) where unknown. */
  labels: Int32Array;
  /** (B, K) per-example surface cues, or null when the examples carry none. */
  cues: Tensor | null;
}

/**
 * Pad and look up a list of encoded examples.
 * @example const b = makeBatch([encodeExample(ex)], vocab); b.glove.shape // [1, T, 100]
 */
export function makeBatch(examples: readonly EncodedExample[], vocab: Vocabulary): Batch {
  const seqs = examples.flatMap((e) => e.seqs);
  const focus = examples.flatMap((e) => e.focus);
  const { wv } = vocab;
  const N = seqs.length;
  const T = Math.max(1, ...seqs.map((s) => s.length));
  const gloveRows = new Int32Array(N * T).fill(wv.size); // row V of vectorsOn(wv) is zeros
  const extraRows = new Int32Array(N * T);
  const extraMask = new Float32Array(N * T);
  const pad = new Float32Array(N * T).fill(1);
  const meanW = new Float32Array(N * T);
  const focusW = new Float32Array(N * T);
  seqs.forEach((s, n) => {
    s.forEach((tok, t) => {
      const p = n * T + t;
      pad[p] = 0;
      meanW[p] = 1 / s.length;
      const { glove: g, trained } = vocab.rows(tok);
      if (g >= 0) gloveRows[p] = g;
      if (trained >= 0) {
        extraRows[p] = trained;
        extraMask[p] = 1;
      }
    });
    for (const t of focus[n]) focusW[n * T + t] = 1 / focus[n].length;
  });
  return {
    B: examples.length, N, T, tokens: seqs.map((s) => [...s]),
    glove: gatherRows(vectorsOn(wv), gloveRows, [N, T]), // (N, T, C)
    extraRows,
    extraMask: tensor(extraMask, [N, T, 1]),
    pad: tensor(pad, [N, T]),
    meanWeights: tensor(meanW, [N, 1, T]),
    focusWeights: tensor(focusW, [N, 1, T]),
    labels: Int32Array.from(examples, (e) => e.label ?? -100),
    cues: cueMatrix(examples),
  };
}

/** (B, K) the examples' cues, or null when they carry none (a model without cues, or a task that has none). */
function cueMatrix(examples: readonly EncodedExample[]): Tensor | null {
  const K = examples[0]?.cues?.length ?? 0;
  if (K === 0) return null;
  return tensor(Float32Array.from(examples.flatMap((e) => e.cues ?? new Array<number>(K).fill(0))), [examples.length, K]);
}

/**
 * Every `of`-th sequence starting at `k` (for idioms, k = 0: the sentences, k = 1: the expressions alone) as a
 * batch of its own, padded only to its own longest sequence: the encoder then does not spend time on padding
 * a 3-word expression to the length of a 48-word context.
 * @example const [sentences, alone] = [sequenceGroup(b, 0), sequenceGroup(b, 1)];
 */
export function sequenceGroup(b: Batch, k: number, of = 2): Batch {
  const picked = Array.from({ length: b.B }, (_, i) => i * of + k);
  const T = Math.max(1, ...picked.map((n) => b.tokens[n].length)), N = picked.length, C = b.glove.shape[2];
  // Sequence n occupies one contiguous block of b.T positions; keep the first T of each picked block.
  const rows = <A extends Float32Array | Int32Array>(src: A, width: number, out: A): A => {
    picked.forEach((n, i) => out.set(src.subarray(n * b.T * width, (n * b.T + T) * width), i * T * width));
    return out;
  };
  // The tensors' rows are gathered on the backend (one gatherRows kernel each), never read back.
  const at = rows(Int32Array.from({ length: b.N * b.T }, (_, i) => i), 1, new Int32Array(N * T));
  const pick = (t: Tensor, shape: number[]) => {
    const width = t.size / (b.N * b.T);
    return reshape(gatherRows(reshape(t, [b.N * b.T, width]), at), shape);
  };
  return {
    B: b.B, N, T, tokens: picked.map((n) => b.tokens[n]),
    glove: pick(b.glove, [N, T, C]),
    extraRows: rows(b.extraRows, 1, new Int32Array(N * T)),
    extraMask: pick(b.extraMask, [N, T, 1]),
    pad: pick(b.pad, [N, T]),
    meanWeights: pick(b.meanWeights, [N, 1, T]),
    focusWeights: pick(b.focusWeights, [N, 1, T]),
    labels: b.labels,
    cues: b.cues,
  };
}
