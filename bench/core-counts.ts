// Counts, for one TransformerEncoderLayer(64, 4) forward+backward training step (B 8, T 32, AdamW), the kernel
// calls, buffer allocations and values copied by the `copy` kernel (views made contiguous, windows written),
// through a js backend that counts. Not a timing: the same numbers on every machine.
// Run: npx tsx bench/core-counts.ts
import { makeJsBackend, registerBackend, setBackend, TransformerEncoderLayer, AdamW, randn, Rng, tidy, backward, mean, mul, zeroGrad, type Backend } from '../src/index.js';

const counts = { kernels: 0, allocs: 0, allocValues: 0, copied: 0 };
const base = makeJsBackend({ name: 'js-counted', onAlloc: (b) => { counts.allocs++; counts.allocValues += b.length; } });
const wrap = <T extends object>(table: T): T =>
  Object.fromEntries(Object.entries(table).map(([k, f]) => [k, (...a: any[]) => {
    counts.kernels++;
    if (k === 'copy') counts.copied += a[1].size;
    return f(...a);
  }])) as T;
const counted: Backend = { ...base, kernels: wrap(base.kernels), fused: wrap(base.fused) };
registerBackend(counted);
setBackend('js-counted');

const rng = new Rng(0);
const layer = new TransformerEncoderLayer(64, 4, { dimFeedforward: 256, dropout: 0, rng });
const opt = new AdamW(layer.parameters(), { lr: 1e-3 });
const x = randn([8, 32, 64], rng);
const step = () => tidy(() => {
  backward(mean(mul(layer.forward(x), 1)));
  opt.step();
  zeroGrad(layer.parameters());
});
step(); // the first step also allocates the optimizer state
Object.assign(counts, { kernels: 0, allocs: 0, allocValues: 0, copied: 0 });
step();
const row = { ...counts, bytesAllocated: counts.allocValues * 4, bytesCopied: counts.copied * 4 };
console.log('TransformerEncoderLayer(64, 4) training step (forward + backward + AdamW), B 8, T 32:');
console.log(`  kernel calls ${row.kernels}, allocations ${row.allocs} (${(row.bytesAllocated / 1e6).toFixed(2)} MB), copied by copy kernels ${(row.bytesCopied / 1e6).toFixed(2)} MB`);
console.log(JSON.stringify({ bench: 'core-counts', ...row }));
