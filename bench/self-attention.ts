// Benchmark: parameter-free selfAttention on the js reference backend for T = 512 and 4,096 words at C = 100.
// Prints a table and one JSON line. Not a test: it never fails by speed.
// Run: npx tsx bench/self-attention.ts
import { torchEnv } from './_openblas.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { selfAttention, randn, Rng } from '../src/index.js';

/** PyTorch's median ms per T at `threads` threads, or null when Debian's torch is not installed. */
function torchMs(threads: number): Record<string, number> | null {
  const script = fileURLToPath(new URL('./torch_self_attention.py', import.meta.url));
  const r = spawnSync('/usr/bin/python3', [script, String(threads)], { encoding: 'utf8', env: torchEnv() });
  return r.status === 0 ? JSON.parse(r.stdout.trim()) : null;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const C = 100;
const rows: { T: number; C: number; ms: number; gflops: number; peakMiB: number }[] = [];
for (const T of [512, 4096]) {
  const x = randn([T, C], new Rng(T));
  const reps = T <= 512 ? 20 : 3;
  const times: number[] = [];
  const before = process.memoryUsage().rss;
  let peak = before;
  for (let r = 0; r < reps + 1; r++) {
    const t0 = performance.now();
    const res = await selfAttention(x); // the input check reads two numbers back; x needs no gradient
    const dt = performance.now() - t0;
    peak = Math.max(peak, process.memoryUsage().rss);
    if (r > 0) times.push(dt); // first run warms the JIT
    for (const t of [res.scores, res.weights, res.outputs]) t.dispose();
  }
  const ms = median(times);
  const flops = 2 * T * T * C * 2; // two (T,T,C) matmuls
  rows.push({ T, C, ms, gflops: flops / (ms * 1e6), peakMiB: (peak - before) / 2 ** 20 });
}
const torch1 = torchMs(1), torch2 = torchMs(2);
console.log(`selfAttention, js backend, 1 thread, vs PyTorch 1.13 CPU (OpenBLAS ${torchEnv().OPENBLAS_CORETYPE}), medians; load average ${loadavg()[0].toFixed(2)}`);
console.log('T      C    attnlab ms  GFLOP/s  extra RSS MiB  torch 1T ms  ratio  torch 2T ms  ratio');
for (const r of rows) {
  const t1 = torch1?.[r.T], t2 = torch2?.[r.T];
  const cell = (t: number | undefined) => (t === undefined ? '         —      —' : `${t.toFixed(2).padStart(11)}  ${(r.ms / t).toFixed(0).padStart(4)}×`);
  console.log(`${String(r.T).padEnd(6)} ${String(r.C).padEnd(4)} ${r.ms.toFixed(2).padStart(10)}  ${r.gflops.toFixed(2).padStart(7)}  ${r.peakMiB.toFixed(0).padStart(13)}  ${cell(t1)}  ${cell(t2)}`);
}
if (!torch1) console.log('(PyTorch not found: apt-get install -y python3-torch libopenblas0-pthread for the side-by-side columns)');
console.log(JSON.stringify({ bench: 'self-attention', backend: 'js', threads: 1, results: rows, torch: { threads1: torch1, threads2: torch2 } }));
