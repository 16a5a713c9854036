// Node only. word2vec on a corpus file of any size: one streaming pass counts the vocabulary, then each
// epoch streams the file again; with threads > 1 each worker thread trains on its byte range, Hogwild,
// over SharedArrayBuffers. One thread is deterministic for a seed. After each epoch a checkpoint can be
// written (atomically); `resume` continues from one. Emits events; never prints.
import { Worker } from 'node:worker_threads';
import { readFile } from 'node:fs/promises';
import { AttnError } from '../errors.js';
import type { WordVectors } from '../embeddings/word-vectors.js';
import type { Vocab } from '../embeddings/word2vec/vocab.js';
import {
  checkSettings, createModel, modelSizes, SentenceTrainer, stripUndefined, toWordVectors, wasmBuffers, WORD2VEC_DEFAULTS, type ModelBuffers, type Word2vecEvent, type Word2vecSettings,
} from '../embeddings/word2vec/train.js';
import type { WasmWord2vec, Word2vecKernelChoice } from '../embeddings/word2vec/wasm-kernel.js';
import { decodeCheckpoint, encodeCheckpoint } from '../embeddings/word2vec/checkpoint.js';
import { countCorpus, fileSize, forEachLine, forEachLineBytes, splitRanges } from './corpus-file.js';
import { writeAtomically } from './write-atomically.js';

export type Word2vecFileEvent = Word2vecEvent | { type: 'count'; bytesDone: number; bytesTotal: number } | { type: 'checkpoint'; path: string; epoch: number };

export interface Word2vecFileOptions extends Partial<Word2vecSettings> {
  /** Worker threads (default 1: in this thread, deterministic). */
  threads?: number;
  /** GloVe-style tokenizing of each line instead of splitting on whitespace. */
  tokenize?: boolean;
  /** Write a checkpoint here after every epoch. */
  checkpoint?: string;
  /** Continue from this checkpoint (its settings win; the corpus must have the same size). */
  resume?: string;
  onEvent?: (e: Word2vecFileEvent) => void;
  /** 'auto' (default: wasm SIMD where available), 'wasm', or 'js' (the reference kernel); the environment
   *  variable ATTNLAB_WORD2VEC_KERNEL gives the default. */
  kernel?: Word2vecKernelChoice;
  /** Milliseconds between progress events (default 250). */
  progressMs?: number;
}

/** What a worker is started with. @internal */
export interface PartData {
  path: string;
  range: [number, number];
  vocab: Omit<Vocab, 'index'>;
  settings: Word2vecSettings;
  buffers: ModelBuffers | WasmWord2vec;
  progress: SharedArrayBuffer;
  totals: SharedArrayBuffer;
  slot: number;
  tokenize: boolean;
}

export interface Word2vecFileResult {
  vectors: WordVectors;
  vocab: Vocab;
  settings: Word2vecSettings;
  /** Mean loss per scored sample in the last epoch. */
  loss: number;
  /** Training time (not counting), and corpus tokens per second over it. */
  seconds: number;
  wordsPerSec: number;
  /** Words trained after subsampling, all epochs. */
  effectiveWords: number;
  /** The kernel that ran. */
  kernel: 'wasm' | 'js';
}

/**
 * Trains word2vec on a text file: one line per sentence, tokens separated by whitespace.
 * @example const { vectors } = await trainWord2vecFile('corpus.txt', { arch: 'cbow', threads: 2 });
 */
