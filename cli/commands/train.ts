// `attn train --task sst2|wic|idiom --train PATH --out DIR` — trains a self-attention task model and, beside it in
// the same run, the static baseline (same code, no encoder), on a validation split carved from the training data
// with a fixed seed; with --folds K [--seeds N] it first runs the validation protocol (crossValidate: K folds shaped
// like the official split × N seeds, model and baseline) and records its mean ± sd in the model card. A progress bar on stderr (one line per validation when stderr is not a terminal); the model
// folder gets model.safetensors, config.json and a model card (README.md); the baseline goes to DIR/baseline.
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import cliProgress from 'cli-progress';
import {
  AttnError, POSITIONAL_KINDS, TASKS, taskSpec, checkInit, defaultModelConfig, validationSplit, trainTask, crossValidate, saveTaskModel, vectorsFingerprint, countParameters,
  type TaskExample, type TaskTrainEvent, type TrainTaskResult, type PositionalKind, type TaskModelConfig, type ModelKind, type Setting, type TrainingRecord, type CrossValidateResult,
} from '../../src/index.js';
import { attnCommand, intOption, numberOption, UsageError } from '../command.js';
import { vectorArgs, vectorsFor } from '../vectors.js';
import { encoderArgs } from '../encoder-args.js';
import { readPretrainDir } from '../../src/node/index.js';
import { emit, r } from '../output.js';
import { progressOn } from '../progress.js';
import { table } from '../render/text.js';
import { protocolProgress, protocolRecord, protocolJson, protocolTable } from './_protocol-view.js';
import { readTaskData, describeLeftOut, taskOf, writeModelDir, prepareModelDir, labelWarnings, type TaskData } from './_task-io.js';

function progress(label: string, json: boolean): { onEvent: (e: TaskTrainEvent) => void; stop: () => void } {
  const tty = progressOn();
  let bar: cliProgress.SingleBar | undefined, metric = '', val = '–', epochs = 0;
  const onEvent = (e: TaskTrainEvent) => {
    if (e.type === 'start') {
      epochs = e.epochs;
      if (!json) process.stderr.write(`${label}: ${e.trainExamples.toLocaleString('en')} training / ${e.valExamples.toLocaleString('en')} validation examples, ${e.parameters.toLocaleString('en')} trainable parameters, ${e.extraWords} extra words${e.tunedWords ? `, ${e.tunedWords} tuned words` : ''}\n`);
      if (tty) {
        bar = new cliProgress.SingleBar({
          format: `${label} [{bar}] {percentage}% | epoch {epoch}/{epochs} | loss {loss} | val {metric} {val} | {eps} ex/s | ETA {eta_formatted}`,
          hideCursor: true, stream: process.stderr, etaBuffer: 50,
        }, cliProgress.Presets.shades_classic);
        bar.start(e.totalSteps, 0, { epoch: 1, epochs, loss: '–', metric: '', val, eps: '–' });
      }
    } else if (e.type === 'step') {
      bar?.update(e.step, { epoch: e.epoch + 1, loss: e.loss.toFixed(3), eps: e.examplesPerSec.toFixed(0), metric, val });
    } else if (e.type === 'eval') {
      metric = e.metric;
      val = `${e.value.toFixed(4)}${e.best ? '*' : ''}`;
      if (!tty && !json) process.stderr.write(`${label}: epoch ${e.epoch + 1}/${epochs} step ${e.step} val ${e.metric} ${e.value.toFixed(4)}${e.best ? ' (best)' : ''} val loss ${e.loss.toFixed(4)}\n`);
    } else if (e.type === 'stop' && e.reason === 'patience' && !json) {
      bar?.stop();
      bar = undefined;
      process.stderr.write(`${label}: early stop, best weights from step ${e.bestStep} (epoch ${e.bestEpoch + 1})\n`);
    }
  };
  return { onEvent, stop: () => bar?.stop() };
}

function positionsOf(v: string | undefined): PositionalKind | undefined {
  if (v === undefined) return undefined;
  if (!(POSITIONAL_KINDS as readonly string[]).includes(v)) throw new UsageError(`--positions must be one of ${POSITIONAL_KINDS.join(', ')}, got '${v}'`);
  return v as PositionalKind;
}

