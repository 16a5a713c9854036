// Benchmark: one MultiheadAttention (B 8, T 128, C 256, H 4) and one TransformerEncoderLayer (same input,
// feed-forward 1024, dropout 0) on the js reference backend, forward and forward+backward, interleaved repetition by
// repetition with PyTorch 1.13 CPU (bench/torch_layers.py, spawned; 1 and 2 threads). Medians; a table and a JSON line.
// Never a test: it cannot fail by speed. Run: npx tsx bench/layers.ts [--reps 5]
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { MultiheadAttention, TransformerEncoderLayer, randn, Rng, noGrad, backward, sum, mul, tidy, type Tensor } from '../src/index.js';

const B = 8, T = 128, C = 256, H = 4, FF = 1024;
const reps = Number(process.argv[process.argv.indexOf('--reps') + 1]) || 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const best = (xs: number[]) => (xs.length ? Math.min(...xs) : null);
const load = () => loadavg()[0].toFixed(2);
const loadBefore = load();

const x = randn([B, T, C], new Rng(1)); // (B, T, C)
const g = randn([B, T, C], new Rng(2)); // upstream gradient
const mha = new MultiheadAttention(C, H, { dropout: 0, rng: new Rng(3) });
const enc = new TransformerEncoderLayer(C, H, { dimFeedforward: FF, dropout: 0, rng: new Rng(4) });
const forwards: Record<string, (z: Tensor) => Tensor> = {
  mha: (z) => mha.forward(z, z, z, { needWeights: false }).outputs,
  encoder: (z) => enc.forward(z),
};
const params = { mha: mha.parameters(), encoder: enc.parameters() };

function attnlabMs(c: 'mha' | 'encoder', mode: string): number {
  const t0 = performance.now();
  tidy(() => {
    if (mode === 'forward') return void noGrad(() => forwards[c](x));
    const xr = randn([B, T, C], new Rng(1));
    xr.requiresGrad = true;
    backward(sum(mul(forwards[c](xr), g)));
    for (const p of params[c]) p.grad = null;
  });
  return performance.now() - t0;
}

// PyTorch, one repetition per request over a pipe (null when python3-torch is missing).
async function startTorch() {
  const script = fileURLToPath(new URL('./torch_layers.py', import.meta.url));
  const py = spawn('/usr/bin/python3', [script], { env: { ...process.env, OPENBLAS_CORETYPE: 'SkylakeX' }, stdio: ['pipe', 'pipe', 'inherit'] });
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

const torch = await startTorch();
if (!torch) console.log('(PyTorch not available: apt-get install -y python3-torch libopenblas0-pthread; js only)');
const cases = ['mha', 'encoder'] as const, modes = ['forward', 'forward_backward'] as const;
const rows = [];
for (const c of cases) {
  for (const mode of modes) {
    const js: number[] = [], t1: number[] = [], t2: number[] = [];
    attnlabMs(c, mode); // warm the JIT
    if (torch) await torch.ms(c, mode, 1);
    for (let r = 0; r < reps; r++) {
      js.push(attnlabMs(c, mode));
      if (torch) {
        t1.push(await torch.ms(c, mode, 1));
        t2.push(await torch.ms(c, mode, 2));
      }
    }
    const row = {
      case: c, mode, attnlabMs: median(js), torch1Ms: torch ? median(t1) : null, torch2Ms: torch ? median(t2) : null,
      best: { attnlabMs: best(js), torch1Ms: best(t1), torch2Ms: best(t2) }, // the least disturbed repetition
    };
    rows.push(row);
  }
}
torch?.stop();

const f = (v: number | null) => (v === null ? '-' : v.toFixed(1)).padStart(9);
const ratio = (a: number, b: number | null) => (b ? `${(a / b).toFixed(1)}×` : '-').padStart(8);
console.log(`B ${B}, T ${T}, C ${C}, H ${H}, FF ${FF}; medians of ${reps}; attnlab js backend (1 thread) vs PyTorch ${torch?.version ?? '-'} CPU (OpenBLAS, SkylakeX)`);
console.log(`load average ${loadBefore} before, ${load()} after (other processes share these cores: more than ~0.5 skews the numbers, the 2-thread ones most)`);
console.log('case     mode               attnlab ms  torch 1T ms  torch 2T ms  js/1T    js/2T');
for (const r of rows) {
  console.log(`${r.case.padEnd(8)} ${r.mode.padEnd(18)} ${f(r.attnlabMs)}    ${f(r.torch1Ms)}    ${f(r.torch2Ms)} ${ratio(r.attnlabMs, r.torch1Ms)} ${ratio(r.attnlabMs, r.torch2Ms)}`);
}
console.log(JSON.stringify({ bench: 'layers', shape: { B, T, C, H, FF }, reps, attnlabThreads: 1, torchThreads: [1, 2], torch: torch?.version ?? null, loadavg: [Number(loadBefore), Number(load())], results: rows }));
