// Node only: the parts of the wasm runtime that need Node — worker_threads for the thread pool, and the V8
// flag that Node 20 needs before it accepts relaxed SIMD. Loaded by dynamic import from
// src/backends/wasm/runtime.ts when running in Node; never imported by the isomorphic library.
import { Worker } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';
import { availableParallelism } from 'node:os';
import type { Spawn } from '../backends/wasm/thread-pool.js';

/** Let V8 compile relaxed SIMD (on by default from Node 22; a no-op there). Call before compiling. */
export function enableRelaxedSimd(): void {
  setFlagsFromString('--experimental-wasm-relaxed-simd');
}

export const cores = (): number => availableParallelism();

/** Start one pool thread; unref'd, so an idle pool never keeps the process alive. */
export const spawnWorker: Spawn = (source, data) => {
  const code = `${source}\nconst { workerData: d } = require('node:worker_threads');\n` +
    'attnlabWasmWorker(d.module, d.memory, d.ctl, d.index, d.names);';
  const w = new Worker(code, { eval: true, execArgv: [], workerData: data });
  w.unref();
  return w;
};
