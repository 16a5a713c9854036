// Training a task model: encode once, batch by similar length, AdamW with warm-up + cosine decay and gradient
// clipping through the library's trainLoop (one `tidy` per step, so memory stays flat), validation a few times
// per epoch through its evaluation hook, early stopping with the best weights restored (BestWeights, EMA from
// src/train/). Emits events; never prints. Same seed, same numbers.
import { AttnError } from '../errors.js';
import { Rng } from '../random.js';
import type { WordVectors } from '../embeddings/word-vectors.js';
import { crossEntropy } from '../train/losses.js';
import { AdamW } from '../train/adam.js';
import { LRScheduler, warmupCosine } from '../train/schedules.js';
import { trainLoop } from '../train/loop.js';
import { EMA } from '../train/ema.js';
import { BestWeights } from '../train/best-weights.js';
import { encodeWith, extraWords, tunedWords, Vocabulary, type EncodedExample } from './encode.js';
import { makeBatch } from './batch.js';
import { predictEncoded } from './evaluate-task.js';
import { classificationReport, type ClassificationReport } from './metrics.js';
import { requireLabels } from './examples.js';
import { taskSpec, type TaskExample } from './registry.js';
import { TaskModel, type TaskModelConfig } from './task-model.js';
import { initFromPretrained, type PretrainedInit } from '../pretrain/init-task-model.js';

export interface TrainTaskOptions {
  /** The model to build; `extraWords` is filled from the training data. */
  config: TaskModelConfig;
  wv: WordVectors;
  train: readonly TaskExample[];
  val: readonly TaskExample[];
  /** Defaults for epochs, lr, batchSize, patience, evalsPerEpoch: the task spec's `train` (TRAIN_DEFAULTS[task]). */
  epochs?: number;
  lr?: number;
  batchSize?: number;
  weightDecay?: number;
  /** Fraction of all steps spent warming up (default 0.06). */
  warmup?: number;
  /** Global gradient-norm clip (default 1). */
  clip?: number;
  seed?: number;
  /** Stop after this many validations without improvement. */
  patience?: number;
  /** Validations per epoch. */
  evalsPerEpoch?: number;
  /** The extra trainable words: at most `max`, seen at least `minCount` times (default 1000, 3). */
  extra?: { max?: number; minCount?: number };
  /**
   * Tuned words, GloVe words with a trainable correction: at most `max` (default 0, none), seen ≥ `minCount` times
   * (default 1). Weight decay pulls the corrections back toward GloVe.
   */
  tune?: { max?: number; minCount?: number };
  /**
   * Validate (and keep) an exponential moving average of the weights instead of the weights themselves, with
   * this decay (default 0: off); the decay ramps up as min(ema, (1 + t) / (10 + t)) so early steps are not stuck
   * at the initialisation.
   */
  ema?: number;
  /** Probability of reading a training token (never a focus token) as <unk> (default 0): robustness to unseen words. */
  wordDropout?: number;
  /** Start the input projection, positions and encoder from a pre-trained folder (`attn pretrain`); the head stays fresh. */
  init?: PretrainedInit;
  onEvent?: (e: TaskTrainEvent) => void;
}

export type TaskTrainEvent =
  | { type: 'start'; task: string; kind: string; trainExamples: number; valExamples: number; epochs: number; stepsPerEpoch: number; totalSteps: number; parameters: number; extraWords: number; tunedWords: number }
  | { type: 'step'; epoch: number; step: number; totalSteps: number; loss: number; lr: number; examplesPerSec: number; elapsedMs: number }
  | { type: 'eval'; epoch: number; step: number; metric: string; value: number; loss: number; best: boolean }
  | { type: 'stop'; reason: 'patience' | 'epochs'; bestStep: number; bestEpoch: number }
  | { type: 'done'; result: Omit<TrainTaskResult, 'model'> };

