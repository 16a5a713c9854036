// Benchmark: the webgpu backend on whatever adapter is present — a 1024³ matmul and one MultiheadAttention
// forward+backward — each checked against the js backend on the same seeded inputs, printed with the adapter's
// name. On SwiftShader (the CPU Vulkan driver) it prints correctness and the adapter only: times there say
// nothing about a GPU. Never a test: it cannot fail by speed. Needs a WebGPU adapter (see README, WebGPU backend).
// Run: npx tsx bench/webgpu.ts [--reps 3] [--n 1024] [--shape small|large]
import {
  MultiheadAttention, matmul, randn, Rng, backward, sum, mul, setBackend, getBackend,
} from '../src/index.js';
import { compareClose } from '../src/testing/index.js';

const arg = (name: string, dflt: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : dflt);
const reps = Number(arg('--reps', '3')) || 3;
const N = Number(arg('--n', '1024')) || 1024;
const shape = arg('--shape', 'small');
if (shape !== 'small' && shape !== 'large') throw new Error(`--shape ${shape}: expected small or large`);
const [B, T, C, H] = shape === 'small' ? [8, 128, 256, 4] : [8, 512, 768, 12];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Each case on the current backend: its outputs (read back, so timing includes the device finishing). */
const cases: Record<string, () => Promise<Float32Array[]>> = {
  [`matmul ${N}³`]: async () => {
    const a = randn([N, N], new Rng(1)), b = randn([N, N], new Rng(2));
    return [(await matmul(a, b).data()) as Float32Array];
  },
  [`MultiheadAttention B${B} T${T} C${C} H${H} forward+backward`]: async () => {
    const x = randn([B, T, C], new Rng(1)); // (B, T, C)
    x.requiresGrad = true;
    const mha = new MultiheadAttention(C, H, { dropout: 0, rng: new Rng(3) });
    const y = mha.forward(x, x, x, { needWeights: false }).outputs; // (B, T, C)
    backward(sum(mul(y, y)));
    return [(await y.data()) as Float32Array, (await x.grad!.data()) as Float32Array];
  },
};

await setBackend('webgpu');
const adapter = (getBackend() as { adapter?: string }).adapter ?? 'unknown';
const software = /swiftshader|llvmpipe|lavapipe/i.test(adapter);
console.log(`webgpu adapter: ${adapter}${software ? ' (a CPU driver: correctness only, no times)' : ''}`);
const rows: { case: string; ok: boolean; maxDiff: string; ms?: number }[] = [];
for (const [name, run] of Object.entries(cases)) {
  await setBackend('js');
  const ref = await run();
  await setBackend('webgpu');
  const times: number[] = [];
  let got: Float32Array[] = [];
  for (let r = 0; r < (software ? 1 : reps); r++) {
    const t0 = performance.now();
    got = await run();
    times.push(performance.now() - t0);
  }
  const cmp = got.map((g, i) => compareClose(g, ref[i], { atol: 1e-3, rtol: 1e-3, name }));
  rows.push({ case: name, ok: cmp.every((c) => c.ok), maxDiff: cmp.map((c) => c.maxAbsDiff.toExponential(1)).join(', '), ms: software ? undefined : median(times) });
}
console.table(rows.map((r) => ({ case: r.case, 'equals js (1e-3)': r.ok, 'max |diff|': r.maxDiff, ...(r.ms === undefined ? {} : { 'median ms': r.ms.toFixed(1) }) })));
console.log(JSON.stringify({ bench: 'webgpu', adapter, software, rows }));
getBackend().destroy?.();
