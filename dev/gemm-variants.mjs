// Dev harness: times gemm_f32 of raw .wasm files (one thread) on a 1024³ product, interleaved, medians.
// node dev/gemm-variants.mjs a.wasm b.wasm ...  (build variants with -DMR=.. -DKC=.. from kernels/gemm.c)
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
setFlagsFromString('--experimental-wasm-relaxed-simd');
const N = 1024, files = process.argv.slice(2), runs = [];
for (const f of files) {
  const memory = new WebAssembly.Memory({ initial: 1024, maximum: 65536, shared: true });
  const { instance } = await WebAssembly.instantiate(readFileSync(f), { env: { memory } });
  const e = instance.exports, a = 1 << 20, b = a + N * N * 4, c = b + N * N * 4, s = c + N * N * 4;
  const v = new Float32Array(memory.buffer);
  for (let i = 0; i < 2 * N * N; i++) v[a / 4 + i] = Math.random();
  runs.push({ f, go: () => e.gemm_f32(a, b, c, N, N, N, 0, 0, 0, 0, N, s), ts: [] });
}
for (const r of runs) r.go(), r.go();
for (let k = 0; k < 9; k++) for (const r of runs) { const t0 = performance.now(); r.go(); r.ts.push(performance.now() - t0); }
for (const r of runs) console.log(r.f, (2 * N ** 3 / r.ts.sort((x, y) => x - y)[4] / 1e6).toFixed(1), 'GFLOP/s');