export interface TrainTaskResult {
  model: TaskModel;
  /** The validation report of the restored (best) weights. */
  validation: ClassificationReport;
  /** 'accuracy' (SST-2, WiC) or 'macroF1' (idioms, the task's metric). */
  metric: 'accuracy' | 'macroF1';
  bestEpoch: number;
  bestStep: number;
  steps: number;
  epochs: number;
  stoppedEarly: boolean;
  trainMs: number;
  /** Training examples processed per second of optimisation (validation time excluded). */
  examplesPerSec: number;
  history: { epoch: number; step: number; loss: number; value: number }[];
}

/** Count of trainable scalars (frozen vectors are not parameters of the model). */
export function countParameters(model: TaskModel): number {
  return model.parameters().filter((p) => p.requiresGrad).reduce((a, p) => a + p.size, 0);
}

/** One epoch's batches: shuffle, sort chunks of 50 batches by length (little padding), shuffle the batches. */
function epochBatches(encoded: readonly EncodedExample[], batchSize: number, rng: Rng): number[][] {
  const order = rng.shuffle(encoded.map((_, i) => i));
  const batches: number[][] = [];
  const chunk = batchSize * 50;
  for (let c = 0; c < order.length; c += chunk) {
    const part = order.slice(c, c + chunk).sort((a, b) => encoded[a].seqs[0].length - encoded[b].seqs[0].length);
    for (let s = 0; s < part.length; s += batchSize) batches.push(part.slice(s, s + batchSize));
  }
  return rng.shuffle(batches);
}

/** The example with each non-focus token replaced by <unk> with probability p. */
function dropWords(e: EncodedExample, p: number, rng: Rng): EncodedExample {
  if (p <= 0) return e;
  return { ...e, seqs: e.seqs.map((s, k) => s.map((t, i) => (!e.focus[k].includes(i) && rng.uniform() < p ? '<unk>' : t))) };
}

/**
 * Train one model (attention or static baseline) on `train`, validating on `val`.
 * @example
 * const { model, validation } = await trainTask({ config: defaultModelConfig('wic', 'attention', wv.dim), wv, train, val, epochs: 10 });
 */
