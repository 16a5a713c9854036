// Benchmark: one MultiheadAttention and one TransformerEncoderLayer (dropout 0), forward and forward+backward,
// on attnlab's backends (js: 1 thread; wasm: --threads, default all cores) interleaved repetition by repetition
// with PyTorch 1.13 CPU (bench/torch_layers.py, spawned; 1 and 2 threads). Medians; a table and a JSON line.
// Shapes: --shape small (B 8, T 128, C 256, H 4, FF 1024; the default) or --shape large (B 8, T 512, C 768, H 12,
// FF 3072: the issue's MultiheadAttention case). Never a test: it cannot fail by speed.
// Run: npx tsx bench/layers.ts [--reps 5] [--shape small|large] [--backends js,wasm] [--threads 2] [--cases mha,encoder]
import { torchEnv } from './_openblas.js';
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  MultiheadAttention, TransformerEncoderLayer, randn, Rng, noGrad, backward, sum, mul, tidy, zeroGrad, setBackend, backendInfo, type Tensor,
} from '../src/index.js';

const arg = (name: string, dflt: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : dflt);
const shape = arg('--shape', 'small');
if (shape !== 'small' && shape !== 'large') throw new Error(`--shape ${shape}: expected small or large`);
const [B, T, C, H, FF] = shape === 'small' ? [8, 128, 256, 4, 1024] : [8, 512, 768, 12, 3072];
const reps = Number(arg('--reps', '5')) || 5;
const backends = arg('--backends', 'js,wasm').split(',');
const threadsArg = process.argv.includes('--threads') ? Number(arg('--threads', '')) : undefined;
const caseList = arg('--cases', 'mha,encoder').split(',') as ('mha' | 'encoder')[];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const best = (xs: number[]) => (xs.length ? Math.min(...xs) : null);
const load = () => loadavg()[0].toFixed(2);
const loadBefore = load();

/** The same seeded layers and inputs on one backend. */
function setup() {
  const x = randn([B, T, C], new Rng(1)); // (B, T, C)
  const g = randn([B, T, C], new Rng(2)); // upstream gradient
  const mha = new MultiheadAttention(C, H, { dropout: 0, rng: new Rng(3) });
  const enc = new TransformerEncoderLayer(C, H, { dimFeedforward: FF, dropout: 0, rng: new Rng(4) });
  const forwards: Record<string, (z: Tensor) => Tensor> = {
    mha: (z) => mha.forward(z, z, z, { needWeights: false }).outputs,
    encoder: (z) => enc.forward(z),
  };
  const params = { mha: mha.parameters(), encoder: enc.parameters() };
  return (c: 'mha' | 'encoder', mode: string): number => {
    const t0 = performance.now();
    tidy(() => {
      if (mode === 'forward') return void noGrad(() => forwards[c](x));
      const xr = randn([B, T, C], new Rng(1));
      xr.requiresGrad = true;
      backward(sum(mul(forwards[c](xr), g)));
      zeroGrad(params[c]);
    });
    return performance.now() - t0;
  };
}
const sides: { name: string; threads: number; ms: ReturnType<typeof setup> }[] = [];
for (const b of backends) {
  await setBackend(b, b === 'wasm' && threadsArg ? { threads: threadsArg } : undefined);
  sides.push({ ...backendInfo(), ms: setup() });
}
/** Run one repetition on side s (its backend selected while it runs). */
async function attnlabMs(s: (typeof sides)[number], c: 'mha' | 'encoder', mode: string): Promise<number> {
  await setBackend(s.name);
  return s.ms(c, mode);
}

// PyTorch, one repetition per request over a pipe (null when python3-torch is missing).
async function startTorch(size: string) {
  const script = fileURLToPath(new URL('./torch_layers.py', import.meta.url));
  const py = spawn('/usr/bin/python3', [script, size], { env: torchEnv(), stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: py.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const r = await lines.next();
    if (r.done) throw new Error('bench/torch_layers.py exited');
    return JSON.parse(r.value);
  };
  try {
    const hello = await next();
    const ms = async (c: string, mode: string, threads: number): Promise<number> => {
      py.stdin.write(JSON.stringify({ case: c, mode, threads }) + '\n');
      return (await next()).ms;
    };
    return { version: hello.torch as string, ms, stop: () => py.stdin.end() };
  } catch {
    return null;
  }
}

const torch = await startTorch(shape);
if (!torch) console.log('(PyTorch not available: apt-get install -y python3-torch libopenblas0-pthread; js only)');
const modes = ['forward', 'forward_backward'] as const;
const rows = [];
for (const c of caseList) {
  for (const mode of modes) {
    const ours: number[][] = sides.map(() => []), t1: number[] = [], t2: number[] = [];
    for (const s of sides) await attnlabMs(s, c, mode); // warm the JIT
    if (torch) await torch.ms(c, mode, 1);
    for (let r = 0; r < reps; r++) {
      for (const [i, s] of sides.entries()) ours[i].push(await attnlabMs(s, c, mode));
      if (torch) {
        t1.push(await torch.ms(c, mode, 1));
        t2.push(await torch.ms(c, mode, 2));
      }
    }
    rows.push({
      case: c, mode,
      attnlab: Object.fromEntries(sides.map((s, i) => [`${s.name}-${s.threads}T`, { ms: median(ours[i]), best: best(ours[i]) }])),
      torch1Ms: torch ? median(t1) : null, torch2Ms: torch ? median(t2) : null,
      best: { torch1Ms: best(t1), torch2Ms: best(t2) }, // the least disturbed repetition
    });
  }
}
torch?.stop();

const f = (v: number | null) => (v === null ? '-' : v.toFixed(1)).padStart(10);
const ratio = (a: number, b: number | null) => (b ? `${(a / b).toFixed(2)}×` : '-').padStart(8);
const labels = sides.map((s) => `${s.name}-${s.threads}T`);
console.log(`B ${B}, T ${T}, C ${C}, H ${H}, FF ${FF}; medians of ${reps}; attnlab ${labels.join(', ')} vs PyTorch ${torch?.version ?? '-'} CPU (OpenBLAS ${torchEnv().OPENBLAS_CORETYPE}) 1T and 2T`);
console.log(`load average ${loadBefore} before, ${load()} after (other processes share these cores: more than ~0.5 skews the numbers, the 2-thread ones most)`);
console.log(`case     mode              ${labels.map((l) => l.padStart(10)).join(' ')}   torch 1T   torch 2T  ${labels.map((l) => `${l}/t1T`.padStart(10) + `${l}/t2T`.padStart(10)).join('')}`);
for (const r of rows) {
  const ms = labels.map((l) => r.attnlab[l].ms);
  console.log(`${r.case.padEnd(8)} ${r.mode.padEnd(17)} ${ms.map(f).join(' ')} ${f(r.torch1Ms)} ${f(r.torch2Ms)}  ${ms.map((m) => ratio(m, r.torch1Ms).padStart(10) + ratio(m, r.torch2Ms).padStart(10)).join('')}`);
}
console.log(JSON.stringify({ bench: 'layers', shape: { B, T, C, H, FF }, reps, attnlab: labels, torchThreads: [1, 2], torch: torch?.version ?? null, loadavg: [Number(loadBefore), Number(load())], results: rows }));
