// The backend registry and interface. A backend owns its memory: it allocates, frees, writes and reads its
// own buffers and runs kernels (src/primitives.ts) on them. The js backend is the reference and is always
// present; faster ones register themselves when loaded (by dynamic import, never as a side effect).
import type { Kernels, FusedKernels, DType, Data } from './primitives.js';
import { AttnError } from './errors.js';

export interface Backend<B = any> {
  readonly name: string;
  /** The dtypes this backend stores (a GPU has no float64). */
  readonly dtypes: readonly DType[];
  /** A zero-filled buffer of `length` elements; with `zeroed` false its values are unspecified (for a kernel
   *  output that is written whole: zeroing it first would cost a pass over memory for nothing). */
  alloc(dtype: DType, length: number, zeroed?: boolean): B;
  free(buf: B): void;
  /** Copy host values into buf[offset, offset + values.length). */
  write(buf: B, offset: number, values: ArrayLike<number>): void;
  /** A host copy of buf[offset, offset + length). */
  read(buf: B, offset: number, length: number, dtype: DType): Promise<Data>;
  /** The same, synchronously, where the backend can (js and wasm can; WebGPU cannot). */
  readSync?(buf: B, offset: number, length: number, dtype: DType): Data;
  readonly kernels: Kernels<B>;
  readonly fused: Partial<FusedKernels<B>>;
  /** What this backend does not support, each with a reason (printed by the conformance suite). */
  readonly unsupported?: Readonly<Record<string, string>>;
  /** Release what the backend holds outside the JS heap (a GPU device), so the process can exit; the backend is
   *  unusable afterwards. Absent where there is nothing to release. */
  destroy?(): void;
}

/** Options of a backend that starts asynchronously (wasm: its thread pool). */
export interface BackendOptions {
  /** Threads including the caller's (default: the machine's cores where threads can start, else 1). */
  threads?: number;
}
export type BackendLoader = (opts: BackendOptions) => Promise<Backend>;

const registry = new Map<string, Backend>();
const loaders = new Map<string, BackendLoader>();
let current: Backend | undefined;

/** Make a backend available by name. */
export function registerBackend(b: Backend): void {
  registry.set(b.name, b);
  current ??= b;
}

/** Make a backend that must start first (compile, spawn threads) available by name; setBackend starts it. */
export function registerBackendLoader(name: string, load: BackendLoader): void {
  loaders.set(name, load);
}

const known = (): string => [...new Set([...registry.keys(), ...loaders.keys()])].join(', ');

/**
 * Select the backend used for new tensors and ops from now on. A registered backend is selected at once
 * (no need to await); one with a loader (wasm) is started on first use, or restarted when options are given.
 * @example await setBackend('wasm', { threads: 2 });
 */
export function setBackend(name: string, opts?: BackendOptions): Promise<void> {
  const have = registry.get(name);
  const load = loaders.get(name);
  const same = !opts?.threads || (have as { threads?: number } | undefined)?.threads === opts.threads;
  if (have && (!load || same)) {
    current = have;
    return Promise.resolve();
  }
  if (!load) return Promise.reject(new AttnError('E_UNSUPPORTED', `setBackend: unknown backend '${name}' (known: ${known()})`));
  return load(opts ?? {}).then((b) => {
    registry.set(name, b);
    current = b;
  });
}

/** A registered backend by name. */
export function findBackend(name: string): Backend {
  const b = registry.get(name);
  if (!b) throw new AttnError('E_UNSUPPORTED', `unknown backend '${name}' (registered: ${[...registry.keys()].join(', ')}; start a loadable one with setBackend)`);
  return b;
}

export function getBackend(): Backend {
  if (!current) throw new AttnError('E_UNSUPPORTED', 'no backend registered');
  return current;
}

/** Names of the registered backends (started ones; `setBackend` also knows the loadable ones). */
export function listBackends(): string[] {
  return [...registry.keys()];
}

/** What runs now: the backend's name, its threads and, on a GPU, the adapter, for reports such as `attn --version`. */
export function backendInfo(): { name: string; threads: number; adapter?: string } {
  const b = getBackend() as Backend & { threads?: number; adapter?: string };
  return { name: b.name, threads: b.threads ?? 1, ...(b.adapter ? { adapter: b.adapter } : {}) };
}

/**
 * Select the fastest backend that starts here: the first of `prefer` (default wasm) that starts, else js.
 * Resolves to what runs and, when a preferred one could not start, why.
 * @example const { name, threads } = await useFastestBackend(['webgpu', 'wasm']);
 */
export async function useFastestBackend(prefer: string[] = ['wasm'], opts?: BackendOptions): Promise<{ name: string; threads: number; adapter?: string; fallback?: string }> {
  const reasons: string[] = [];
  for (const name of prefer) {
    try {
      await setBackend(name, opts);
      return reasons.length ? { ...backendInfo(), fallback: reasons.join('; ') } : backendInfo();
    } catch (e) {
      reasons.push(`${name}: ${(e as Error).message}`);
    }
  }
  await setBackend('js');
  return { ...backendInfo(), fallback: reasons.join('; ') || undefined };
}

// The js backend is always there: the default until another is selected, and the oracle.
import { jsBackend } from './backends/js/index.js';
registerBackend(jsBackend);
// The wasm backend is loaded (and its threads started) only when selected.
registerBackendLoader('wasm', async (opts) => (await import('./backends/wasm/index.js')).createWasmBackend(opts));
// The webgpu backend too: its module, and the optional `webgpu` package it needs in Node, load only when selected.
registerBackendLoader('webgpu', async () => (await import('./backends/webgpu/index.js')).createWebgpuBackend());