export async function trainTask(opts: TrainTaskOptions): Promise<TrainTaskResult> {
  const spec = taskSpec(opts.config.task), d = spec.train;
  const { wv, epochs = d.epochs, lr = d.lr, batchSize = d.batchSize, weightDecay = 0.01, warmup = 0.06, clip = 1, seed = 0, patience = d.patience, evalsPerEpoch = d.evalsPerEpoch } = opts;
  const emit = opts.onEvent ?? (() => {});
  requireLabels(opts.train, 'train');
  requireLabels(opts.val, 'train (validation)');
  if (opts.train.length === 0 || opts.val.length === 0) throw new AttnError('E_INPUT', `train: need training and validation examples, got ${opts.train.length} and ${opts.val.length}`);
  const task = opts.config.task;
  const bad = [...opts.train, ...opts.val].find((e) => e.task !== task);
  if (bad) throw new AttnError('E_INPUT', `train: a ${bad.task} example (line ${bad.line}) in ${task} data`);

  const train = encodeWith(opts.config, wv, opts.train), val = encodeWith(opts.config, wv, opts.val);
  const config: TaskModelConfig = { ...opts.config, dim: wv.dim, extraWords: ['<unk>', ...extraWords(train, wv, opts.extra)], tunedWords: tunedWords(train, wv, opts.tune) };
  const vocab = new Vocabulary(wv, config.extraWords, config.tunedWords);
  const rng = new Rng(seed);
  const model = new TaskModel(config, new Rng(rng.nextU32()));
  if (opts.init && config.kind === 'attention') initFromPretrained(model, opts.init, wv);
  const wordDropout = opts.wordDropout ?? 0, dropRng = new Rng(seed + 7);
  const params = model.parameters().filter((p) => p.requiresGrad);
  const optimizer = new AdamW(params, { lr, weightDecay });
  const stepsPerEpoch = Math.ceil(train.length / batchSize);
  const totalSteps = stepsPerEpoch * epochs;
  const scheduler = new LRScheduler(optimizer, warmupCosine({ warmupSteps: Math.round(warmup * totalSteps), totalSteps }));
  const { metric, labels } = spec;
  emit({ type: 'start', task, kind: config.kind, trainExamples: train.length, valExamples: val.length, epochs, stepsPerEpoch, totalSteps, parameters: countParameters(model), extraWords: config.extraWords.length - 1, tunedWords: config.tunedWords?.length ?? 0 });

  let epoch = 0, step = 0, examples = 0, trainMsSum = 0, lastLoss = NaN, bestEpoch = 0;
  // Best-weight and EMA copies live on the backend (src/train/), freed at the end.
  const best = new BestWeights(params);
  const ema = (opts.ema ?? 0) > 0 ? new EMA(params, opts.ema!) : null;
  const history: TrainTaskResult['history'] = [];
  const t0 = performance.now();
  // trainLoop's evaluation hook: validate (the moving average, with EMA) and keep the best weights.
  const validate = async () => {
    ema?.swapIn();
    const p = await predictEncoded(model, vocab, val);
    model.train();
    const report = classificationReport(val.map((e) => e.label as number), p.labels, labels);
    const value = report[metric];
    const improved = best.offer(value, step);
    if (improved) bestEpoch = epoch;
    ema?.swapOut();
    history.push({ epoch, step, loss: lastLoss, value });
    emit({ type: 'eval', epoch, step, metric, value, loss: p.loss, best: improved });
    return { [metric]: value, loss: p.loss };
  };

  model.train();
  let summary;
  try {
    summary = await trainLoop<number[]>({
      optimizer, scheduler, epochs, clipGradNorm: clip,
      batches: (e) => epochBatches(train, batchSize, new Rng(seed + 1000 * (e + 1))),
      loss: (idx) => crossEntropy(model.forward(makeBatch(idx.map((i) => dropWords(train[i], wordDropout, dropRng)), vocab)).logits, Int32Array.from(idx, (i) => train[i].label as number)),
      batchSize: (idx) => idx.length,
      // evalsPerEpoch validations per epoch, the last one at the epoch's end.
      evalEvery: ({ stepInEpoch: k }) => Math.floor((k * evalsPerEpoch) / stepsPerEpoch) > Math.floor(((k - 1) * evalsPerEpoch) / stepsPerEpoch),
      evaluate: validate,
      shouldStop: () => best.sinceBest >= patience,
      onEvent: (e) => {
        if (e.type !== 'step') return;
        epoch = e.epoch;
        step = e.step;
        lastLoss = e.loss;
        ema?.update(step);
        examples += e.examples;
        trainMsSum += (e.examples * 1000) / e.examplesPerSec;
        emit({ type: 'step', epoch, step, totalSteps, loss: e.loss, lr: e.lr, examplesPerSec: (examples * 1000) / trainMsSum, elapsedMs: performance.now() - t0 });
      },
    });
    best.restore();
  } finally {
    best.dispose();
    ema?.dispose();
  }
  const bestStep = best.step;
  emit({ type: 'stop', reason: summary.stopped ? 'patience' : 'epochs', bestStep, bestEpoch });
  const final = await predictEncoded(model, vocab, val);
  const result: TrainTaskResult = {
    model, validation: classificationReport(val.map((e) => e.label as number), final.labels, labels), metric,
    bestEpoch, bestStep, steps: summary.steps, epochs: summary.epochs, stoppedEarly: summary.stopped,
    trainMs: performance.now() - t0, examplesPerSec: trainMsSum ? (examples * 1000) / trainMsSum : 0, history,
  };
  const { model: _, ...rest } = result;
  emit({ type: 'done', result: rest });
  return result;
}
