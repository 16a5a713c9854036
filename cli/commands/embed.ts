// `attn embed train CORPUS --out FILE` — trains word2vec vectors (skip-gram or CBOW, negative sampling) on
// a text file and writes them in any format `--vectors` reads; a progress bar on stderr (one line per
// epoch when stderr is not a terminal). `attn embed demo` trains tiny vectors on the bundled text.
import { defineCommand } from 'citty';
import cliProgress from 'cli-progress';
import { WORD2VEC_DEFAULTS, type Word2vecSettings } from '../../src/index.js';
import { trainWord2vecFile, saveVectors, checkWritable, type SaveFormat, type Word2vecFileEvent } from '../../src/node/index.js';
import { attnCommand, intOption, numberOption, UsageError } from '../command.js';
import { emit, r } from '../output.js';
import { progressOn } from '../progress.js';
import { demoEmbedCommand } from './_embed-demo.js';

const FORMATS: SaveFormat[] = ['word2vec', 'word2vec-binary', 'glove', 'attnvec'];

/** A progress bar (terminal) or one line per epoch (otherwise); nothing with --json. */
export function word2vecProgress(label: string, json: boolean): { onEvent: (e: Word2vecFileEvent) => void; stop: () => void } {
  const tty = progressOn();
  let bar: cliProgress.SingleBar | undefined;
  const onEvent = (e: Word2vecFileEvent) => {
    if (json) return;
    if (e.type === 'vocab') {
      process.stderr.write(`${label}: ${e.vocabSize.toLocaleString('en')} words in the vocabulary, ${e.totalWords.toLocaleString('en')} tokens in ${e.sentences.toLocaleString('en')} lines\n`);
    } else if (e.type === 'progress' && tty) {
      if (!bar) {
        bar = new cliProgress.SingleBar({ format: `${label} [{bar}] {percentage}% | epoch {epoch}/{epochs} | {wps} words/s | loss {loss} | lr {lr} | ETA {eta_formatted}`, hideCursor: true, stream: process.stderr, etaBuffer: 40 }, cliProgress.Presets.shades_classic);
        bar.start(e.wordsTotal, 0, { epoch: 1, epochs: e.epochs, wps: '–', loss: '–', lr: '–' });
      }
      bar.update(e.wordsDone, { epoch: e.epoch + 1, epochs: e.epochs, wps: Math.round(e.wordsPerSec).toLocaleString('en'), loss: e.loss.toFixed(4), lr: e.alpha.toFixed(5) });
    } else if (e.type === 'epoch' && !tty) {
      process.stderr.write(`${label}: epoch ${e.epoch + 1}/${e.epochs} loss ${e.loss.toFixed(4)} in ${e.seconds.toFixed(1)} s\n`);
    }
  };
  return { onEvent, stop: () => bar?.stop() };
}

