// The word2vec kernel in WebAssembly SIMD (src/backends/wasm/kernels/word2vec.c, in the backend's plain SIMD
// build): the model's matrices, tables and each thread's batch live in one shared WebAssembly.Memory, and a
// thread hands the kernel a batch of sentences per call rather than one sentence (a call costs ~1 µs). The
// same arithmetic as kernel.ts, so one thread gives the same vectors. Not the driver: train.ts and the
// Node worker queue sentences through WasmSentenceQueue.
import { EXP_TABLE, LOG_TABLE } from './kernel.js';
import { AttnError } from '../../errors.js';
import { wasmBase64 } from '../../backends/wasm/_kernels-simd.wasm.js';

/** Words and sentences one batch holds; a thread trains its batch when the next sentence would not fit. */
export const BATCH_WORDS = 16_384;
const MODEL_BYTES = 64, STATE_BYTES = 48;

/** Where everything sits in the memory (byte addresses); what a worker thread needs besides the memory. */
export interface WasmLayout {
  model: number;
  syn0: number;
  syn1: number;
  table: number;
  tableLength: number;
  keep: number;
  vocabSize: number;
  dim: number;
  /** Per thread: state, ids (BATCH_WORDS int32), lens (BATCH_WORDS int32), alphas (BATCH_WORDS f64). */
  threads: { state: number; ids: number; lens: number; alphas: number }[];
}

/** A model in wasm memory: what createWasmModel returns and a worker rebuilds from (module, memory, layout). */
export interface WasmWord2vec {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  layout: WasmLayout;
}

let compiled: WebAssembly.Module | null | undefined;
/** The compiled module, or null where this runtime has no wasm SIMD or no shared memory (then the js kernel runs). */
export function word2vecWasmModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = Uint8Array.from(atob(wasmBase64), (c) => c.charCodeAt(0));
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) && typeof SharedArrayBuffer === 'function' ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiled = null; // e.g. a browser's main thread, which may not compile a large module synchronously
  }
  return compiled;
}

const align = (n: number, a = 16) => Math.ceil(n / a) * a;

/**
 * Memory for a model of `vocabSize` words and `threads` threads, with the tables and the model header written;
 * the matrices are left for createModel to fill. Throws a RangeError when more than 4 GiB would be needed.
 * @example const w = createWasmModel(word2vecWasmModule()!, { arch: 'sg', dim: 100, window: 5, negative: 5 }, 1000, 100_000, 1);
 */
export function createWasmModel(module: WebAssembly.Module, s: { arch: 'sg' | 'cbow'; dim: number; window: number; negative: number }, vocabSize: number, tableLength: number, threads: number): WasmWord2vec {
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true });
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  let top = align((instance.exports.__heap_base as WebAssembly.Global).value as number);
  const take = (bytes: number) => {
    const at = top;
    top = align(top + bytes);
    return at;
  };
  const matrix = vocabSize * s.dim * 4;
  const model = take(MODEL_BYTES), exp = take(EXP_TABLE.byteLength), log = take(LOG_TABLE.byteLength);
  const layout: WasmLayout = {
    model, syn0: take(matrix), syn1: take(matrix), table: take(tableLength * 4), tableLength, keep: take(vocabSize * 8), vocabSize, dim: s.dim,
    threads: Array.from({ length: threads }, () => ({ state: take(STATE_BYTES + 8 * s.dim + 8 * (3 + 2 * s.window * (s.negative + 2))), ids: take(BATCH_WORDS * 4), lens: take(BATCH_WORDS * 4), alphas: take(BATCH_WORDS * 8) })),
  };
  if (top > 2 ** 32) throw new RangeError(`word2vec: the model needs ${(top / 2 ** 30).toFixed(1)} GiB of wasm memory, more than the 4 GiB wasm32 can address (use fewer words or a smaller dim, or kernel 'js')`);
  memory.grow(Math.max(0, Math.ceil(top / 65536) - memory.buffer.byteLength / 65536));
  const buf = memory.buffer;
  new Float64Array(buf, exp, EXP_TABLE.length).set(EXP_TABLE);
  new Float64Array(buf, log, LOG_TABLE.length).set(LOG_TABLE);
  new Int32Array(buf, model, 11).set([s.arch === 'sg' ? 0 : 1, s.dim, s.window, s.negative, layout.syn0, layout.syn1, layout.table, tableLength, layout.keep, exp, log]);
  for (const t of layout.threads) {
    const st = new Int32Array(buf, t.state, 4);
    st[1] = t.state + STATE_BYTES; // work
    st[2] = t.state + STATE_BYTES + 4 * s.dim; // neu1
    st[3] = t.state + STATE_BYTES + 8 * s.dim; // plans: two of 3 + 2·window·(negative + 2) int32
  }
  return { module, memory, layout };
}

