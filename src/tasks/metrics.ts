// Classification metrics as scikit-learn computes them: accuracy, per-class precision / recall / F1, macro-F1
// (the unweighted mean of the classes' F1, SemEval-2022 Task 2's metric) and the confusion matrix.
// A class never predicted has precision 0, one never present recall 0 (sklearn's zero_division=0).
import { AttnError } from '../errors.js';

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Gold examples of this class. */
  support: number;
}

export interface ClassificationReport {
  /** Number of examples. */
  n: number;
  accuracy: number;
  macroF1: number;
  perClass: ClassMetrics[];
  /** confusion[gold][predicted] counts; rows and columns in `labels` order. */
  confusion: number[][];
  labels: string[];
}

/**
 * Compare predictions with gold labels (integers indexing `labels`).
 * @example
 * const r = classificationReport([0, 0, 1, 1], [0, 1, 1, 1], ['neg', 'pos']);
 * r.accuracy // 0.75; r.perClass[1].precision // 2/3; r.confusion // [[1, 1], [0, 2]]
 */
export function classificationReport(gold: ArrayLike<number>, predicted: ArrayLike<number>, labels: readonly string[]): ClassificationReport {
  const K = labels.length;
  if (gold.length !== predicted.length) throw new AttnError('E_INPUT', `classificationReport: ${gold.length} gold labels but ${predicted.length} predictions`);
  if (gold.length === 0) throw new AttnError('E_INPUT', 'classificationReport: no examples to score');
  const confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i], p = predicted[i];
    if (!(Number.isInteger(g) && g >= 0 && g < K) || !(Number.isInteger(p) && p >= 0 && p < K)) {
      throw new AttnError('E_INPUT', `classificationReport: example ${i} has gold ${g} / prediction ${p}; labels must be integers in [0, ${K})`);
    }
    confusion[g][p]++;
  }
  let correct = 0;
  const perClass = labels.map((label, k) => {
    const tp = confusion[k][k];
    correct += tp;
    const support = confusion[k].reduce((a, b) => a + b, 0);
    const predictedK = confusion.reduce((a, row) => a + row[k], 0);
    const precision = predictedK ? tp / predictedK : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  return {
    n: gold.length,
    accuracy: correct / gold.length,
    macroF1: perClass.reduce((a, c) => a + c.f1, 0) / K,
    perClass,
    confusion,
    labels: [...labels],
  };
}