export const trainCommand = attnCommand({
  name: 'train',
  description: 'Train a self-attention model (and its static baseline) on SST-2, WiC or SemEval-2022 idioms',
  args: {
    task: { type: 'string', valueHint: TASKS.join('|'), description: 'The task', required: true },
    train: { type: 'string', valueHint: 'PATH[,PATH]', description: 'Training file(s); validation is carved from the first, later files only add training rows', required: true },
    gold: { type: 'string', valueHint: 'PATH', description: 'Gold labels in a separate file (WiC gold lines; a CSV joined by ID for idioms)' },
    setting: { type: 'string', valueHint: 'zero-shot|one-shot', description: 'Idioms: one-shot also trains on train_one_shot.csv (found beside --train) and holds out one example per label of each validation expression', default: 'zero-shot' },
    out: { type: 'string', valueHint: 'DIR', description: 'Where to write the model (the baseline goes to DIR/baseline)', required: true },
    ...encoderArgs,
    maxLen: { type: 'string', valueHint: 'T', description: 'Longest input in tokens (default 64; idioms 48)' },
    dropout: { type: 'string', valueHint: 'P', description: 'Dropout (default 0.1)' },
    tuneWords: { type: 'string', valueHint: 'N', description: 'Learn a correction to the frozen vectors of the N most frequent training words (default 0: the vectors stay as pre-trained; the shipped SST-2 model uses 4000)' },
    ema: { type: 'string', valueHint: 'D', description: 'Validate and keep a moving average of the weights with decay D, e.g. 0.998 (default 0: off)' },
    wordDropout: { type: 'string', valueHint: 'P', description: 'Probability of reading a training token as <unk> (default 0): robustness to words training never saw' },
    context: { type: 'boolean', description: 'Idioms: also read the Previous and Next sentences, in a --max-len window around the expression (default on)', default: true, negativeDescription: 'Idioms: read the Target sentence only' },
    epochs: { type: 'string', valueHint: 'N', description: 'Most epochs (default per task: sst2 2, wic 8, idiom 8)' },
    lr: { type: 'string', valueHint: 'LR', description: 'Peak learning rate of AdamW (warm-up, then cosine decay)' },
    batch: { type: 'string', valueHint: 'B', description: 'Batch size (default 32)' },
    seed: { type: 'string', valueHint: 'S', description: 'Seed of the split, initialisation, shuffling and dropout (default 0)', default: '0' },
    valFraction: { type: 'string', valueHint: 'F', description: 'Fraction held out for validation (default sst2 0.1, others 0.2)' },
    patience: { type: 'string', valueHint: 'N', description: 'Stop after N validations without improvement' },
    folds: { type: 'string', valueHint: 'K', description: 'First run the validation protocol: K folds (at least 2), each shaped like the official split; reports mean ± sd and records it in the model card' },
    seeds: { type: 'string', valueHint: 'N', description: 'With --folds: repeat the K folds with N seeds (seed, seed+1, …; default 1)' },
    baseline: { type: 'string', valueHint: 'static|none', description: 'Also train the static baseline, side by side (default static)', default: 'static' },
    init: { type: 'string', valueHint: 'DIR', description: 'Start the encoder (input projection, positions, layers) from a folder written by attn pretrain; the head starts fresh' },
    skipBad: { type: 'boolean', description: 'Skip malformed rows (counted and reported) instead of stopping at the first', default: false },
    ...vectorArgs,
  },
  examples: [
    'attn train --task sst2 --train ../shared/data/sst2/train.tsv --out models/sst2',
    'attn train --task wic --train ../shared/data/wic/train.data.txt --gold ../shared/data/wic/train.gold.txt --out models/wic',
    'attn train --task idiom --train ../shared/data/semeval2022_task2a_idiomaticity/train_zero_shot.csv --setting one-shot --out models/idiom-one-shot',
    'attn train --task wic --train ../shared/data/wic/train.data.txt --folds 5 --seeds 2 --out models/wic --json',
  ],
  async run(args) {
    const task = taskOf(args.task);
    const spec = taskSpec(task), d = spec.train;
    const setting = args.setting as Setting;
    if (setting !== 'zero-shot' && setting !== 'one-shot') throw new UsageError(`--setting must be zero-shot or one-shot, got '${args.setting}'`);
    if (!spec.settings.includes(setting)) throw new UsageError(`--setting ${setting} is not a setting of ${task} (it has ${spec.settings.join(', ')})`);
    const settingOf = spec.settings.length > 1 ? setting : undefined; // recorded only where the task has settings
    if (args.baseline !== 'static' && args.baseline !== 'none') throw new UsageError(`--baseline must be static or none, got '${args.baseline}'`);
    const num = (name: string, v: unknown, positive = true) => numberOption(name, v, { positive });
    const settings = {
      epochs: intOption('epochs', args.epochs) ?? d.epochs, lr: num('lr', args.lr) ?? d.lr, batchSize: intOption('batch', args.batch) ?? d.batchSize,
      seed: intOption('seed', args.seed, { min: 0 })!, patience: intOption('patience', args.patience) ?? d.patience, evalsPerEpoch: d.evalsPerEpoch,
      valFraction: num('val-fraction', args.valFraction) ?? d.valFraction, tuneWords: intOption('tune-words', args.tuneWords, { min: 0, max: 1_000_000 }) ?? 0,
      wordDropout: num('word-dropout', args.wordDropout, false) ?? 0, ema: num('ema', args.ema, false) ?? 0,
    };
    if (!(settings.ema < 1)) throw new UsageError(`--ema must be below 1, got ${settings.ema}`);
    if (!(settings.wordDropout < 1)) throw new UsageError(`--word-dropout must be below 1, got ${settings.wordDropout}`);
    if (!(settings.valFraction < 1)) throw new UsageError(`--val-fraction must be below 1, got ${settings.valFraction}`);
    const folds = intOption('folds', args.folds, { min: 2, max: 100 });
    const seeds = intOption('seeds', args.seeds, { min: 1, max: 100 });
    if (seeds !== undefined && folds === undefined) throw new UsageError('--seeds repeats the protocol: give --folds K with it');
    const writer = await prepareModelDir(args.out); // before any work: a bad --out loses nothing
    const paths = args.train.split(',').filter(Boolean);
    if (setting === 'one-shot' && paths.length === 1) {
      const beside = join(dirname(paths[0]), 'train_one_shot.csv');
      if (!existsSync(beside)) throw new AttnError('E_NOT_FOUND', `--setting one-shot: no train_one_shot.csv beside ${paths[0]} (give it as --train ZERO.csv,ONE.csv)`);
      paths.push(beside);
    }
    const data: TaskData[] = [];
    for (const [i, p] of paths.entries()) {
      const dset = await readTaskData(task, p, { gold: i === 0 ? args.gold : undefined, skipBad: args.skipBad });
      for (const line of describeLeftOut(dset, p)) if (!args.json) process.stderr.write(line + '\n');
      data.push(dset);
    }
    const split = validationSplit(data[0].examples, { fraction: settings.valFraction, seed: settings.seed, setting });
    const train: TaskExample[] = [...split.train, ...data.slice(1).flatMap((x) => x.examples)];
    if (!args.json) for (const w of [...labelWarnings(train, 'the training data', 100), ...labelWarnings(split.val, 'the validation split', 50)]) process.stderr.write(w + '\n');
    const wv = await vectorsFor(args);
    const init = args.init ? { ...(await readPretrainDir(args.init)), name: args.init } : undefined;
    const base = defaultModelConfig(task, 'attention', wv.dim);
    const config: TaskModelConfig = {
      ...base,
      layers: intOption('layers', args.layers, { max: 12 }) ?? base.layers, heads: intOption('heads', args.heads, { max: 64 }) ?? base.heads,
      dModel: intOption('dim', args.dim, { max: 4096 }) ?? base.dModel, ffDim: intOption('ff', args.ff, { max: 16384 }) ?? base.ffDim,
      positions: positionsOf(args.positions) ?? base.positions, maxLen: intOption('max-len', args.maxLen, { max: 4096 }) ?? base.maxLen,
      dropout: num('dropout', args.dropout, false) ?? base.dropout, context: base.context && args.context,
    };
    if (config.dModel % config.heads !== 0) throw new UsageError(`--dim ${config.dModel} must be a multiple of --heads ${config.heads}`);
    if (init) checkInit(config, init, wv); // before the baseline trains: a mismatch costs nothing
    const vectors = { name: args.vectors ?? 'default (bundled GloVe 6B 100d, 50k words)', words: wv.size, dim: wv.dim, fingerprint: vectorsFingerprint(wv) };
    const splitName = spec.heldOut.describe(setting);

    const trainOptions = { wv, ...settings, tune: { max: settings.tuneWords }, wordDropout: settings.wordDropout, ema: settings.ema, init };
    let cv: CrossValidateResult | null = null;
    if (folds !== undefined) {
      const p = protocolProgress(task, args.json);
      try {
        cv = await crossValidate({
          ...trainOptions, config, examples: data[0].examples, extraTrain: data.slice(1).flatMap((x) => x.examples),
          folds, seeds: seeds ?? 1, firstSeed: settings.seed, setting, baseline: args.baseline === 'static', onEvent: p.onEvent,
        });
      } finally {
        p.stop();
      }
    }

    const fit = async (kind: ModelKind): Promise<TrainTaskResult> => {
      const p = progress(kind === 'static' ? `${task} static baseline` : `${task} attention`, args.json);
      try {
        return await trainTask({ ...trainOptions, config: { ...config, kind }, train, val: split.val, onEvent: p.onEvent });
      } finally {
        p.stop();
      }
    };
    const record = (res: TrainTaskResult): TrainingRecord => ({
      data: {
        files: data.flatMap((x) => x.files), setting: settingOf, trainExamples: train.length, valExamples: split.val.length,
        droppedForValidation: split.dropped, skipped: data.reduce((a, x) => a + x.skipped.length, 0),
        filtered: Object.assign({}, ...data.map((x) => x.filtered)), split: `${splitName}, fraction ${settings.valFraction}, seed ${settings.seed}`,
      },
      settings: { ...settings, epochsRun: res.epochs, ...(init && res.model.config.kind === 'attention' ? { init: args.init! } : {}) },
      validation: { metric: res.metric, value: res.validation[res.metric], report: res.validation },
      timing: { trainSeconds: res.trainMs / 1000, examplesPerSec: res.examplesPerSec, steps: res.steps, epochs: res.epochs, bestEpoch: res.bestEpoch, stoppedEarly: res.stoppedEarly },
      parameters: countParameters(res.model),
    });
    const baseline = args.baseline === 'static' ? await fit('static') : null;
    const baselineRecord = baseline ? record(baseline) : null;
    if (baseline) {
      // Saved before the attention model trains: an interrupted run (Ctrl+C) keeps it, and says where.
      await writeModelDir(join(writer.staging, 'baseline'), await saveTaskModel(baseline.model, { vectors, training: baselineRecord! }));
      if (!args.json) process.stderr.write(`${task} static baseline saved in ${join(writer.staging, 'baseline')} (kept if this run is interrupted); ${args.out} is written when the attention model finishes\n`);
    }
    const model = await fit('attention');
    const summary = (res: TrainTaskResult) => ({
      value: r(res.validation[res.metric]), accuracy: r(res.validation.accuracy), macroF1: r(res.validation.macroF1),
      trainSeconds: r(res.trainMs / 1000, 1), examplesPerSec: r(res.examplesPerSec, 1), parameters: countParameters(res.model), bestEpoch: res.bestEpoch + 1,
    });
    const rec = record(model);
    if (cv) rec.protocol = protocolRecord(cv, splitName); // the model's card only: the protocol chose its configuration
    if (baseline) {
      const b = baselineRecord!;
      rec.baseline = { value: b.validation.value, report: b.validation.report, trainSeconds: b.timing.trainSeconds, examplesPerSec: b.timing.examplesPerSec, parameters: b.parameters };
    }
    await writeModelDir(writer.staging, await saveTaskModel(model.model, { vectors, training: rec }));
    await writer.commit();
    const rows = [['attention', model], ...(baseline ? [['static baseline', baseline] as const] : [])] as const;
    emit(args.json, { out: args.out, task, setting: settingOf ?? null, metric: model.metric, model: summary(model), baseline: baseline ? summary(baseline) : null, protocol: cv ? protocolJson(cv) : null }, () =>
      (cv ? `protocol: ${cv.folds} folds × ${cv.seeds} seed(s), ${splitName}\n${protocolTable(cv)}\n\nfinal model (validation split, fraction ${settings.valFraction}, seed ${settings.seed}):\n` : '') +
      table(['model', `val ${model.metric}`, 'accuracy', 'macro-F1', 'time', 'ex/s', 'parameters'], rows.map(([name, res]) => {
        const s = summary(res);
        return [name, s.value.toFixed(4), s.accuracy.toFixed(4), s.macroF1.toFixed(4), `${s.trainSeconds.toFixed(0)} s`, s.examplesPerSec.toFixed(0), s.parameters.toLocaleString('en')];
      })) + `\nwrote ${args.out}${baseline ? ` and ${join(args.out, 'baseline')}` : ''} (model card: ${join(args.out, 'README.md')}; data from ${paths.map((p) => basename(p)).join(', ')})`,
    );
  },
});
