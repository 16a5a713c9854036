// `attn pretrain CORPUS --out DIR` — masked-word pre-training of the task models' encoder over the frozen word
// vectors (see docs/pretraining.md); `attn train --init DIR` then starts a task model from it. A progress bar on
// stderr (a line per logged loss when stderr is not a terminal); DIR is rewritten whole at every checkpoint, and
// `--resume` continues from the last one exactly; Ctrl+C writes a checkpoint after the current step. `--steps`
// sets the schedule, `--max-minutes` a time budget.
import { createHash } from 'node:crypto';
import cliProgress from 'cli-progress';
import {
  AttnError, Pretrainer, PRETRAIN_DEFAULTS, POSITIONAL_KINDS, defaultModelConfig, encoderConfigOf, readPretrainCorpus, vectorsFingerprint,
  type EncoderConfig, type PretrainEvent, type PositionalKind, type PretrainedMeta,
} from '../../src/index.js';
import { checkPretrainOut, readPretrainDir, readRegularFile, writePretrainDir } from '../../src/node/index.js';
import { attnCommand, intOption, numberOption, UsageError } from '../command.js';
import { vectorArgs, vectorsFor } from '../vectors.js';
import { encoderArgs } from '../encoder-args.js';
import { emit, r } from '../output.js';

function progress(json: boolean): { onEvent: (e: PretrainEvent) => void; stop: () => void } {
  const tty = process.stderr.isTTY && !process.env.CI;
  let bar: cliProgress.SingleBar | undefined, loss = '–';
  const onEvent = (e: PretrainEvent) => {
    if (json) return;
    if (e.type === 'start') {
      process.stderr.write(`pretrain: ${e.sequences.toLocaleString('en')} sequences, ${e.tokens.toLocaleString('en')} tokens, ${e.parameters.toLocaleString('en')} trainable parameters${e.resumed ? `, resuming at step ${e.step}` : ''}\n`);
      if (tty) {
        bar = new cliProgress.SingleBar({
          format: 'pretrain [{bar}] {percentage}% | step {value}/{total} | loss {loss} | {wps} words/s | ETA {eta_formatted}', hideCursor: true, stream: process.stderr, etaBuffer: 100,
        }, cliProgress.Presets.shades_classic);
        bar.start(e.totalSteps, e.step, { loss, wps: '–' });
      }
    } else if (e.type === 'log') {
      loss = e.meanLoss.toFixed(3);
      if (!tty) process.stderr.write(`pretrain: step ${e.step} loss ${loss}\n`);
    } else bar?.update(e.step, { loss, wps: e.wordsPerSec.toFixed(0) });
  };
  return { onEvent, stop: () => bar?.stop() };
}

