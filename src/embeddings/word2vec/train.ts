// Driving the word2vec kernels: settings and their defaults (gensim's), the model's initial matrices,
// and SentenceTrainer, which turns token arrays into vocabulary ids and trains on them at a learning
// rate decaying linearly with the progress of all threads together. trainWord2vec is the whole loop in
// one thread over an in-memory corpus (the browser, the demo, tests); attnlab/node streams files and runs threads.
import { AttnError } from '../../errors.js';
import { WordVectors } from '../word-vectors.js';
import { VocabCounter, type Vocab } from './vocab.js';
import { keepThresholds, seedState, unigramTable } from './sampling.js';
import { trainSentence, type KernelModel } from './kernel.js';
import { ByteVocab } from './byte-vocab.js';
import { createWasmModel, wasmViews, WasmSentenceQueue, pickWord2vecKernel, type WasmWord2vec, type Word2vecKernelChoice } from './wasm-kernel.js';

export interface Word2vecSettings {
  /** 'sg' skip-gram (a word predicts its neighbours) or 'cbow' (the neighbours' mean predicts the word). */
  arch: 'sg' | 'cbow';
  dim: number;
  /** Largest distance to a context word; each word draws its window from 1..window. */
  window: number;
  /** Negative samples per positive one. */
  negative: number;
  minCount: number;
  /** Subsampling of frequent words (0: off). */
  sample: number;
  epochs: number;
  /** Starting learning rate, decaying linearly to minAlpha. */
  alpha: number;
  minAlpha: number;
  seed: number;
}

/** gensim 4's defaults. */
export const WORD2VEC_DEFAULTS: Word2vecSettings = { arch: 'sg', dim: 100, window: 5, negative: 5, minCount: 5, sample: 1e-3, epochs: 5, alpha: 0.025, minAlpha: 0.0001, seed: 1 };

/** Longest sentence trained as one (gensim's MAX_WORDS_IN_BATCH); longer lines are cut into pieces. */
export const MAX_SENTENCE = 10_000;

export type Word2vecEvent =
  | { type: 'vocab'; vocabSize: number; totalWords: number; retainedWords: number; sentences: number }
  | { type: 'progress'; epoch: number; epochs: number; wordsDone: number; wordsTotal: number; wordsPerSec: number; loss: number; alpha: number; elapsedMs: number }
  | { type: 'epoch'; epoch: number; epochs: number; loss: number; seconds: number; /** trainWord2vec only: the vectors so far (a copy). */ vectors?: () => WordVectors };

/** Checks settings, naming the offending one. @example checkSettings({ ...WORD2VEC_DEFAULTS, dim: 50 }) */
export function checkSettings(s: Word2vecSettings): Word2vecSettings {
  const int = (name: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min) throw new AttnError('E_INPUT', `word2vec: ${name} must be an integer ≥ ${min}, got ${v}`);
  };
  if (s.arch !== 'sg' && s.arch !== 'cbow') throw new AttnError('E_INPUT', `word2vec: arch must be sg or cbow, got '${s.arch}'`);
  int('dim', s.dim, 1); int('window', s.window, 1); int('negative', s.negative, 1); int('minCount', s.minCount, 1); int('epochs', s.epochs, 1); int('seed', s.seed, 0);
  if (!(s.sample >= 0 && s.sample < 1)) throw new AttnError('E_INPUT', `word2vec: sample must be in [0, 1), got ${s.sample}`);
  if (!(s.alpha > 0 && s.minAlpha >= 0 && s.minAlpha <= s.alpha)) throw new AttnError('E_INPUT', `word2vec: need 0 ≤ minAlpha ≤ alpha and alpha > 0, got alpha ${s.alpha}, minAlpha ${s.minAlpha}`);
  return s;
}

/** Buffers for a model; pass SharedArrayBuffers to share them between threads. */
export interface ModelBuffers {
  syn0: ArrayBufferLike;
  syn1: ArrayBufferLike;
  table: ArrayBufferLike;
}

/** The byte sizes of a model's buffers. */
export function modelSizes(vocab: Vocab, dim: number): { matrix: number; table: number } {
  return { matrix: vocab.words.length * dim * 4, table: Math.min(10_000_000, Math.max(100_000, vocab.words.length * 100)) * 4 };
}

/**
 * A model over `buffers` (plain or shared buffers for the js kernel, wasm memory for the wasm kernel); `init`
 * fills syn0 with uniform values in [−0.5/C, 0.5/C) from the seed, syn1 with zeros (as gensim) and the
 * tables, otherwise the buffers are used as they are (other threads, a checkpoint).
 * @example const m = createModel(vocab, settings);
 */
