// Inference over many examples: class probabilities in length-sorted batches (little padding), without
// gradients, in eval mode; and the scored report against gold labels. Not here: single-example explanations
// (explain-model.ts).
import type { WordVectors } from '../embeddings/word-vectors.js';
import { noGrad, tidy } from '../autograd.js';
import { softmax } from '../ops/softmax.js';
import { reshape } from '../ops/shape-ops.js';
import { concat } from '../ops/slice.js';
import { zeros } from '../tensor.js';
import type { Data } from '../primitives.js';
import { crossEntropy } from '../train/losses.js';
import { encodeWith, Vocabulary, type EncodedExample } from './encode.js';
import { makeBatch } from './batch.js';
import { classificationReport, type ClassificationReport } from './metrics.js';
import { requireLabels } from './examples.js';
import { LABEL_NAMES, type TaskExample } from './registry.js';
import type { TaskModel } from './task-model.js';

/** The vocabulary a model reads with: the given vectors plus the model's trained extra and tuned words. */
export function modelVocabulary(model: TaskModel, wv: WordVectors): Vocabulary {
  return new Vocabulary(wv, model.config.extraWords, model.config.tunedWords);
}

/** Encode examples the way `model` was trained to read them. */
export function encodeFor(model: TaskModel, wv: WordVectors, examples: readonly TaskExample[]): EncodedExample[] {
  return encodeWith(model.config, wv, examples);
}

export interface Predictions {
  /** (n) predicted class per example. */
  labels: Int32Array;
  /** (n × 2) class probabilities, row-major. */
  probabilities: Float32Array;
  /** Mean cross-entropy over the examples with gold labels (NaN if none). */
  loss: number;
}

/**
 * Class probabilities for encoded examples, in batches of similar length. The model is left in eval mode. One
 * read per batch: its probabilities and its summed loss together.
 * @example const { labels } = await predictEncoded(model, vocab, encodeFor(model, wv, examples));
 */
export async function predictEncoded(model: TaskModel, vocab: Vocabulary, encoded: readonly EncodedExample[], batchSize = 128): Promise<Predictions> {
  model.eval();
  const n = encoded.length;
  const order = encoded.map((_, i) => i).sort((a, b) => encoded[a].seqs[0].length - encoded[b].seqs[0].length || a - b);
  const probabilities = new Float32Array(n * 2), labels = new Int32Array(n);
  let lossSum = 0, lossCount = 0;
  for (let s = 0; s < n; s += batchSize) {
    const idx = order.slice(s, s + batchSize);
    let known = 0;
    // (B·2 + 1): the batch's probabilities, row-major, then its summed cross-entropy (0 without gold labels)
    const out = noGrad(() => tidy(() => {
      const batch = makeBatch(idx.map((i) => encoded[i]), vocab);
      const { logits } = model.forward(batch);
      known = batch.labels.filter((l) => l >= 0).length;
      const loss = known ? crossEntropy(logits, batch.labels, { reduction: 'sum' }) : zeros([], { dtype: logits.dtype });
      return concat([reshape(softmax(logits, -1), [-1]), reshape(loss, [1])]);
    }));
    let p: Data;
    try {
      p = await out.data();
    } finally {
      out.dispose();
    }
    idx.forEach((i, k) => {
      probabilities[2 * i] = p[2 * k];
      probabilities[2 * i + 1] = p[2 * k + 1];
      labels[i] = p[2 * k + 1] > p[2 * k] ? 1 : 0;
    });
    if (known) {
      lossSum += p[2 * idx.length];
      lossCount += known;
    }
  }
  return { labels, probabilities, loss: lossCount ? lossSum / lossCount : NaN };
}

export interface EvaluationResult {
  report: ClassificationReport;
  predictions: Predictions;
}

/**
 * Score a model on labelled examples: accuracy, macro-F1, per-class precision/recall, confusion matrix.
 * @example const { report } = await evaluateTaskModel(model, wv, readSst2(text).examples); report.accuracy
 */
export async function evaluateTaskModel(model: TaskModel, wv: WordVectors, examples: readonly TaskExample[], batchSize = 128): Promise<EvaluationResult> {
  requireLabels(examples, 'evaluate');
  const predictions = await predictEncoded(model, modelVocabulary(model, wv), encodeFor(model, wv, examples), batchSize);
  const gold = examples.map((e) => e.label as number);
  return { report: classificationReport(gold, predictions.labels, LABEL_NAMES[model.config.task]), predictions };
}
