// Benchmark: where splitting a wasm kernel over 2 threads starts to pay. Times one call of an elementwise add, an
// elementwise exp and a (m, 64)·(64, 64) product on one thread and on two (the pool forced to split every call:
// minWork 1), interleaved call by call, medians over --reps calls, for growing sizes; prints µs per call, the
// 2-thread/1-thread ratio, and the work per thread (the runtime's cost units) at each size, then a JSON line.
// The runtime's threshold (MIN_WORK in src/backends/wasm/runtime.ts) is set from where the ratio falls below 1.
// Never a test. Run: npx tsx bench/pool-crossover.ts [--reps 200]
import { loadavg } from 'node:os';
import { createWasmRuntime, type WasmRuntime } from '../src/backends/wasm/runtime.js';

const arg = (name: string, dflt: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : dflt);
const reps = Number(arg('--reps', '200'));
const load0 = loadavg()[0].toFixed(2);
const one = await createWasmRuntime({ threads: 1 });
const two = await createWasmRuntime({ threads: 2, minWork: 1 });

/** A kernel call of `size` on runtime rt (its buffers made once per runtime) and its work in cost units. */
interface Case { name: string; sizes: number[]; work: (n: number) => number; setup: (rt: WasmRuntime, n: number) => () => void }
const buffers = (rt: WasmRuntime, ...counts: number[]) => counts.map((c) => { const p = rt.alloc(c * 4); rt.fill(p, c, 0.5); return p; });
const cases: Case[] = [
  { name: 'add', sizes: [1 << 12, 1 << 14, 1 << 15, 1 << 16, 1 << 17, 1 << 18, 1 << 20], work: (n) => n,
    setup: (rt, n) => { const [a, b, o] = buffers(rt, n, n, n); return () => rt.binary('add', a, [n], b, [n], o, [n]); } },
  { name: 'exp', sizes: [1 << 10, 1 << 12, 1 << 13, 1 << 14, 1 << 16, 1 << 18], work: (n) => 16 * n,
    setup: (rt, n) => { const [a, o] = buffers(rt, n, n); return () => rt.unary('exp', a, o, n); } },
  { name: 'matmul (m,64)·(64,64)', sizes: [16, 32, 64, 128, 256, 1024, 4096], work: (m) => m * 64 * 64,
    setup: (rt, m) => { const [a, b, o] = buffers(rt, m * 64, 64 * 64, m * 64);
      return () => rt.matmul(a, b, o, { m, k: 64, n: 64, transA: false, transB: false, aBatch: [], bBatch: [], outBatch: [] }); } },
];
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const rows = [];
console.log(`wasm kernels, 1 thread vs 2 (split forced); medians of ${reps} interleaved calls; load average ${load0} before`);
console.log('kernel                  size   work/thread (2T)    1T µs    2T µs   2T/1T');
for (const c of cases) {
  for (const n of c.sizes) {
    const f1 = c.setup(one, n), f2 = c.setup(two, n);
    for (let i = 0; i < 20; i++) { f1(); f2(); }
    const t1: number[] = [], t2: number[] = [];
    for (let i = 0; i < reps; i++) {
      let t0 = performance.now(); f1(); t1.push(performance.now() - t0);
      t0 = performance.now(); f2(); t2.push(performance.now() - t0);
    }
    const [m1, m2] = [median(t1) * 1000, median(t2) * 1000];
    rows.push({ kernel: c.name, size: n, workPerThread: c.work(n) / 2, us1: m1, us2: m2, ratio: m2 / m1 });
    console.log(`${c.name.padEnd(22)} ${String(n).padStart(6)} ${String(c.work(n) / 2).padStart(18)} ${m1.toFixed(1).padStart(8)} ${m2.toFixed(1).padStart(8)} ${(m2 / m1).toFixed(2).padStart(7)}`);
  }
}
console.log(`load average ${loadavg()[0].toFixed(2)} after (a busy second core makes 2 threads look worse than they are)`);
console.log(JSON.stringify({ bench: 'pool-crossover', reps, loadavg: [Number(load0), loadavg()[0]], rows }));
one.dispose();
two.dispose();