export async function trainWord2vecFile(path: string, options: Word2vecFileOptions = {}): Promise<Word2vecFileResult> {
  const emit = options.onEvent ?? (() => undefined);
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) throw new AttnError('E_INPUT', `word2vec: threads must be an integer from 1 to 256, got ${threads}`);
  const tokenize = options.tokenize ?? false;
  let settings: Word2vecSettings, vocab: Vocab, bytes: number, startEpoch = 0;
  let restored: { syn0: Float32Array; syn1: Float32Array } | undefined;
  if (options.resume) {
    const c = decodeCheckpoint(await readFile(options.resume).catch((e) => {
      throw new AttnError('E_NOT_FOUND', `${options.resume}: cannot read the checkpoint (${(e as NodeJS.ErrnoException).code})`);
    }), options.resume);
    bytes = fileSize(path);
    if (bytes !== c.corpusBytes) throw new AttnError('E_INPUT', `${options.resume}: made on a corpus of ${c.corpusBytes} bytes, but ${path} has ${bytes}`);
    ({ settings, vocab } = c);
    startEpoch = c.epochsDone;
    restored = c;
  } else {
    settings = checkSettings({ ...WORD2VEC_DEFAULTS, ...pick(stripUndefined(options)) });
    ({ vocab, bytes } = countCorpus(path, settings.minCount, { tokenize, onBytes: (d, t) => emit({ type: 'count', bytesDone: d, bytesTotal: t }) }));
  }
  emit({ type: 'vocab', vocabSize: vocab.words.length, totalWords: vocab.totalWords, retainedWords: vocab.retainedWords, sentences: vocab.sentences });

  const sizes = modelSizes(vocab, settings.dim);
  const shared = threads > 1;
  const alloc = (n: number) => (shared ? new SharedArrayBuffer(n) : new ArrayBuffer(n));
  const kernel = options.kernel ?? (process.env.ATTNLAB_WORD2VEC_KERNEL as Word2vecKernelChoice | undefined) ?? 'auto';
  const buffers: ModelBuffers | WasmWord2vec = wasmBuffers(vocab, settings, threads, kernel) ?? { syn0: alloc(sizes.matrix), syn1: alloc(sizes.matrix), table: alloc(sizes.table) };
  const model = createModel(vocab, settings, buffers, true);
  if (restored) {
    model.syn0.set(restored.syn0);
    model.syn1.set(restored.syn1);
  }
  const progressBuf = new SharedArrayBuffer(8 * threads), totalsBuf = new SharedArrayBuffer(24 * threads);
  const progress = new Float64Array(progressBuf), totals = new Float64Array(totalsBuf);
  progress.fill((startEpoch * vocab.totalWords) / threads);
  const wordsTotal = settings.epochs * vocab.totalWords;

  const t0 = performance.now();
  let last = { ms: 0, loss: 0, samples: 0 }, epochLoss = { loss: 0, samples: 0 };
  const sum = (a: Float64Array, k: number, stride: number) => {
    let s = 0;
    for (let i = k; i < a.length; i += stride) s += a[i];
    return s;
  };
  const report = (epoch: number) => {
    const ms = performance.now() - t0, loss = sum(totals, 0, 3), samples = sum(totals, 1, 3), done = sum(progress, 0, 1);
    const recent = (loss - last.loss) / Math.max(1, samples - last.samples);
    last = { ms, loss, samples };
    const done0 = done - startEpoch * vocab.totalWords;
    emit({ type: 'progress', epoch, epochs: settings.epochs, wordsDone: done, wordsTotal, wordsPerSec: done0 / Math.max(1e-9, ms / 1000), loss: recent, alpha: Math.max(settings.minAlpha, settings.alpha - (settings.alpha - settings.minAlpha) * Math.min(1, done / wordsTotal)), elapsedMs: ms });
  };
  const endEpoch = async (epoch: number, te: number) => {
    const loss = sum(totals, 0, 3), samples = sum(totals, 1, 3);
    const mean = (loss - epochLoss.loss) / Math.max(1, samples - epochLoss.samples);
    epochLoss = { loss, samples };
    emit({ type: 'epoch', epoch, epochs: settings.epochs, loss: mean, seconds: (performance.now() - te) / 1000 });
    if (options.checkpoint) {
      await writeAtomically(options.checkpoint, encodeCheckpoint({ settings, vocab, epochsDone: epoch + 1, corpusBytes: bytes, syn0: model.syn0, syn1: model.syn1 }));
      emit({ type: 'checkpoint', path: options.checkpoint, epoch });
    }
    return mean;
  };
  const every = options.progressMs ?? 250;
  let loss = NaN;

  if (!shared) {
    const trainer = new SentenceTrainer(model, vocab, settings, progress, 0, totals);
    for (let epoch = startEpoch; epoch < settings.epochs; epoch++) {
      const te = performance.now();
      trainer.startEpoch(epoch);
      let next = te + every, n = 0;
      const tick = () => {
        if (++n % 256 === 0 && performance.now() >= next) {
          next += every;
          report(epoch);
        }
      };
      if (tokenize) forEachLine(path, 0, Infinity, (t) => { trainer.add(t); tick(); }, { tokenize });
      else forEachLineBytes(path, 0, Infinity, (b, from, to) => { trainer.addBytes(b, from, to); tick(); });
      trainer.flush();
      loss = await endEpoch(epoch, te);
    }
  } else {
    const ranges = splitRanges(bytes, threads);
    const plain = { words: vocab.words, counts: vocab.counts, totalWords: vocab.totalWords, retainedWords: vocab.retainedWords, sentences: vocab.sentences };
    // Workers run compiled JavaScript: from the TypeScript sources (tests through tsx, which does not reach
    // worker threads) they load the built copy in dist/ (`npm run build`).
    const url = import.meta.url.endsWith('.ts') ? new URL('../../dist/src/node/_word2vec-worker.js', import.meta.url) : new URL('./_word2vec-worker.js', import.meta.url);
    const workers = ranges.map((range, slot) => new Worker(url, { execArgv: [], workerData: { path, range, vocab: plain, settings, buffers, progress: progressBuf, totals: totalsBuf, slot, tokenize } satisfies PartData }));
    try {
      for (let epoch = startEpoch; epoch < settings.epochs; epoch++) {
        const te = performance.now();
        const timer = setInterval(() => report(epoch), every);
        try {
          await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
            const fail = (e: Error) => reject(e);
            w.once('error', fail);
            w.once('message', () => {
              w.off('error', fail);
              resolve();
            });
            w.postMessage(epoch);
          })));
        } finally {
          clearInterval(timer);
        }
        loss = await endEpoch(epoch, te);
      }
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const trained = (settings.epochs - startEpoch) * vocab.totalWords;
  return { vectors: toWordVectors(vocab, model), vocab, settings, loss, seconds, wordsPerSec: trained / seconds, effectiveWords: sum(totals, 2, 3), kernel: model.wasm ? 'wasm' : 'js' };
}

/** The settings among the options. */
function pick(o: Partial<Word2vecFileOptions>): Partial<Word2vecSettings> {
  const out: Partial<Word2vecSettings> = {};
  for (const k of Object.keys(WORD2VEC_DEFAULTS) as (keyof Word2vecSettings)[]) if (o[k] !== undefined) (out as any)[k] = o[k];
  return out;
}
