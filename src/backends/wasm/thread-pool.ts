// A pool of threads over the runtime's shared WebAssembly.Memory: each worker instantiates the same compiled
// module on the same memory and waits on a control block in that memory; a job is one exported kernel run
// by every thread on its own range of work units. Isomorphic: starting a thread is injected (`Spawn`:
// worker_threads in src/node/wasm-workers.ts, a Web Worker from WORKER_SOURCE in a browser). Not a task
// queue: one job at a time, called from the one thread that owns the runtime.

/** What a spawned thread receives. */
export interface WorkerData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** Byte address of the control block. */
  ctl: number;
  /** 1..threads-1 (the calling thread is 0). */
  index: number;
  /** Kernel export names; a job names one by its index here. */
  names: readonly string[];
}
export interface SpawnedWorker {
  terminate(): unknown;
}
export type Spawn = (source: string, data: WorkerData) => SpawnedWorker;

/** Bytes of the control block: int32 words GEN, DONE, FN, NARGS, ERROR, READY, STEP; f64 args at byte 32 (16 at
 *  most); (begin, end, scratch) int32 triples per thread at byte 160 (MAX_THREADS). */
export const CONTROL_BYTES = 1024;
export const MAX_THREADS = 64;
const GEN = 0, DONE = 1, FN = 2, NARGS = 3, ERROR = 4, READY = 5, STEP = 6, ARGS_BYTE = 32, RANGES = 40;
/** Loads of a control word before sleeping on it (~10–30 µs): training runs thousands of small kernels a
 *  second, and a futex sleep + wake per kernel costs more than the kernel (as pthreadpool spins first). */
const SPIN = 1 << 14;

/** The body every worker runs (plain JS, so it can be started from a string in Node and in a browser). */
export const WORKER_SOURCE = `function attnlabWasmWorker(module, memory, ctl, index, names) {
  const inst = new WebAssembly.Instance(module, { env: { memory } });
  const fns = names.map((n) => inst.exports[n]);
  const i32 = new Int32Array(memory.buffer, ctl, ${CONTROL_BYTES / 4});
  const f64 = new Float64Array(memory.buffer, ctl + ${ARGS_BYTE}, 16);
  Atomics.add(i32, ${READY}, 1);
  Atomics.notify(i32, ${READY});
  let seen = 0;
  for (;;) {
    for (let s = 0; s < ${SPIN} && Atomics.load(i32, ${GEN}) === seen; s++);
    while (Atomics.load(i32, ${GEN}) === seen) Atomics.wait(i32, ${GEN}, seen);
    seen = Atomics.load(i32, ${GEN});
    const fn = i32[${FN}];
    if (fn < 0) return;
    const args = Array.from(f64.subarray(0, i32[${NARGS}]));
    const r = ${RANGES} + 3 * index, end = i32[r + 1], step = i32[${STEP}] || end;
    try {
      for (let b = i32[r]; b < end; b += step) fns[fn](...args, b, Math.min(end, b + step), i32[r + 2]);
    } catch (e) { Atomics.store(i32, ${ERROR}, 1); }
    Atomics.add(i32, ${DONE}, 1);
    Atomics.notify(i32, ${DONE});
  }
}`;

/** Start a pool thread as a Web Worker (browsers; shared memory needs a cross-origin-isolated page).
 *  Not yet exercised by a browser test. */
export const spawnWebWorker: Spawn = (source, data) => {
  const g = globalThis as unknown as { Worker: new (url: string) => { postMessage(d: unknown): void; terminate(): void } };
  const code = `${source}\nself.onmessage = (e) => { const d = e.data; attnlabWasmWorker(d.module, d.memory, d.ctl, d.index, d.names); };`;
  const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
  const w = new g.Worker(url);
  w.postMessage(data);
  return { terminate: () => { w.terminate(); URL.revokeObjectURL(url); } };
};

/** Block until i32[i] !== v (Atomics.wait where allowed; a spin on a browser's main thread). */
function waitWhile(i32: Int32Array, i: number, v: number): void {
  try {
    Atomics.wait(i32, i, v);
  } catch {
    while (Atomics.load(i32, i) === v) { /* spin: this thread may not block */ }
  }
}

export class ThreadPool {
  private i32 = new Int32Array(0);
  private f64 = new Float64Array(0);
  private readonly workers: SpawnedWorker[] = [];

  /** A pool of `threads` including the caller (thread 0); nothing starts before `attach`. */
  constructor(readonly threads: number, private readonly memory: WebAssembly.Memory, private readonly module: WebAssembly.Module,
              private readonly names: readonly string[], private readonly spawn: Spawn) {
    if (threads < 1 || threads > MAX_THREADS) throw new RangeError(`wasm threads: ${threads} (accepted: 1..${MAX_THREADS})`);
  }

  /** Put the control block at byte address `ctl` (CONTROL_BYTES long) and start `threads - 1` workers;
   *  `ready()` resolves once all have instantiated. */
  attach(ctl: number): void {
    const { memory, module, names } = this;
    this.i32 = new Int32Array(memory.buffer, ctl, CONTROL_BYTES / 4);
    this.f64 = new Float64Array(memory.buffer, ctl + ARGS_BYTE, 16);
    this.i32.fill(0);
    for (let index = 1; index < this.threads; index++) this.workers.push(this.spawn(WORKER_SOURCE, { module, memory, ctl, index, names }));
  }

  async ready(timeoutMs = 20000): Promise<void> {
    const t0 = Date.now();
    while (Atomics.load(this.i32, READY) < this.threads - 1) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`wasm threads: ${Atomics.load(this.i32, READY)} of ${this.threads - 1} workers started within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 1));
    }
  }

  /** Run kernel `fn` with `args` on every thread; thread t gets ranges[t] = [begin, end, scratch], thread 0
   *  through `self`; workers call the kernel on pieces of at most `step` units (0: one call). Returns when all
   *  are done. */
  run(fn: number, args: readonly number[], ranges: readonly (readonly [number, number, number])[], self: (b: number, e: number, s: number) => void, step = 0): void {
    const { i32 } = this;
    if (args.length > 16) throw new Error(`wasm thread pool: ${args.length} kernel arguments (at most 16)`);
    this.f64.set(args);
    for (let t = 1; t < this.threads; t++) i32.set(ranges[t] ?? [0, 0, 0], RANGES + 3 * t);
    i32[NARGS] = args.length;
    i32[STEP] = step;
    i32[FN] = fn;
    Atomics.store(i32, DONE, 0);
    Atomics.store(i32, ERROR, 0);
    Atomics.add(i32, GEN, 1);
    Atomics.notify(i32, GEN);
    self(...ranges[0]);
    for (let s = 0; s < SPIN && Atomics.load(i32, DONE) < this.threads - 1; s++);
    for (let d; (d = Atomics.load(i32, DONE)) < this.threads - 1;) waitWhile(i32, DONE, d);
    if (Atomics.load(i32, ERROR)) throw new Error('wasm thread pool: a kernel trapped in a worker thread');
  }

  /** Stop and release the workers. */
  close(): void {
    if (this.workers.length === 0) return;
    this.i32[FN] = -1;
    Atomics.add(this.i32, GEN, 1);
    Atomics.notify(this.i32, GEN);
    for (const w of this.workers) w.terminate();
    this.workers.length = 0;
  }
}
