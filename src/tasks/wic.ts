// WiC (Word-in-Context): is the target word used in the same sense in two sentences? Held out by target word, as
// the official dev and test sets hold words training never saw. The head reads the target's contextual vector
// in each sentence, u and v, symmetrically: [u + v, |u − v|, u ⊙ v]. Labels: 0 different (F), 1 same (T).
import { AttnError } from '../errors.js';
import { add, sub, mul } from '../ops/arithmetic.js';
import { abs } from '../ops/unary.js';
import { concat } from '../ops/slice.js';
import { readWic } from './read-wic.js';
import { findSpan, textTokens, wicSide } from './encode.js';
import type { WicExample } from './examples.js';
import { groupSplit, groupFolds } from './_held-out.js';
import type { TaskSpec } from './spec.js';

const word = (e: WicExample) => e.word.toLowerCase();

export const wic: TaskSpec<WicExample> = {
  name: 'wic',
  title: 'WiC word senses',
  labels: ['different', 'same'], // WiC gold: F = 0 (different senses), T = 1 (same sense)
  metric: 'accuracy',
  licence: {
    data: 'WiC v1.0 train split (Word-in-Context pairs)',
    licence: 'CC BY-NC 4.0 (non-commercial use only)',
    cite: 'Pilehvar and Camacho-Collados, "WiC: the Word-in-Context Dataset for Evaluating Context-Sensitive Meaning Representations", NAACL 2019',
  },
  train: { epochs: 8, lr: 1e-3, batchSize: 32, evalsPerEpoch: 1, patience: 3, valFraction: 0.2 },
  model: { maxLen: 64, context: false },
  settings: ['zero-shot'],
  gold: 'separate',
  // WiC ships train.data.txt with train.gold.txt beside it.
  goldBeside: (path) => (/\.data\.txt$/.test(path) ? path.replace(/\.data\.txt$/, '.gold.txt') : null),
  read: (text, opts) => readWic(text, opts),
  encode: (ex, { maxLen = 64, has }) => {
    const a = wicSide(ex.sentence1, ex.index1, maxLen, has), b = wicSide(ex.sentence2, ex.index2, maxLen, has);
    return { seqs: [a.tokens, b.tokens], focus: [a.focus, b.focus], label: ex.label };
  },
  input: {
    fields: [
      { key: 'word', hint: 'WORD', label: 'Word', kind: 'word' },
      { key: 'sentence1', hint: '"SENTENCE 1"', label: 'Sentence A', kind: 'sentence' },
      { key: 'sentence2', hint: '"SENTENCE 2"', label: 'Sentence B', kind: 'second-sentence' },
    ],
    examples: [{ label: '“bank”: money / river', values: { word: 'bank', sentence1: 'He deposited money in the bank', sentence2: 'He sat on the river bank' } }],
    toExample: (input) => {
      const w = input.word!;
      const side = (s: string, which: number) => {
        const tokens = textTokens(s);
        const span = findSpan(tokens, textTokens(w).slice(0, 1));
        if (!span) throw new AttnError('E_INPUT', `"${w}" does not occur in sentence ${which} ("${s}"), not even inflected`);
        return { text: tokens.join(' '), index: span[0] };
      };
      const a = side(input.sentence1!, 1), b = side(input.sentence2!, 2);
      return { task: 'wic', word: w, pos: '', index1: a.index, index2: b.index, sentence1: a.text, sentence2: b.text, label: null, line: 0 };
    },
  },
  phrasing: {
    question: 'is the word used in the same sense in two sentences?',
    verdicts: ['“{word}” has different senses in A and B', '“{word}” has the same sense in A and B'],
    attended: 'the last layer’s heads (mean), read from the target word',
  },
  sentenceExample: () => null, // a WiC input is two sentences
  wordInTwoSentences: true,
  heldOut: {
    describe: () => 'held-out target words',
    split: (examples, fraction, seed) => groupSplit(examples, word, fraction, seed),
    folds: (examples, k, seed) => groupFolds(examples, word, k, seed, 'target words'),
  },
  head: {
    width: (_, C) => 3 * C,
    features: (m, b, _x, h) => {
      const [u, v] = m.pair(m.pooled(b.focusWeights, h), b.B); // the target in each sentence
      return { feats: concat([add(u, v), abs(sub(u, v)), mul(u, v)], 1), poolWeights: null }; // (B, 3C), symmetric in u, v
    },
  },
};
