// A pool of threads over the runtime's shared WebAssembly.Memory: each worker instantiates the same compiled
// module on the same memory and waits on a control block in that memory; a job is one exported kernel whose
// work units, cut into pieces, every thread takes from a shared counter (the caller too). Isomorphic: starting
// a thread is injected (`Spawn`: worker_threads in src/node/wasm-workers.ts, a Web Worker from WORKER_SOURCE in
// a browser). Not a task queue: one job at a time, called from the one thread that owns the runtime.

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

/** Bytes of the control block: int32 words STATE, ACTIVE, FN, NARGS, ERROR, READY, STEP, NEXT, UNITS, GRAIN,
 *  CHUNKS, SLEEP; f64 args at byte 64 (16 at most); one scratch address per thread at word 48 (MAX_THREADS). */
export const CONTROL_BYTES = 1024;
export const MAX_THREADS = 64;
const STATE = 0, ACTIVE = 1, FN = 2, NARGS = 3, ERROR = 4, READY = 5, STEP = 6, NEXT = 7, UNITS = 8, GRAIN = 9,
  CHUNKS = 10, SLEEP = 11, ARGS_BYTE = 64, SCRATCH = 48, QUIT = -1;
/** Loads of a control word before sleeping on it (~10–30 µs): training runs thousands of small kernels a
 *  second, and a futex sleep + wake per kernel costs more than the kernel (as pthreadpool spins first). */
const SPIN = 1 << 14;

/**
 * A job is open while STATE is odd ((generation << 1) | 1). Its units are cut into CHUNKS pieces on multiples
 * of GRAIN; every thread, the caller included, takes the next piece from the NEXT counter until none is left,
 * so a worker that the OS has not scheduled yet costs nothing: the caller does its share. A worker joins a job
 * by counting itself in ACTIVE and then checking that STATE still names the job; the caller closes a job
 * (STATE even) before waiting for ACTIVE to reach 0, so a late worker either sees the job closed and leaves,
 * or is waited for. Which thread runs a piece never changes what a unit computes.
 */
export const WORKER_SOURCE = `function attnlabWasmWorker(module, memory, ctl, index, names) {
  const inst = new WebAssembly.Instance(module, { env: { memory } });
  const fns = names.map((n) => inst.exports[n]);
  const i32 = new Int32Array(memory.buffer, ctl, ${CONTROL_BYTES / 4});
  const f64 = new Float64Array(memory.buffer, ctl + ${ARGS_BYTE}, 16);
  Atomics.add(i32, ${READY}, 1);
  Atomics.notify(i32, ${READY});
  let seen = 0;
  for (;;) {
    const s = Atomics.load(i32, ${STATE});
    if (s === ${QUIT}) return;
    if ((s & 1) && s !== seen) {
      Atomics.add(i32, ${ACTIVE}, 1);
      if (Atomics.load(i32, ${STATE}) === s) {
        seen = s;
        const fn = fns[i32[${FN}]], args = Array.from(f64.subarray(0, i32[${NARGS}]));
        const units = i32[${UNITS}], grain = i32[${GRAIN}], n = i32[${CHUNKS}], step = i32[${STEP}], scratch = i32[${SCRATCH} + index];
        const cut = (c) => (c >= n ? units : Math.min(units, Math.round((units * c) / n / grain) * grain));
        try {
          for (let c; (c = Atomics.add(i32, ${NEXT}, 1)) < n;) {
            const end = cut(c + 1);
            for (let b = cut(c); b < end; b += step || end) fn(...args, b, Math.min(end, b + (step || end)), scratch);
          }
        } catch (e) { Atomics.store(i32, ${ERROR}, 1); }
      }
      Atomics.sub(i32, ${ACTIVE}, 1);
      Atomics.notify(i32, ${ACTIVE});
      continue;
    }
    for (let k = 0; k < ${SPIN} && Atomics.load(i32, ${STATE}) === s; k++);
    if (Atomics.load(i32, ${STATE}) !== s) continue;
    Atomics.add(i32, ${SLEEP}, 1);
    Atomics.wait(i32, ${STATE}, s);
    Atomics.sub(i32, ${SLEEP}, 1);
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
  private gen = 0;

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

  /** Run kernel `fn` with `args` over `units` work units cut into `chunks` pieces on multiples of `grain`;
   *  every thread takes pieces until none is left, thread t with scratch[t] (the caller through `self`), calling
   *  the kernel on at most `step` units at a time (0: the whole piece). Returns when all pieces are done. */
  run(fn: number, args: readonly number[], units: number, grain: number, chunks: number, scratch: readonly number[],
      self: (b: number, e: number, s: number) => void, step = 0): void {
    const { i32 } = this;
    if (args.length > 16) throw new Error(`wasm thread pool: ${args.length} kernel arguments (at most 16)`);
    this.f64.set(args);
    for (let t = 0; t < this.threads; t++) i32[SCRATCH + t] = scratch[t] ?? 0;
    i32[NARGS] = args.length;
    i32[STEP] = step;
    i32[FN] = fn;
    i32[UNITS] = units;
    i32[GRAIN] = grain;
    i32[CHUNKS] = chunks;
    Atomics.store(i32, NEXT, 0);
    Atomics.store(i32, ERROR, 0);
    this.gen = (this.gen + 1) & 0x3fffffff;
    Atomics.store(i32, STATE, (this.gen << 1) | 1);
    if (Atomics.load(i32, SLEEP) > 0) Atomics.notify(i32, STATE);
    const cut = (c: number): number => (c >= chunks ? units : Math.min(units, Math.round((units * c) / chunks / grain) * grain));
    try {
      for (let c; (c = Atomics.add(i32, NEXT, 1)) < chunks;) self(cut(c), cut(c + 1), scratch[0]);
    } finally {
      Atomics.store(i32, STATE, this.gen << 1); // closed: no worker joins from here on
      for (let s = 0; s < SPIN && Atomics.load(i32, ACTIVE) > 0; s++);
      for (let a; (a = Atomics.load(i32, ACTIVE)) > 0;) waitWhile(i32, ACTIVE, a);
    }
    if (Atomics.load(i32, ERROR)) throw new Error('wasm thread pool: a kernel trapped in a worker thread');
  }

  /** Stop and release the workers. */
  close(): void {
    if (this.workers.length === 0) return;
    Atomics.store(this.i32, STATE, QUIT);
    Atomics.notify(this.i32, STATE);
    for (const w of this.workers) w.terminate();
    this.workers.length = 0;
  }
}
