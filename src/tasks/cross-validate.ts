// The validation protocol: k folds, each shaped like the task's official held-out data (the spec's heldOut.folds:
// SST-2 by whole sentence, WiC by target word, idioms by expression, one-shot moving one example per label of each
// held-out expression into training), × several seeds; every run trains by trainTask, the static baseline (when
// asked) by the same code on the same folds. Early stopping and best-weight keeping never see the fold they are
// scored on: each run carves its own early-stopping split, shaped the same way, out of the fold's training rows,
// and the fold is scored once, with the weights that split chose, so the fold's score is a held-out score (stopping
// on the scored fold picks its luckiest epoch: optimistic). Scores are reported as mean ± sample standard
// deviation, so that configurations are chosen by the mean over many held-out sets. Emits events.
import { AttnError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { trainTask, type TrainTaskOptions, type TaskTrainEvent } from './train-task.js';
import { evaluateTaskModel } from './evaluate-task.js';
import { validationFolds } from './split.js';
import { taskSpec, type TaskExample } from './registry.js';
import type { ModelKind } from './task-model.js';
import type { Setting } from './spec.js';

export interface CrossValidateOptions extends Omit<TrainTaskOptions, 'train' | 'val' | 'seed' | 'onEvent'> {
  /** The labelled examples the folds are carved from. */
  examples: readonly TaskExample[];
  /** Rows that only ever train, in every fold (the idioms' train_one_shot.csv). */
  extraTrain?: readonly TaskExample[];
  /** Folds (default 5, at least 2). */
  folds?: number;
  /** Seeds (default 1): seed s = firstSeed + s shapes the folds and seeds the training of each. */
  seeds?: number;
  /** The first seed (default 0). */
  firstSeed?: number;
  setting?: Setting;
  /** Fraction of each fold's training rows held out for early stopping (default: the task's validation fraction). */
  valFraction?: number;
  /** Also train the static baseline on every fold (default false). */
  baseline?: boolean;
  onEvent?: (e: CrossValidateEvent) => void;
}

/** A mean and sample standard deviation (n − 1; 0 for one value) of per-run scores. */
export interface Spread {
  mean: number;
  sd: number;
  n: number;
}

export interface CrossValidateRun {
  seed: number;
  fold: number;
  trainExamples: number;
  /** Rows of the early-stopping split carved from the fold's training rows (they do not train). */
  stopExamples: number;
  /** Rows of the fold, scored once after training. */
  valExamples: number;
  /** Training rows dropped because they lie inside held-out data (SST-2's phrases), the fold's or the early-stopping split's. */
  dropped: number;
  /** The task metric on the fold of the weights the early-stopping split chose. */
  value: number;
  /** The static baseline's, when asked. */
  baseline: number | null;
}

export interface CrossValidateResult {
  metric: 'accuracy' | 'macroF1';
  folds: number;
  seeds: number;
  runs: CrossValidateRun[];
  model: Spread;
  baseline: Spread | null;
  /** Mean of (model − baseline) per run, with its spread; null without the baseline. */
  gain: Spread | null;
}

export type CrossValidateEvent =
  | { type: 'start'; folds: number; seeds: number; runs: number; kinds: ModelKind[]; metric: string }
  | { type: 'run'; index: number; runs: number; seed: number; fold: number; kind: ModelKind; trainExamples: number; valExamples: number }
  | { type: 'train'; index: number; kind: ModelKind; event: TaskTrainEvent }
  | { type: 'result'; index: number; seed: number; fold: number; kind: ModelKind; value: number }
  | { type: 'done'; result: CrossValidateResult };

/**
 * Mean and sample standard deviation.
 * @example meanSd([0.6, 0.7, 0.8]) // { mean: 0.7, sd: 0.1, n: 3 }
 */
export function meanSd(values: readonly number[]): Spread {
  const n = values.length;
  if (n === 0) throw new AttnError('E_INPUT', 'meanSd: no values');
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, n };
}

const dispose = (ts: Tensor[]) => ts.forEach((t) => t.dispose());

/**
 * Run the protocol: `folds` × `seeds` trainings (twice as many with the baseline).
 * @example
 * const cv = await crossValidate({ config: defaultModelConfig('wic', 'attention', wv.dim), wv, examples, folds: 5, seeds: 2, baseline: true });
 * `${cv.model.mean.toFixed(3)} ± ${cv.model.sd.toFixed(3)}`
 */
export async function crossValidate(opts: CrossValidateOptions): Promise<CrossValidateResult> {
  const { examples, extraTrain = [], folds = 5, seeds = 1, firstSeed = 0, setting = 'zero-shot', baseline = false, onEvent, valFraction, ...train } = opts;
  if (!Number.isSafeInteger(folds) || folds < 2) throw new AttnError('E_INPUT', `crossValidate: folds must be an integer of at least 2, got ${folds}`);
  if (!Number.isSafeInteger(seeds) || seeds < 1) throw new AttnError('E_INPUT', `crossValidate: seeds must be an integer of at least 1, got ${seeds}`);
  const emit = onEvent ?? (() => {});
  const kinds: ModelKind[] = baseline ? ['attention', 'static'] : ['attention'];
  const total = folds * seeds * kinds.length;
  const spec = taskSpec(train.config.task), metric = spec.metric;
  const fraction = valFraction ?? spec.train.valFraction;
  let index = 0;
  emit({ type: 'start', folds, seeds, runs: total, kinds, metric });
  const runs: CrossValidateRun[] = [];
  for (let s = 0; s < seeds; s++) {
    const seed = firstSeed + s;
    const splits = validationFolds(examples, { folds, seed, setting });
    for (const [fold, split] of splits.entries()) {
      const stop = spec.heldOut.split(split.train, fraction, seed, setting); // for early stopping, shaped like the fold
      const run: CrossValidateRun = {
        seed, fold, trainExamples: stop.train.length + extraTrain.length, stopExamples: stop.val.length, valExamples: split.val.length,
        dropped: split.dropped + stop.dropped, value: NaN, baseline: null,
      };
      for (const kind of kinds) {
        const i = index++;
        emit({ type: 'run', index: i, runs: total, seed, fold, kind, trainExamples: run.trainExamples, valExamples: run.valExamples });
        const res = await trainTask({
          ...train, config: { ...train.config, kind }, train: [...stop.train, ...extraTrain], val: stop.val, seed,
          onEvent: (event) => emit({ type: 'train', index: i, kind, event }),
        });
        const value = (await evaluateTaskModel(res.model, train.wv, split.val)).report[res.metric];
        dispose(res.model.parameters()); // wasm and GPU buffers are not garbage-collected
        if (kind === 'attention') run.value = value;
        else run.baseline = value;
        emit({ type: 'result', index: i, seed, fold, kind, value });
      }
      runs.push(run);
    }
  }
  const result: CrossValidateResult = {
    metric, folds, seeds, runs, model: meanSd(runs.map((r) => r.value)),
    baseline: baseline ? meanSd(runs.map((r) => r.baseline!)) : null,
    gain: baseline ? meanSd(runs.map((r) => r.value - r.baseline!)) : null,
  };
  emit({ type: 'done', result });
  return result;
}