const train = attnCommand({
  name: 'train',
  description: 'Train word2vec vectors (skip-gram or CBOW with negative sampling) on a text file: one sentence or paragraph per line, tokens separated by spaces',
  args: {
    corpus: { type: 'positional', description: 'The corpus, UTF-8 text (scripts/build-corpus.sh builds one from Debian packages)', required: true },
    out: { type: 'string', valueHint: 'FILE', description: 'Where to write the vectors (atomically)', required: true },
    format: { type: 'string', valueHint: FORMATS.join('|'), description: 'Output format (default from the extension: .bin word2vec binary, .vec word2vec text, .attnvec, else GloVe text)' },
    arch: { type: 'string', valueHint: 'sg|cbow', description: 'Skip-gram or CBOW (default sg)' },
    dim: { type: 'string', valueHint: 'C', description: `Vector size (default ${WORD2VEC_DEFAULTS.dim})` },
    window: { type: 'string', valueHint: 'N', description: `Largest context distance; each word draws 1..N (default ${WORD2VEC_DEFAULTS.window})` },
    negative: { type: 'string', valueHint: 'K', description: `Negative samples (default ${WORD2VEC_DEFAULTS.negative})` },
    minCount: { type: 'string', valueHint: 'N', description: `Ignore words seen fewer times (default ${WORD2VEC_DEFAULTS.minCount})` },
    sample: { type: 'string', valueHint: 'T', description: `Subsampling of frequent words, 0 for none (default ${WORD2VEC_DEFAULTS.sample})` },
    epochs: { type: 'string', valueHint: 'N', description: `Passes over the corpus (default ${WORD2VEC_DEFAULTS.epochs})` },
    lr: { type: 'string', valueHint: 'LR', description: `Starting learning rate, decaying linearly to --min-lr (default ${WORD2VEC_DEFAULTS.alpha})` },
    minLr: { type: 'string', valueHint: 'LR', description: `Final learning rate (default ${WORD2VEC_DEFAULTS.minAlpha})` },
    threads: { type: 'string', valueHint: 'N', description: 'Worker threads, Hogwild (default 1: deterministic for a seed)' },
    kernel: { type: 'string', valueHint: 'auto|wasm|js', description: 'Training kernel: WebAssembly SIMD where available (auto, the default; env ATTNLAB_WORD2VEC_KERNEL), or the JavaScript reference' },
    seed: { type: 'string', valueHint: 'S', description: `Seed (default ${WORD2VEC_DEFAULTS.seed})` },
    tokenize: { type: 'boolean', description: 'Tokenize each line like GloVe (lower-case, punctuation split off) instead of splitting on spaces', default: false },
    checkpoint: { type: 'string', valueHint: 'FILE', description: 'Write a checkpoint after every epoch' },
    resume: { type: 'string', valueHint: 'FILE', description: 'Continue from a checkpoint (its settings are used)' },
    json: { type: 'boolean', description: 'Print machine-readable JSON on stdout', default: false },
  },
  examples: [
    'scripts/build-corpus.sh && attn embed train .cache/corpus/debian.txt --out vectors.bin --threads 2',
    'attn embed train corpus.txt --out cbow.vec --arch cbow --sample 1e-4 --epochs 10',
    'attn similar king --vectors vectors.bin',
  ],
  async run(args) {
    const arch = args.arch ?? WORD2VEC_DEFAULTS.arch;
    if (arch !== 'sg' && arch !== 'cbow') throw new UsageError(`--arch must be sg or cbow, got '${arch}'`);
    const format = args.format as SaveFormat | undefined;
    if (format !== undefined && !FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${format}'`);
    const sample = numberOption('sample', args.sample);
    if (sample !== undefined && !(sample >= 0 && sample < 1)) throw new UsageError(`--sample must be in [0, 1), got '${args.sample}'`);
    const settings: Partial<Word2vecSettings> = {
      arch, dim: intOption('dim', args.dim, { max: 10_000 }), window: intOption('window', args.window, { max: 1000 }), negative: intOption('negative', args.negative, { max: 1000 }),
      minCount: intOption('min-count', args.minCount), sample, epochs: intOption('epochs', args.epochs, { max: 10_000 }),
      alpha: numberOption('lr', args.lr, { positive: true }), minAlpha: numberOption('min-lr', args.minLr), seed: intOption('seed', args.seed, { min: 0, max: 2 ** 32 - 1 }),
    };
    const threads = intOption('threads', args.threads, { max: 256 }) ?? 1;
    const kernel = args.kernel ?? process.env.ATTNLAB_WORD2VEC_KERNEL ?? 'auto';
    if (kernel !== 'auto' && kernel !== 'wasm' && kernel !== 'js') throw new UsageError(`--kernel must be auto, wasm or js, got '${kernel}'`);
    await checkWritable(args.out, '--out');
    if (args.checkpoint) await checkWritable(args.checkpoint, '--checkpoint');
    const p = word2vecProgress(`word2vec ${arch}`, args.json);
    let res;
    let cpu0 = process.cpuUsage(); // training's CPU time from the vocabulary on, worker threads included
    try {
      res = await trainWord2vecFile(args.corpus, { ...settings, threads, tokenize: args.tokenize, kernel, checkpoint: args.checkpoint, resume: args.resume, onEvent: (e) => {
        if (e.type === 'vocab') cpu0 = process.cpuUsage();
        p.onEvent(e);
      } });
    } finally {
      p.stop();
    }
    const cpu = process.cpuUsage(cpu0);
    await saveVectors(args.out, res.vectors, { format });
    const s = res.settings;
    const fin = (x: number) => (Number.isFinite(x) ? x : null);
    emit(args.json, {
      out: args.out, format: format ?? null, settings: s, threads, kernel: res.kernel, vocabSize: res.vocab.words.length, totalWords: res.vocab.totalWords,
      // A resumed run that had already finished trains nothing: no loss or speed to report (null, not NaN).
      seconds: r(res.seconds, 3), wordsPerSec: fin(r(res.wordsPerSec, 0)), wordsPerSecPerThread: fin(r(res.wordsPerSec / threads, 0)), effectiveWords: res.effectiveWords, loss: fin(r(res.loss)),
      // CPU time of training, all threads: a measure that load on a shared machine changes less than wall time.
      cpuSeconds: r((cpu.user + cpu.system) / 1e6, 3),
    }, () => `wrote ${args.out}: ${res.vocab.words.length.toLocaleString('en')} words × ${s.dim} (${s.arch}, ${s.epochs} epochs, ${res.seconds.toFixed(1)} s, ${Math.round(res.wordsPerSec).toLocaleString('en')} words/s on ${threads} thread${threads > 1 ? 's' : ''}, ${res.kernel} kernel, final loss ${res.loss.toFixed(4)})\ntry: attn similar ${res.vocab.words[Math.min(100, res.vocab.words.length - 1)]} --vectors ${args.out}`);
  },
});

export const embedCommand = defineCommand({
  meta: { name: 'embed', description: 'Make your own static embeddings: word2vec training' },
  subCommands: { train, demo: demoEmbedCommand },
});
