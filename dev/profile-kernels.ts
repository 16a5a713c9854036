// Time per kernel of one MultiheadAttention forward+backward on a backend: where the time goes.
// Run: npx tsx dev/profile-kernels.ts [--backend wasm] [--threads 1] [--shape large]
import { MultiheadAttention, randn, Rng, backward, sum, mul, tidy, zeroGrad, setBackend, getBackend } from '../src/index.js';

const arg = (n: string, d: string) => (process.argv.includes(n) ? process.argv[process.argv.indexOf(n) + 1] : d);
const [B, T, C, H] = arg('--shape', 'large') === 'large' ? [8, 512, 768, 12] : [8, 128, 256, 4];
await setBackend(arg('--backend', 'wasm'), { threads: Number(arg('--threads', '1')) });
const b = getBackend();
const times = new Map<string, { ms: number; calls: number }>();
for (const group of [b.kernels, b.fused] as Record<string, (...a: unknown[]) => unknown>[]) {
  for (const [k, f] of Object.entries(group)) {
    group[k] = (...a: unknown[]) => {
      const t0 = performance.now();
      try { return f(...a); } finally {
        const key = k === 'matmul' ? `matmul ${(a[3] as { transA: boolean }).transA ? 'T' : 'N'}${(a[3] as { transB: boolean }).transB ? 'T' : 'N'} m${(a[3] as { m: number }).m} k${(a[3] as { k: number }).k} n${(a[3] as { n: number }).n}` : k === 'unary' || k === 'binary' || k === 'reduce' ? `${k} ${a[0]}` : k;
        const e = times.get(key) ?? { ms: 0, calls: 0 };
        e.ms += performance.now() - t0; e.calls++; times.set(key, e);
      }
    };
  }
}
const mha = new MultiheadAttention(C, H, { dropout: 0, rng: new Rng(3) });
const x = randn([B, T, C], new Rng(1)), g = randn([B, T, C], new Rng(2));
const step = () => tidy(() => {
  const xr = randn([B, T, C], new Rng(1)); xr.requiresGrad = true;
  backward(sum(mul(mha.forward(xr, xr, xr, { needWeights: false }).outputs, g)));
  zeroGrad(mha.parameters());
});
step(); times.clear();
const t0 = performance.now(); step(); const total = performance.now() - t0;
console.log(`${b.name}, total ${total.toFixed(0)} ms`);
for (const [k, v] of [...times].sort((p, q) => q[1].ms - p[1].ms)) console.log(`${v.ms.toFixed(1).padStart(8)} ms ${String(v.calls).padStart(4)}×  ${k}`);
x.dispose();
