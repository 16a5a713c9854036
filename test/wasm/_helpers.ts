// Shared by the wasm runtime tests: one runtime per (SIMD variant, thread count), seeded inputs, and an exact /
// tolerant comparison that prints the first mismatches side by side.
import { Rng } from '../../src/random.js';
import { createWasmRuntime, type WasmRuntime } from '../../src/backends/wasm/runtime.js';

const cache = new Map<string, Promise<WasmRuntime>>();
/** A runtime of the given variant and thread count, made once per test file. */
export function runtime(simd: 'plain' | 'relaxed', threads = 1): Promise<WasmRuntime> {
  const key = `${simd}/${threads}`;
  if (!cache.has(key)) cache.set(key, createWasmRuntime({ simd, threads }));
  return cache.get(key)!;
}
export async function disposeAll(): Promise<void> {
  for (const p of cache.values()) (await p).dispose();
  cache.clear();
}

export const VARIANTS = ['plain', 'relaxed'] as const;

export function randArray(n: number, rng: Rng, lo = -1, hi = 1): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * rng.uniform();
  return a;
}

/** Copy values into fresh wasm memory; the address. */
export function put(rt: WasmRuntime, values: Float32Array): number {
  const p = rt.alloc(values.length * 4);
  rt.write(p, values);
  return p;
}

/** Fails with the first mismatches unless |got - want| <= atol + rtol·|want| everywhere (NaN matches NaN,
 *  infinities must match exactly). atol = rtol = 0 asks for bit-identity. */
export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, atol: number, rtol: number, what: string): void {
  if (got.length !== want.length) throw new Error(`${what}: length ${got.length}, expected ${want.length}`);
  const bad: string[] = [];
  let worst = 0;
  for (let i = 0; i < got.length; i++) {
    const g = got[i], w = want[i];
    const ok = Number.isNaN(w) ? Number.isNaN(g) : !Number.isFinite(w) ? g === w
      : atol === 0 && rtol === 0 ? Object.is(g, w) || g === w : Math.abs(g - w) <= atol + rtol * Math.abs(w);
    if (!ok) {
      worst = Math.max(worst, Math.abs(g - w));
      if (bad.length < 6) bad.push(`[${i}] got ${g} expected ${w}`);
    }
  }
  if (bad.length) throw new Error(`${what}: mismatch (max |diff| ${worst}):\n  ${bad.join('\n  ')}`);
}
