// SemEval-2022 Task 2A: is a multi-word expression used idiomatically or literally in its sentence? Held out by
// expression (the zero-shot setting tests expressions training never saw; one-shot also trains on one example
// per label of each). The head compares the expression's contextual vectors in the sentence, u, with the same
// words encoded alone, v: [|u − v|, u ⊙ v] says how much the context changed them without naming the expression;
// it also reads the baseline's features, so that it can only add to what a bag of vectors knows. The static
// baseline reads a bag of vectors of the expression and of the sentence. Both read the expression's surface cues
// (cues.ts: capitalised, in quotation marks), which no vector sees. Labels: 0 idiomatic, 1 literal.
import { AttnError } from '../errors.js';
import { sub, mul } from '../ops/arithmetic.js';
import { abs } from '../ops/unary.js';
import { concat } from '../ops/slice.js';
import type { Tensor } from '../tensor.js';
import { readIdioms } from './read-idioms.js';
import { findSpan, splitHyphens, textTokens, window } from './encode.js';
import { sequenceGroup, type Batch } from './batch.js';
import { IDIOM_CUES, idiomCues } from './cues.js';
import type { TaskModel } from './task-model.js';
import type { IdiomExample } from './examples.js';
import { groupSplit, groupFolds, oneShot } from './_held-out.js';
import type { Setting, Split, TaskSpec } from './spec.js';

const expression = (e: IdiomExample) => e.mwe.toLowerCase();
const shaped = (s: Split<IdiomExample>, setting: Setting) => (setting === 'one-shot' ? oneShot(s, expression) : s);
/** What the context changed, [|u − v|, u ⊙ v], from the expression in context u and alone v. */
const compare = (u: Tensor, v: Tensor) => concat([abs(sub(u, v)), mul(u, v)], 1); // (B, 2C)
/** The baseline's bag of vectors: the expression's and the sentence's mean input vectors, (B, 2·dim). */
const bag = (m: TaskModel, b: Batch, x: Tensor) => {
  const [expr] = m.pair(m.pooled(b.focusWeights, x), b.B), [sentence] = m.pair(m.pooled(b.meanWeights, x), b.B);
  return [expr, sentence];
};

export const idiom: TaskSpec<IdiomExample> = {
  name: 'idiom',
  title: 'SemEval-2022 Task 2A idiomaticity',
  labels: ['idiomatic', 'literal'], // SemEval-2022 Task 2A: 0 idiomatic, 1 literal (incl. proper nouns)
  metric: 'macroF1',
  licence: {
    data: 'SemEval-2022 Task 2 Subtask A train data (English rows), AStitchInLanguageModels',
    licence: 'GPL-3.0 (the task repository\'s licence)',
    cite: 'Tayyar Madabushi et al., "SemEval-2022 Task 2: Multilingual Idiomaticity Detection and Sentence Embedding", SemEval 2022',
  },
  train: { epochs: 8, lr: 1e-3, batchSize: 32, evalsPerEpoch: 1, patience: 3, valFraction: 0.2 },
  model: { maxLen: 48, context: true, cues: true, staticFeatures: true },
  cues: { names: IDIOM_CUES, of: idiomCues },
  settings: ['zero-shot', 'one-shot'],
  gold: 'separate',
  read: (text, opts) => readIdioms(text, opts),
  encode: (ex, opts) => {
    const maxLen = opts.maxLen ?? 64;
    const words = (text: string) => splitHyphens(textTokens(text), opts.has).tokens;
    const before = opts.context && ex.previous ? words(ex.previous) : [];
    const target = words(ex.target);
    const all = [...before, ...target, ...(opts.context && ex.next ? words(ex.next) : [])];
    const span = findSpan(target, textTokens(ex.mwe)) ?? [0, Math.min(target.length, 1)];
    const [s, e] = [span[0] + before.length, span[1] + before.length];
    const w = window(all, s, e, maxLen);
    const focus = Array.from({ length: e - s }, (_, k) => s + k - w.offset).filter((p) => p >= 0 && p < w.tokens.length);
    // The second sequence is the expression alone, as written in the sentence: the model compares the two readings.
    const alone = focus.map((p) => w.tokens[p]);
    return { seqs: [w.tokens, alone], focus: [focus, alone.map((_, k) => k)], label: ex.label };
  },
  input: {
    fields: [{ key: 'expression', hint: '"EXPRESSION"', label: 'Expression', kind: 'phrase' }, { key: 'sentence', hint: '"SENTENCE"', label: 'Sentence', kind: 'sentence' }],
    examples: [
      { label: 'Break a leg at your audition tonight!', values: { expression: 'break a leg', sentence: 'Break a leg at your audition tonight!' } },
      { label: 'He fell off the ladder and managed to break a leg.', values: { expression: 'break a leg', sentence: 'He fell off the ladder and managed to break a leg.' } },
    ],
    toExample: (input) => {
      const { expression: mwe = '', sentence = '', previous = '', next = '' } = input;
      if (!findSpan(textTokens(sentence), textTokens(mwe))) throw new AttnError('E_INPUT', `the expression "${mwe}" does not occur in the sentence "${sentence}"`);
      return { task: 'idiom', id: 'input', language: 'EN', mwe, previous, target: sentence, next, label: null, line: 0 };
    },
  },
  phrasing: {
    question: 'is the expression idiomatic or literal here?',
    verdicts: ['“{expression}” is used idiomatically', '“{expression}” is used literally'],
    attended: 'the last layer’s heads (mean), read from the expression',
  },
  sentenceExample: (tokens, focus) => (focus.length ? { seqs: [tokens, focus.map((f) => tokens[f])], focus: [focus, focus.map((_, k) => k)], label: null } : null),
  heldOut: {
    describe: (setting) => `held-out expressions${setting === 'one-shot' ? ', one example per label of each moved to training' : ''}`,
    split: (examples, fraction, seed, setting) => shaped(groupSplit(examples, expression, fraction, seed), setting),
    folds: (examples, k, seed, setting) => groupFolds(examples, expression, k, seed, 'expressions').map((s) => shaped(s, setting)),
  },
  head: {
    width: (kind, C, config) => 2 * C + (kind === 'attention' && config.staticFeatures ? 2 * config.dim : 0),
    shown: 1, // the second sequence is the expression alone
    features: (m, b, x, h) => {
      if (m.encoder) {
        const [u, v] = m.pair(m.pooled(b.focusWeights, h), b.B); // the expression in context, and alone
        return { feats: concat([compare(u, v), ...(m.config.staticFeatures ? bag(m, b, x) : [])], 1), poolWeights: null };
      }
      return { feats: concat(bag(m, b, x), 1), poolWeights: null }; // (B, 2·dim): a bag of vectors
    },
    forward: (m, b) => {
      if (!m.encoder) return undefined;
      // The expression alone is a few tokens: encoded apart from the sentences, it is not padded to their length
      // (about half the work). Same numbers as one padded batch, up to float rounding.
      const sentences = sequenceGroup(b, 0), alone = sequenceGroup(b, 1);
      const s = m.encode(sentences), e = m.encode(alone);
      const u = m.pooled(sentences.focusWeights, s.h), v = m.pooled(alone.focusWeights, e.h);
      const statics = m.config.staticFeatures ? [m.pooled(sentences.focusWeights, s.x), m.pooled(sentences.meanWeights, s.x)] : [];
      return { logits: m.classifier(concat([compare(u, v), ...statics], 1), b), poolWeights: null, layerWeights: s.layerWeights };
    },
  },
};