export function createModel(vocab: Vocab, s: Word2vecSettings, buffers?: ModelBuffers | WasmWord2vec, init = !buffers): KernelModel {
  const sizes = modelSizes(vocab, s.dim);
  const keep = keepThresholds(vocab.counts, vocab.retainedWords, s.sample);
  let syn0: Float32Array, syn1: Float32Array, table: Int32Array, wasm: WasmWord2vec | undefined;
  if (buffers && 'memory' in buffers) {
    wasm = buffers;
    const v = wasmViews(wasm);
    ({ syn0, syn1, table } = v);
    if (init) v.keep.set(keep);
  } else {
    const b = buffers ?? { syn0: new ArrayBuffer(sizes.matrix), syn1: new ArrayBuffer(sizes.matrix), table: new ArrayBuffer(sizes.table) };
    syn0 = new Float32Array(b.syn0);
    syn1 = new Float32Array(b.syn1);
    table = new Int32Array(b.table);
  }
  if (init) {
    let r = seedState(s.seed, 0x5eed);
    for (let i = 0; i < syn0.length; i++) {
      r ^= r << 13; r ^= r >>> 17; r ^= r << 5;
      syn0[i] = ((r >>> 0) / 4294967296 - 0.5) / s.dim;
    }
    unigramTable(vocab.counts, 0.75, table.length, table);
  }
  return { arch: s.arch, dim: s.dim, window: s.window, negative: s.negative, syn0, syn1, table, keep, work: new Float32Array(s.dim), neu1: new Float32Array(s.dim), wasm };
}

/**
 * Memory for the kernel `choice` picks: a wasm model for `threads` threads (not yet filled: createModel with
 * init does that), or undefined for the js kernel.
 * @example const m = createModel(vocab, s, wasmBuffers(vocab, s, 1, 'auto'), true);
 */
export function wasmBuffers(vocab: Vocab, s: Word2vecSettings, threads: number, choice: Word2vecKernelChoice = 'auto'): WasmWord2vec | undefined {
  const module = pickWord2vecKernel(choice);
  return module ? createWasmModel(module, s, vocab.words.length, modelSizes(vocab, s.dim).table / 4, threads) : undefined;
}

/**
 * Trains one thread's share: sentences of tokens in, updates to the shared matrices out. `progress` holds one
 * slot per thread (tokens read so far, all epochs); the learning rate follows their sum.
 * @example const t = new SentenceTrainer(model, vocab, settings, new Float64Array(1), 0); t.startEpoch(0); t.add(['a', 'b']);
 */
export class SentenceTrainer {
  /** [loss sum, samples scored, words trained after subsampling], accumulated (shared memory when threads run). */
  readonly totals: Float64Array;
  private readonly ids = new Int32Array(MAX_SENTENCE);
  private readonly rng = new Uint32Array(1);
  private readonly wordsTotal: number;
  private readonly queue: WasmSentenceQueue | null;
  private done: number;
  private byteVocab: ByteVocab | undefined;
  private readonly trainIds = (n: number) => this.train(n);

  constructor(readonly model: KernelModel, readonly vocab: Vocab, readonly settings: Word2vecSettings, readonly progress: Float64Array, readonly slot: number, totals?: Float64Array) {
    this.totals = totals ?? new Float64Array(3);
    this.wordsTotal = settings.epochs * vocab.totalWords;
    this.done = progress[slot];
    this.queue = model.wasm ? new WasmSentenceQueue(model.wasm, slot, this.totals) : null;
  }

  /** Reseeds from (seed, epoch, slot): a resumed run repeats the same epochs. */
  startEpoch(epoch: number): void {
    const state = seedState(this.settings.seed, epoch * 1024 + this.slot + 1);
    if (this.queue) this.queue.seed(state);
    else this.rng[0] = state;
  }

  /** Trains the sentences the wasm kernel still holds in its batch (a no-op for the js kernel); call before
   *  reading the vectors or the totals at the end of an epoch. */
  flush(): void {
    this.queue?.flush();
  }

  private train(n: number): void {
    if (this.queue) this.queue.push(this.ids, n, this.alpha());
    else trainSentence(this.model, this.ids, n, this.alpha(), this.rng, this.totals);
  }

  /** The learning rate now. */
  alpha(): number {
    let done = 0;
    for (let i = 0; i < this.progress.length; i++) done += this.progress[i];
    const { alpha, minAlpha } = this.settings;
    return Math.max(minAlpha, alpha - (alpha - minAlpha) * Math.min(1, done / this.wordsTotal));
  }