/** Typed-array views of the model in wasm memory, for createModel. */
export function wasmViews(w: WasmWord2vec): { syn0: Float32Array; syn1: Float32Array; table: Int32Array; keep: Float64Array } {
  const { layout: l, memory } = w;
  const n = l.vocabSize * l.dim;
  return { syn0: new Float32Array(memory.buffer, l.syn0, n), syn1: new Float32Array(memory.buffer, l.syn1, n), table: new Int32Array(memory.buffer, l.table, l.tableLength), keep: new Float64Array(memory.buffer, l.keep, l.vocabSize) };
}

/**
 * One thread's queue of sentences for the wasm kernel: `push` copies a sentence's ids into the batch and trains
 * the batch when it is full; `flush` trains what is queued and adds its [loss, samples, words] into `totals`.
 * @example const q = new WasmSentenceQueue(w, 0); q.seed(123); q.push(ids, n, 0.025); q.flush(totals);
 */
export class WasmSentenceQueue {
  private readonly train: (m: number, st: number, ids: number, lens: number, alphas: number, n: number) => void;
  private readonly ids: Int32Array;
  private readonly lens: Int32Array;
  private readonly alphas: Float64Array;
  private readonly state: Uint32Array;
  private readonly sums: Float64Array;
  private words = 0;
  private sentences = 0;

  constructor(private readonly w: WasmWord2vec, slot: number, private readonly totals: Float64Array) {
    const inst = new WebAssembly.Instance(w.module, { env: { memory: w.memory } });
    this.train = inst.exports.word2vec_train_f32 as WasmSentenceQueue['train'];
    const t = w.layout.threads[slot], buf = w.memory.buffer;
    this.ids = new Int32Array(buf, t.ids, BATCH_WORDS);
    this.lens = new Int32Array(buf, t.lens, BATCH_WORDS);
    this.alphas = new Float64Array(buf, t.alphas, BATCH_WORDS);
    this.state = new Uint32Array(buf, t.state, 1);
    this.sums = new Float64Array(buf, t.state + 16, 3);
  }

  /** Sets the stream (after training what is queued, which used the old one). */
  seed(state: number): void {
    this.flush();
    this.state[0] = state;
  }

  /** Queues ids[0..n) (n ≤ BATCH_WORDS) at learning rate alpha. */
  push(ids: Int32Array, n: number, alpha: number): void {
    if (this.words + n > BATCH_WORDS) this.flush();
    this.ids.set(ids.subarray(0, n), this.words);
    this.lens[this.sentences] = n;
    this.alphas[this.sentences++] = alpha;
    this.words += n;
  }

  flush(): void {
    if (this.sentences === 0) return;
    this.sums.fill(0);
    this.train(this.w.layout.model, this.state.byteOffset, this.ids.byteOffset, this.lens.byteOffset, this.alphas.byteOffset, this.sentences);
    for (let i = 0; i < 3; i++) this.totals[i] += this.sums[i];
    this.words = this.sentences = 0;
  }
}

/** Which word2vec kernel to run: 'auto' (wasm SIMD where available, else js), 'wasm' or 'js' (the reference). */
export type Word2vecKernelChoice = 'auto' | 'wasm' | 'js';

/** The wasm module for `choice`, or null for the js kernel; E_INPUT when 'wasm' is asked for and not available. */
export function pickWord2vecKernel(choice: Word2vecKernelChoice = 'auto'): WebAssembly.Module | null {
  if (choice !== 'auto' && choice !== 'wasm' && choice !== 'js') throw new AttnError('E_INPUT', `word2vec: kernel must be auto, wasm or js, got '${choice}'`);
  if (choice === 'js') return null;
  const m = word2vecWasmModule();
  if (!m && choice === 'wasm') throw new AttnError('E_INPUT', "word2vec: kernel 'wasm' asked for, but this runtime has no WebAssembly SIMD with shared memory (use 'auto' or 'js')");
  return m;
}
