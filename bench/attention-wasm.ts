// Tiled attention on the wasm runtime (src/backends/wasm/kernels/attention.c): one head, T = S, D = Dv = 64.
// T 4,096 forward and forward+backward on 1 and 2 threads (medians, repetitions interleaved), and T 16,384
// forward and forward+backward each in a fresh process for its peak RSS above the inputs, outputs and
// gradients (process.resourceUsage().maxRSS). Also the process's CPU time per run (all threads): on a shared
// machine, GFLOP per CPU-second shows the kernels' speed when wall time mostly shows the load.
// PyTorch 1.13 (bench/torch_attention.py, attention written out) at 1 and 2 threads right after the T 4,096
// runs, where Debian's torch is installed. Prints a table and one JSON line; never fails by speed.
// Run: npx tsx bench/attention-wasm.ts [--reps 5] [--no-16k]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { createWasmRuntime, type WasmRuntime } from '../src/backends/wasm/runtime.js';

const arg = (name: string): string | undefined => { const i = process.argv.indexOf(name); return i < 0 ? undefined : process.argv[i + 1]; };
const D = 64;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
// Nominal FLOPs (FlashAttention's accounting): forward 4·T·S·D, backward 2.5× that.
const flops = (T: number, bwd: boolean): number => 4 * T * T * D * (bwd ? 3.5 : 1);

/** q, k, v, dOut random; out, lse, dq, dk, dv zeroed (so every page is resident before the measurement). */
function setup(rt: WasmRuntime, T: number) {
  const n = T * D, buf = (len: number, rand: boolean) => {
    const p = rt.alloc(len * 4);
    const v = rt.view(p, len);
    if (rand) for (let i = 0; i < len; i++) v[i] = Math.random() - 0.5;
    else v.fill(0);
    return p;
  };
  const [q, k, v, dOut] = [0, 1, 2, 3].map(() => buf(n, true));
  const [out, dq, dk, dv] = [0, 1, 2, 3].map(() => buf(n, false));
  const lse = buf(T, false);
  const a = { lead: [1], t: T, s: T, d: D, dv: D, scale: 1 / Math.sqrt(D) };
  return {
    fwd: () => rt.attention(q, k, v, out, lse, a),
    bwd: () => { rt.attention(q, k, v, out, lse, a); rt.attentionBackward(q, k, v, out, dOut, lse, dq, dk, dv, a); },
  };
}

// A child: one run of T at `threads`, reporting ms and extra peak RSS as one JSON line.
if (process.argv.includes('--child')) {
  const T = Number(arg('--t')), threads = Number(arg('--threads')), bwd = arg('--mode') === 'fwd+bwd';
  const rt = await createWasmRuntime({ threads });
  const run = setup(rt, T);
  const before = process.resourceUsage().maxRSS; // KiB, peak so far: runtime, module, inputs, outputs
  const t0 = performance.now(), c0 = process.cpuUsage();
  (bwd ? run.bwd : run.fwd)();
  const ms = performance.now() - t0, cpu = process.cpuUsage(c0);
  const extraMiB = (process.resourceUsage().maxRSS - before) / 1024;
  console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, extraMiB, wasmMiB: rt.memory.buffer.byteLength / 2 ** 20 }));
  rt.dispose();
  process.exit(0);
}

const reps = Number(arg('--reps')) || 5;
const rows: { case: string; threads: number; ms: number; gflops: number; cpuMs: number; extraMiB?: number }[] = [];
const load0 = loadavg();
const T = 4096;
const rts = [await createWasmRuntime({ threads: 1 }), await createWasmRuntime({ threads: 2 })];
for (const mode of ['fwd', 'fwd+bwd'] as const) {
  const runs = rts.map((rt) => setup(rt, T)[mode === 'fwd' ? 'fwd' : 'bwd']);
  runs.forEach((f) => f()); // warm-up
  const times = runs.map(() => [] as number[]), cpus_ = runs.map(() => [] as number[]);
  for (let r = 0; r < reps; r++) runs.forEach((f, i) => {
    const t0 = performance.now(), c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    times[i].push(performance.now() - t0);
    cpus_[i].push((c.user + c.system) / 1000);
  });
  rts.forEach((rt, i) => rows.push({ case: `T ${T} D ${D} ${mode}`, threads: rt.threads, ms: median(times[i]),
    gflops: flops(T, mode !== 'fwd') / median(times[i]) / 1e6, cpuMs: median(cpus_[i]) }));
}
rts.forEach((rt) => rt.dispose());

