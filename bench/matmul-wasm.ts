// GEMM throughput, side by side in one run: attnlab's js kernel, attnlab's wasm runtime (relaxed-SIMD FMA at
// 1 and 2 threads, plain SIMD at 1 thread) and TensorFlow.js's wasm backend (XNNPACK; one thread, as tfjs
// runs in Node). Repetitions are interleaved contender by contender; medians. Prints a table and one JSON line.
// Run: npx tsx bench/matmul-wasm.ts [--reps 7]
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { cpus, loadavg } from 'node:os';
import { matmul as jsMatmul } from '../src/backends/js/matmul.js';
import { createWasmRuntime, type WasmRuntime } from '../src/backends/wasm/runtime.js';
import type { MatmulArgs } from '../src/primitives.js';

const reps = Number(process.argv[process.argv.indexOf('--reps') + 1]) || 7;
await tf.setBackend('wasm');
await tf.ready();

interface Case { name: string; batch: number; m: number; k: number; n: number; transB: boolean }
const cases: Case[] = [
  { name: '1024³ matmul', batch: 1, m: 1024, k: 1024, n: 1024, transB: false },
  { name: 'QKᵀ B·H 96, 512×64 · (512×64)ᵀ', batch: 96, m: 512, k: 64, n: 512, transB: true },
];
const rts: [string, WasmRuntime][] = [
  ['attnlab wasm relaxed, 1 thread', await createWasmRuntime({ threads: 1 })],
  ['attnlab wasm relaxed, 2 threads', await createWasmRuntime({ threads: 2 })],
  ['attnlab wasm plain SIMD, 1 thread', await createWasmRuntime({ threads: 1, simd: 'plain' })],
];
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const rand = (n: number): Float32Array => Float32Array.from({ length: n }, () => Math.random() - 0.5);

const rows: { case: string; contender: string; ms: number; gflops: number }[] = [];
for (const c of cases) {
  const { batch, m, k, n, transB } = c;
  const flops = 2 * batch * m * n * k;
  const a = rand(batch * m * k), b = rand(batch * k * n);
  const bt = batch > 1 ? [batch] : [];
  const args: MatmulArgs = { aBatch: bt, bBatch: bt, outBatch: bt, m, k, n, transA: false, transB };
  const out = new Float32Array(batch * m * n);
  const runs: [string, () => void][] = [['attnlab js', () => jsMatmul(a, b, out, args)]];
  for (const [name, rt] of rts) {
    const pa = rt.alloc(a.length * 4), pb = rt.alloc(b.length * 4), po = rt.alloc(out.length * 4);
    rt.write(pa, a);
    rt.write(pb, b);
    runs.push([name, () => rt.matmul(pa, pb, po, args)]);
  }
  const ta = tf.tensor(a, batch > 1 ? [batch, m, k] : [m, k]);
  const tb = tf.tensor(b, batch > 1 ? (transB ? [batch, n, k] : [batch, k, n]) : transB ? [n, k] : [k, n]);
  runs.push(['TensorFlow.js wasm (XNNPACK), 1 thread', () => tf.tidy(() => void tf.matMul(ta, tb, false, transB).dataSync())]);
  const times = runs.map(() => [] as number[]);
  for (const [, f] of runs) f(); // warm-up
  for (let r = 0; r < reps; r++) {
    runs.forEach(([name, f], i) => {
      if (name === 'attnlab js' && r >= 3) return; // seconds per run; three are enough for its median
      const t0 = performance.now();
      f();
      times[i].push(performance.now() - t0);
    });
  }
  runs.forEach(([name], i) => rows.push({ case: c.name, contender: name, ms: median(times[i]), gflops: flops / median(times[i]) / 1e6 }));
  tf.dispose([ta, tb]);
}
for (const [, rt] of rts) rt.dispose();

const peer = (cs: string) => rows.find((r) => r.case === cs && r.contender.startsWith('TensorFlow'))!.gflops;
console.log(`| case | contender | ms | GFLOP/s | vs tfjs-wasm |\n|---|---|---:|---:|---:|`);
for (const r of rows) console.log(`| ${r.case} | ${r.contender} | ${r.ms.toFixed(1)} | ${r.gflops.toFixed(1)} | ${(r.gflops / peer(r.case)).toFixed(2)}× |`);
console.log(`${cpus()[0]?.model}, ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}, ${reps} repetitions`);
console.log(JSON.stringify({ bench: 'matmul-wasm', reps, load: loadavg(), rows }));
