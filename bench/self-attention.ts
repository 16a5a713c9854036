// Benchmark: parameter-free selfAttention on the js reference backend for T = 512 and 4,096 words at C = 100.
// Prints a table and one JSON line. Not a test: it never fails by speed.
// Run: npx tsx bench/self-attention.ts
import { selfAttention, randn, Rng, noGrad } from '../src/index.js';

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
    noGrad(() => selfAttention(x));
    const dt = performance.now() - t0;
    peak = Math.max(peak, process.memoryUsage().rss);
    if (r > 0) times.push(dt); // first run warms the JIT
  }
  const ms = median(times);
  const flops = 2 * T * T * C * 2; // two (T,T,C) matmuls
  rows.push({ T, C, ms, gflops: flops / (ms * 1e6), peakMiB: (peak - before) / 2 ** 20 });
}
console.log('selfAttention, js backend, 1 thread (median)');
console.log('T      C    ms        GFLOP/s  extra RSS MiB');
for (const r of rows) console.log(`${String(r.T).padEnd(6)} ${String(r.C).padEnd(4)} ${r.ms.toFixed(2).padStart(8)}  ${r.gflops.toFixed(2).padStart(7)}  ${r.peakMiB.toFixed(0).padStart(6)}`);
console.log(JSON.stringify({ bench: 'self-attention', backend: 'js', threads: 1, results: rows }));