/** PyTorch's medians at `threads`, or null without Debian's torch. OpenBLAS picks slow kernels on these CPUs
 *  unless told: SkylakeX (AVX-512) where the CPU has it, Haswell (AVX2) otherwise. */
function torch(threads: number): Record<string, { fwd: number; 'fwd+bwd': number }> | null {
  let avx512 = false;
  try { avx512 = /\bavx512f\b/.test(readFileSync('/proc/cpuinfo', 'utf8')); } catch { /* not Linux */ }
  const env = { ...process.env, OPENBLAS_CORETYPE: process.env.OPENBLAS_CORETYPE ?? (avx512 ? 'SkylakeX' : 'Haswell') };
  const script = fileURLToPath(new URL('./torch_attention.py', import.meta.url));
  const r = spawnSync('/usr/bin/python3', [script, String(threads), String(reps)], { encoding: 'utf8', env });
  return r.status === 0 ? JSON.parse(r.stdout.trim()) : null;
}
const peers = [1, 2].map((threads) => ({ threads, results: torch(threads) }));
for (const { threads, results } of peers) {
  for (const [impl, t] of Object.entries(results ?? {})) {
    for (const mode of ['fwd', 'fwd+bwd'] as const) {
      rows.push({ case: `T ${T} D ${D} ${mode}, PyTorch 1.13 (${impl})`, threads, ms: t[mode], gflops: flops(T, mode !== 'fwd') / t[mode] / 1e6, cpuMs: NaN });
    }
  }
}

if (!process.argv.includes('--no-16k')) {
  const self = fileURLToPath(import.meta.url);
  for (const mode of ['fwd', 'fwd+bwd'] as const) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', '--t', '16384', '--threads', '2', '--mode', mode], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`bench child failed: ${r.stderr}`);
    const c = JSON.parse(r.stdout.trim().split('\n').pop()!);
    rows.push({ case: `T 16384 D ${D} ${mode} (fresh process, 1 run)`, threads: 2, ms: c.ms, gflops: flops(16384, mode !== 'fwd') / c.ms / 1e6, cpuMs: c.cpuMs, extraMiB: c.extraMiB });
  }
}

console.log('| case | threads | ms | GFLOP/s (nominal) | CPU ms (all threads) | GFLOP per CPU-s | extra peak RSS MiB |\n|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const perCpu = (r.gflops * r.ms) / r.cpuMs;
  const cpu = Number.isNaN(r.cpuMs) ? ' | ' : `${r.cpuMs.toFixed(0)} | ${perCpu.toFixed(1)}`;
  console.log(`| ${r.case} | ${r.threads} | ${r.ms.toFixed(1)} | ${r.gflops.toFixed(1)} | ${cpu} | ${r.extraMiB === undefined ? '' : r.extraMiB.toFixed(1)} |`);
}
if (peers.every((p) => !p.results)) console.log('(PyTorch not found: apt-get install -y python3-torch libopenblas0-pthread for its rows)');
console.log(`${cpus()[0]?.model}, ${cpus().length} cores, load average ${load0.map((x) => x.toFixed(2)).join(' ')} → ${loadavg().map((x) => x.toFixed(2)).join(' ')}, ${reps} repetitions`);
console.log(JSON.stringify({ bench: 'attention-wasm', D, reps, load: [load0, loadavg()], rows }));
