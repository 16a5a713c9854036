// Benchmark: MultiheadAttention forward (self-attention, weights not returned) on attnlab's wasm backend beside
// onnxruntime-node's fused com.microsoft.MultiHeadAttention and its plain opset-17 graph, interleaved repetition by
// repetition in one process, with the same seeded weights (checked: the largest |difference| of the outputs).
// onnxruntime is inference only, so this is the forward row of the table; bench/layers.ts has the rest.
// Needs: `apt-get install -y python3-onnx` (builds the graphs: bench/onnx_mha.py) and onnxruntime-node, which is
// not a dependency (about 290 MB): `ONNXRUNTIME_NODE_INSTALL=skip npm install --no-save onnxruntime-node@1.30.0`.
// Without either it says so and exits 0. Never a test: it cannot fail by speed.
// Run: npx tsx bench/onnx-mha.ts [--reps 5] [--shape large|small] [--threads 2]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MultiheadAttention, randn, Rng, noGrad, tidy, setBackend, backendInfo, type Tensor } from '../src/index.js';

const arg = (name: string, dflt: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : dflt);
const shape = arg('--shape', 'large');
if (shape !== 'small' && shape !== 'large') throw new Error(`--shape ${shape}: expected small or large`);
const [B, T, C, H] = shape === 'small' ? [8, 128, 256, 4] : [8, 512, 768, 12];
const reps = Number(arg('--reps', '5')) || 5;
const threads = Number(arg('--threads', '2')) || 2;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const loadBefore = loadavg()[0].toFixed(2);

// The few parts of onnxruntime-node's API used here, typed locally: the package is optional, so the type check
// of a fresh clone must not need it.
interface OrtTensor { data: unknown }
interface Ort {
  env: { versions: Record<string, string | undefined> };
  Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => OrtTensor;
  InferenceSession: { create(path: string, opts: Record<string, unknown>): Promise<{ run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>> }> };
}
const ortName = 'onnxruntime-node';
let ort: Ort;
try {
  ort = (await import(ortName)) as Ort;
} catch {
  console.log('onnx-mha: onnxruntime-node is not installed (it is not a dependency: about 290 MB). Install it for this bench with\n' +
    '  ONNXRUNTIME_NODE_INSTALL=skip npm install --no-save onnxruntime-node@1.30.0');
  process.exit(0);
}

// attnlab's side: seeded weights, biases made non-zero so that both sides must add them.
await setBackend('wasm', { threads });
const info = backendInfo();
const mha = new MultiheadAttention(C, H, { dropout: 0, rng: new Rng(3) });
mha.loadStateDict(new Map([['in_proj_bias', randn([3 * C], new Rng(5))], ['out_proj.bias', randn([C], new Rng(6))]]), { strict: false });
const x = randn([B, T, C], new Rng(1));
const forward = () => tidy(() => noGrad(() => mha.forward(x, x, x, { needWeights: false }).outputs));

// The weights go to python through raw little-endian float32 files.
const dir = mkdtempSync(join(tmpdir(), 'attnlab-onnx-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const manifest: Record<string, number[]> = {};
for (const [name, p] of mha.namedParameters()) {
  manifest[name] = p.shape.slice();
  writeFileSync(join(dir, `${name}.f32`), new Float32Array(await p.data()));
}
writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
const py = spawnSync('/usr/bin/python3', [fileURLToPath(new URL('./onnx_mha.py', import.meta.url)), dir, `${B}`, `${T}`, `${C}`, `${H}`], { encoding: 'utf8' });
if (py.status !== 0) {
  console.log(`onnx-mha: could not build the ONNX graphs (apt-get install -y python3-onnx?):\n${(py.stderr || py.error?.message || '').trim().split('\n').slice(-3).join('\n')}`);
  process.exit(0);
}
const onnxVersion = JSON.parse(py.stdout.trim().split('\n').pop()!).onnx as string;

const xHost = new Float32Array(await x.data());
const feeds = { x: new ort.Tensor('float32', xHost, [B, T, C]) };
const sides: { name: string; run: () => Promise<Float32Array> }[] = [
  // The output is read back to the host on both sides: onnxruntime's run returns host arrays.
  { name: `attnlab wasm ${info.threads}T`, run: async () => { const y: Tensor = forward(); const v = new Float32Array(await y.data()); y.dispose(); return v; } },
];
for (const graph of ['fused', 'plain']) {
  for (const t of [1, 2]) {
    const s = await ort.InferenceSession.create(join(dir, `${graph}.onnx`), {
      intraOpNumThreads: t, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
    });
    sides.push({ name: `onnxruntime ${graph} ${t}T`, run: async () => (await s.run(feeds)).y.data as Float32Array });
  }
}

const ref = await sides[0].run();
const maxDiff: Record<string, number> = {};
for (const s of sides.slice(1)) {
  const y = await s.run(); // also the warm-up
  maxDiff[s.name] = y.reduce((m, v, i) => Math.max(m, Math.abs(v - ref[i])), 0);
}
const times: Record<string, number[]> = Object.fromEntries(sides.map((s) => [s.name, []]));
for (let r = 0; r < reps; r++) {
  for (const s of sides) {
    const t0 = performance.now();
    await s.run();
    times[s.name].push(performance.now() - t0);
  }
}

const ours = median(times[sides[0].name]);
const fused2 = median(times['onnxruntime fused 2T']);
console.log(`MultiheadAttention B${B} T${T} C${C} H${H} forward, need_weights off; ${cpus().length} CPUs (${cpus()[0].model}); ` +
  `onnxruntime-node ${ort.env.versions.node ?? '?'}, onnx ${onnxVersion}; medians of ${reps}; load ${loadBefore} → ${loadavg()[0].toFixed(2)}`);
console.log('| side | ms | ÷ attnlab | max |Δ| vs attnlab |');
console.log('|---|---:|---:|---:|');
for (const s of sides) {
  const m = median(times[s.name]);
  console.log(`| ${s.name} | ${m.toFixed(1)} | ${(m / ours).toFixed(2)} | ${s.name in maxDiff ? maxDiff[s.name].toExponential(1) : '—'} |`);
}
const fusedBest = Math.min(fused2, median(times['onnxruntime fused 1T']));
console.log(`attnlab ÷ onnxruntime fused 2T: ${(ours / fused2).toFixed(2)}×; ÷ its faster thread count: ${(ours / fusedBest).toFixed(2)}× (target ≤ 3×)`);
console.log(JSON.stringify({ bench: 'onnx-mha', shape, B, T, C, H, reps, load: [loadBefore, loadavg()[0].toFixed(2)], attnlab: info,
  medians: Object.fromEntries(sides.map((s) => [s.name, median(times[s.name])])), maxDiff, ratioToFused2T: ours / fused2, ratioToFusedBest: ours / fusedBest }));
process.exit(0);