export const pretrainCommand = attnCommand({
  name: 'pretrain',
  description: 'Pre-train the task models\' encoder by masked-word prediction over the frozen word vectors (then: attn train --init DIR)',
  args: {
    corpus: { type: 'positional', description: 'Unlabelled UTF-8 text, one sentence or passage per line (scripts/build-pretrain-corpus.sh builds one)', required: true },
    out: { type: 'string', valueHint: 'DIR', description: 'The pre-trained folder: config.json, model.safetensors, optimizer.safetensors (rewritten at each checkpoint)', required: true },
    resume: { type: 'boolean', description: 'Continue the run in --out from its last checkpoint (same corpus, vectors and options)', default: false },
    steps: { type: 'string', valueHint: 'N', description: 'Optimizer steps of the schedule (default 2000; with --resume, the run\'s)' },
    maxMinutes: { type: 'string', valueHint: 'M', description: 'Stop after M minutes of training (checkpointed; --resume continues)' },
    checkpointEvery: { type: 'string', valueHint: 'N', description: 'Write --out every N steps (default 250)' },
    ...encoderArgs,
    maxLen: { type: 'string', valueHint: 'T', description: 'Tokens per packed sequence, and the learned positions (default 64; a task model may use fewer)' },
    dropout: { type: 'string', valueHint: 'P', description: 'Dropout (default 0.1)' },
    lr: { type: 'string', valueHint: 'LR', description: `Peak learning rate of AdamW (warm-up, then cosine decay; default ${PRETRAIN_DEFAULTS.lr})` },
    batch: { type: 'string', valueHint: 'B', description: `Sequences per step (default ${PRETRAIN_DEFAULTS.batchSize})` },
    negatives: { type: 'string', valueHint: 'K', description: `Sampled negatives per step for the sampled softmax (default ${PRETRAIN_DEFAULTS.negatives})` },
    maskRate: { type: 'string', valueHint: 'P', description: `Fraction of tokens predicted (default ${PRETRAIN_DEFAULTS.maskRate})` },
    seed: { type: 'string', valueHint: 'S', description: 'Seed of the initialisation, batches, masks and dropout (default 0)' },
    ...vectorArgs,
  },
  examples: [
    'scripts/build-pretrain-corpus.sh corpus.txt && attn pretrain corpus.txt --out pretrained --max-minutes 10',
    'attn pretrain corpus.txt --out pretrained --resume',
    'attn train --task wic --train ../shared/data/wic/train.data.txt --init pretrained --out models/wic',
  ],
  async run(args) {
    const out = args.out;
    await checkPretrainOut(out); // before any work
    const saved = args.resume ? await readPretrainDir(out, { optimizer: true }).catch((e) => {
      if (e instanceof AttnError && e.code === 'E_NOT_FOUND') throw new UsageError(`--resume: ${e.message}; nothing to resume`);
      throw e;
    }) : null;
    const prev: Partial<EncoderConfig> = saved?.meta.model ?? {};
    const ps = saved?.meta.progress.settings;
    const wv = await vectorsFor(args);
    const base = { ...encoderConfigOf(defaultModelConfig('sst2', 'attention', wv.dim)), ...prev };
    const positions = args.positions ?? base.positions;
    if (!(POSITIONAL_KINDS as readonly string[]).includes(positions)) throw new UsageError(`--positions must be one of ${POSITIONAL_KINDS.join(', ')}, got '${positions}'`);
    const config: EncoderConfig = {
      ...base, dim: wv.dim, positions: positions as PositionalKind,
      dModel: intOption('dim', args.dim, { max: 4096 }) ?? base.dModel, layers: intOption('layers', args.layers, { max: 12 }) ?? base.layers,
      heads: intOption('heads', args.heads, { max: 64 }) ?? base.heads, ffDim: intOption('ff', args.ff, { max: 16384 }) ?? base.ffDim,
      maxLen: intOption('max-len', args.maxLen, { min: 2, max: 4096 }) ?? base.maxLen, dropout: numberOption('dropout', args.dropout) ?? base.dropout,
    };
    if (config.dModel % config.heads !== 0) throw new UsageError(`--dim ${config.dModel} must be a multiple of --heads ${config.heads}`);
    if (!(config.dropout >= 0 && config.dropout < 1)) throw new UsageError(`--dropout must be in [0, 1), got ${config.dropout}`);
    const settings = {
      lr: numberOption('lr', args.lr, { positive: true }) ?? ps?.lr, batchSize: intOption('batch', args.batch, { max: 4096 }) ?? ps?.batchSize,
      negatives: intOption('negatives', args.negatives, { max: 100_000 }) ?? ps?.negatives, maskRate: numberOption('mask-rate', args.maskRate, { positive: true }) ?? ps?.maskRate,
      seed: intOption('seed', args.seed, { min: 0, max: 2 ** 31 - 1 }) ?? ps?.seed, weightDecay: ps?.weightDecay, warmup: ps?.warmup, clip: ps?.clip,
    };
    if (settings.maskRate !== undefined && settings.maskRate > 1) throw new UsageError(`--mask-rate must be at most 1, got ${settings.maskRate}`);
    const steps = intOption('steps', args.steps, { max: 1e9 }) ?? saved?.meta.progress.totalSteps ?? 2000;
    const maxMinutes = numberOption('max-minutes', args.maxMinutes, { positive: true });
    const every = intOption('checkpoint-every', args.checkpointEvery) ?? 250;

    const bytes = await readRegularFile(args.corpus, { maxBytes: 1 << 30, what: 'a text corpus' });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const corpus = readPretrainCorpus(new TextDecoder().decode(bytes), wv, { maxLen: config.maxLen, file: args.corpus });
    const vectors = { name: args.vectors ?? 'default (bundled GloVe 6B 100d, 50k words)', words: wv.size, dim: wv.dim, fingerprint: vectorsFingerprint(wv) };
    if (saved && saved.meta.vectors.fingerprint !== vectors.fingerprint) throw new AttnError('E_INPUT', `--resume: the run used other vectors (${saved.meta.vectors.name}); give the same --vectors`);
    if (saved && saved.meta.corpus.sha256 !== sha256) throw new AttnError('E_INPUT', `--resume: ${args.corpus} is not the corpus the run read (${saved.meta.corpus.name}, sha256 ${saved.meta.corpus.sha256?.slice(0, 12)}…)`);
    const about: Pick<PretrainedMeta, 'vectors' | 'corpus'> = { vectors, corpus: { name: args.corpus, sha256, lines: corpus.lines, tokens: corpus.tokens, known: corpus.known, sequences: corpus.sequences.length } };

    const p = progress(args.json);
    const run = new Pretrainer({ corpus, wv, config, steps, ...settings, resume: saved ?? undefined, onEvent: p.onEvent });
    const deadline = maxMinutes !== undefined ? performance.now() + maxMinutes * 60_000 : Infinity;
    // Ctrl+C stops after the current step and writes a checkpoint, so that no finished step is lost and --resume
    // continues from it; a second Ctrl+C quits at once (the last complete checkpoint is still there).
    let interrupted = false;
    const onSigint = () => {
      if (interrupted) process.exit(130);
      interrupted = true;
      p.stop();
      process.stderr.write('\npretrain: interrupted; writing a checkpoint after this step (Ctrl+C again to quit now, keeping the last one)\n');
    };
    process.on('SIGINT', onSigint);
    const timeUp = () => performance.now() >= deadline;
    const stop = () => interrupted || timeUp();
    const startStep = run.step;
    try {
      while (!run.finished && !stop()) {
        await run.run({ steps: every, shouldStop: stop });
        await writePretrainDir(out, await run.files(about)); // a checkpoint: the last complete one survives an interruption
      }
      if (run.step === startStep) await writePretrainDir(out, await run.files(about));
    } finally {
      p.stop();
      process.off('SIGINT', onSigint);
    }
    const meta = JSON.parse((await run.files(about))['config.json']) as PretrainedMeta;
    const prog = meta.progress, curve = prog.curve;
    const summary = {
      out, step: prog.step, totalSteps: prog.totalSteps, finished: run.finished, stoppedByTime: !run.finished && !interrupted, interrupted,
      loss: curve.length ? r(curve[curve.length - 1][1], 4) : null, firstLoss: curve.length ? r(curve[0][1], 4) : null,
      trainSeconds: r(prog.trainSeconds, 1), wordsPerSec: r(prog.tokensSeen / Math.max(prog.trainSeconds, 1e-9), 0), tokensSeen: prog.tokensSeen,
      corpus: about.corpus, model: config, curve,
    };
    emit(args.json, summary, () =>
      `pre-trained ${prog.step}/${prog.totalSteps} steps in ${summary.trainSeconds} s (${summary.wordsPerSec} words/s); loss ${summary.firstLoss} → ${summary.loss}\n` +
      `wrote ${out}${run.finished ? '' : ` (stopped by ${interrupted ? 'Ctrl+C' : '--max-minutes'}; continue with: attn pretrain ${args.corpus} --out ${out} --resume)`}; use it with: attn train --init ${out} ...`);
    if (interrupted) process.exitCode = 130; // as a shell reports an interrupted command, though the checkpoint is complete
  },
});