  /** Trains on one sentence (words outside the vocabulary are dropped first, as in gensim). */
  add(tokens: readonly string[]): void {
    const { index } = this.vocab;
    const ids = this.ids;
    let n = 0;
    for (let i = 0; i < tokens.length; i++) {
      const id = index.get(tokens[i]);
      if (id === undefined) continue;
      ids[n++] = id;
      if (n === MAX_SENTENCE) {
        this.train(n);
        n = 0;
      }
    }
    if (n > 0) this.train(n);
    this.done += tokens.length;
    this.progress[this.slot] = this.done;
  }

  /**
   * Trains on one line given as UTF-8 bytes[from, to): the same as add(the line split on /\s+/), with no
   * string made per token (the file reader's fast path).
   */
  addBytes(bytes: Uint8Array, from: number, to: number): void {
    this.byteVocab ??= new ByteVocab(this.vocab.words);
    this.done += this.byteVocab.scan(bytes, from, to, this.ids, this.trainIds);
    this.progress[this.slot] = this.done;
  }
}

/** The trained input vectors as WordVectors (a copy: shared memory stays with the trainer). */
export function toWordVectors(vocab: Vocab, model: KernelModel): WordVectors {
  return new WordVectors(vocab.words.slice(), new Float32Array(model.syn0), model.dim, new Map(vocab.index));
}

/** Counts the vocabulary of an in-memory corpus. @example countVocab(() => [['a', 'b']], 1) */
export function countVocab(corpus: () => Iterable<readonly string[]>, minCount: number): Vocab {
  const counter = new VocabCounter();
  for (const s of corpus()) counter.add(s);
  return counter.finish(minCount);
}

/**
 * word2vec in one thread over sentences of tokens (`corpus` is called once per pass: once to count, once
 * per epoch). Deterministic for a seed. Events: 'vocab', 'progress' (every `progressEvery` tokens), 'epoch'.
 * @example
 * const { vectors } = trainWord2vec(() => lines.map((l) => l.split(' ')), { dim: 50, minCount: 2 });
 * vectors.mostSimilar({ positive: ['king'], topk: 5 });
 */
export function trainWord2vec(
  corpus: () => Iterable<readonly string[]>,
  options: Partial<Word2vecSettings> & { onEvent?: (e: Word2vecEvent) => void; progressEvery?: number; /** default 'auto' */ kernel?: Word2vecKernelChoice } = {},
): { vectors: WordVectors; vocab: Vocab; loss: number; seconds: number; kernel: 'wasm' | 'js' } {
  const s = checkSettings({ ...WORD2VEC_DEFAULTS, ...stripUndefined(options) });
  const emit = options.onEvent ?? (() => undefined);
  const vocab = countVocab(corpus, s.minCount);
  emit({ type: 'vocab', vocabSize: vocab.words.length, totalWords: vocab.totalWords, retainedWords: vocab.retainedWords, sentences: vocab.sentences });
  const wasm = wasmBuffers(vocab, s, 1, options.kernel);
  const model = createModel(vocab, s, wasm, true);
  const trainer = new SentenceTrainer(model, vocab, s, new Float64Array(1), 0);
  const every = options.progressEvery ?? 100_000;
  const t0 = now();
  let loss = 0;
  for (let epoch = 0; epoch < s.epochs; epoch++) {
    const te = now();
    trainer.startEpoch(epoch);
    let next = trainer.progress[0] + every, lossSum = 0, samples = 0;
    for (const sentence of corpus()) {
      trainer.add(sentence);
      if (trainer.progress[0] >= next) {
        next += every;
        lossSum += trainer.totals[0]; samples += trainer.totals[1];
        const ms = now() - t0;
        emit({ type: 'progress', epoch, epochs: s.epochs, wordsDone: trainer.progress[0], wordsTotal: s.epochs * vocab.totalWords, wordsPerSec: trainer.progress[0] / (ms / 1000), loss: trainer.totals[0] / Math.max(1, trainer.totals[1]), alpha: trainer.alpha(), elapsedMs: ms });
        trainer.totals.fill(0);
      }
    }
    trainer.flush();
    lossSum += trainer.totals[0]; samples += trainer.totals[1];
    trainer.totals.fill(0);
    loss = lossSum / Math.max(1, samples);
    emit({ type: 'epoch', epoch, epochs: s.epochs, loss, seconds: (now() - te) / 1000, vectors: () => toWordVectors(vocab, model) });
  }
  return { vectors: toWordVectors(vocab, model), vocab, loss, seconds: (now() - t0) / 1000, kernel: wasm ? 'wasm' : 'js' };
}

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}

/** Options without undefined values, so that defaults survive `{ ...defaults, ...options }`. */
export function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
