// SST-2 (GLUE): binary sentiment of a sentence or phrase. Held out by whole sentence, as GLUE's dev set is: a
// held-out sentence's sub-phrases (GLUE's train has them as rows of their own) leave training. The head pools
// the sentence: learned attention pooling, mean and max over the contextual vectors; the static baseline is a
// bag of vectors (the mean). Labels: 0 negative, 1 positive.
import { AttnError } from '../errors.js';
import { Rng } from '../random.js';
import { concat } from '../ops/slice.js';
import { reshape } from '../ops/shape-ops.js';
import { softmax } from '../ops/softmax.js';
import { max } from '../ops/reduce.js';
import { maskedFill } from '../ops/where.js';
import { readSst2 } from './read-sst2.js';
import { splitHyphens, textTokens } from './encode.js';
import type { Sst2Example } from './examples.js';
import { checkFolds, assignFolds } from './_held-out.js';
import type { Split, TaskSpec } from './spec.js';

const norm = (s: string) => ` ${s.trim().split(/\s+/).join(' ')} `;
/** A held-out sentence has at least this many words (shorter rows are mostly phrases). */
const MIN_WORDS = 6;

/** The texts among `candidates` that lie inside no longer row: whole sentences, not phrases of one. */
function roots(texts: readonly string[], candidates: Set<string>): Set<string> {
  const lengths = new Set([...candidates].map((c) => c.split(' ').length - 2));
  const contained = new Set<string>();
  for (const t of texts) {
    const w = t.trim().split(' ');
    for (const L of lengths) {
      if (L >= w.length) continue;
      for (let s = 0; s + L <= w.length; s++) {
        const span = ` ${w.slice(s, s + L).join(' ')} `;
        if (candidates.has(span)) contained.add(span);
      }
    }
  }
  return new Set([...candidates].filter((c) => !contained.has(c)));
}

/** Validate on the held-out sentences (each once); drop every row inside one of them from training. */
function holdOut(examples: readonly Sst2Example[], texts: readonly string[], held: Set<string>): Split<Sst2Example> {
  const inside = new Set<string>(); // every span of every held-out sentence
  for (const h of held) {
    const w = h.trim().split(' ');
    for (let s = 0; s < w.length; s++) for (let e = s + 1; e <= w.length; e++) inside.add(` ${w.slice(s, e).join(' ')} `);
  }
  const val: Sst2Example[] = [], train: Sst2Example[] = [];
  let dropped = 0;
  const seen = new Set<string>();
  examples.forEach((e, i) => {
    if (held.has(texts[i])) {
      if (!seen.has(texts[i])) val.push(e);
      seen.add(texts[i]);
    } else if (inside.has(texts[i])) dropped++;
    else train.push(e);
  });
  return { train, val, dropped };
}

/** About `fraction` of the rows' worth of whole sentences held out (each takes ~6 phrases out of training). */
function split(examples: readonly Sst2Example[], fraction: number, seed: number): Split<Sst2Example> {
  const texts = examples.map((e) => norm(e.text));
  const order = new Rng(seed).shuffle(examples.map((_, i) => i)).filter((i) => texts[i].split(' ').length - 2 >= MIN_WORDS);
  const want = Math.round(fraction * examples.length / 6);
  const candidates = new Set(order.slice(0, want * 10).map((i) => texts[i]));
  const whole = roots(texts, candidates);
  const held = new Set<string>();
  for (const i of order) {
    if (held.size >= want) break;
    if (whole.has(texts[i])) held.add(texts[i]);
  }
  return holdOut(examples, texts, held);
}

/** k folds of whole sentences: every sentence of MIN_WORDS or more words is held out by exactly one fold. */
function folds(examples: readonly Sst2Example[], k: number, seed: number): Split<Sst2Example>[] {
  const texts = examples.map((e) => norm(e.text));
  const whole = roots(texts, new Set(texts.filter((t) => t.split(' ').length - 2 >= MIN_WORDS)));
  checkFolds(k, whole.size, `whole sentences of ${MIN_WORDS}+ words`);
  const fold = assignFolds(whole, () => 1, k, seed);
  return Array.from({ length: k }, (_, f) => holdOut(examples, texts, new Set([...whole].filter((t) => fold.get(t) === f))));
}

export const sst2: TaskSpec<Sst2Example> = {
  name: 'sst2',
  title: 'SST-2 sentiment',
  labels: ['negative', 'positive'], // GLUE SST-2: 0 negative, 1 positive
  metric: 'accuracy',
  licence: {
    data: 'GLUE SST-2 train split (Stanford Sentiment Treebank phrases and sentences, binary sentiment)',
    licence: 'no licence is stated by the source; research data - cite SST and GLUE',
    cite: 'Socher et al., "Recursive Deep Models for Semantic Compositionality Over a Sentiment Treebank", EMNLP 2013; Wang et al., "GLUE", 2018',
  },
  train: { epochs: 2, lr: 2e-3, batchSize: 32, evalsPerEpoch: 4, patience: 4, valFraction: 0.1 },
  model: { maxLen: 64, context: false },
  settings: ['zero-shot'],
  gold: 'in-file',
  read: (text, opts) => {
    if (opts.gold !== undefined) throw new AttnError('E_INPUT', 'sst2 takes no separate gold file (the labels are in the TSV)');
    return readSst2(text, opts);
  },
  encode: (ex, { maxLen = 64, has }) => {
    const tokens = splitHyphens(textTokens(ex.text), has).tokens.slice(0, maxLen);
    return { seqs: [tokens.length ? tokens : ['.']], focus: [[]], label: ex.label };
  },
  input: {
    fields: [{ key: 'text', hint: '"SENTENCE"', label: 'Sentence', kind: 'sentence' }],
    examples: [{ label: 'A gorgeous, witty film', values: { text: 'A gorgeous, witty film' } }],
    toExample: (input) => ({ task: 'sst2', text: textTokens(input.text!).join(' ') || '.', label: null, line: 0 }),
  },
  phrasing: {
    question: 'is the sentence positive or negative?',
    verdicts: ['the sentence is negative', 'the sentence is positive'],
    attended: 'the attention pooling’s weight on each word: what the sentence vector is made of',
  },
  sentenceExample: (tokens, focus) => ({ seqs: [tokens], focus: [focus], label: null }),
  heldOut: {
    describe: () => 'whole held-out sentences (phrases inside them removed from training)',
    split: (examples, fraction, seed) => split(examples, fraction, seed),
    folds: (examples, k, seed) => folds(examples, k, seed),
  },
  head: {
    width: (kind, C) => (kind === 'attention' ? 3 * C : C),
    attentionPooling: true,
    features: (m, b, x, h) => {
      if (!m.pool) return { feats: m.pooled(b.meanWeights, x), poolWeights: null }; // bag of vectors
      const scores = reshape(m.pool.forward(h), [b.N, b.T]); // (N, T)
      const w = softmax(maskedFill(scores, b.pad, -Infinity), -1); // (N, T): which words the sentence vector reads
      const attended = m.pooled(reshape(w, [b.N, 1, b.T]), h);
      const maxed = max(maskedFill(h, reshape(b.pad, [b.N, b.T, 1]), -1e9), 1); // (N, C): the strongest signal per channel
      return { feats: concat([attended, m.pooled(b.meanWeights, h), maxed], 1), poolWeights: w }; // (N, 3C)
    },
  },
};
