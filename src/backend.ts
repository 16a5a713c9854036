// The backend registry and interface. A backend owns its memory: it allocates, frees, writes and reads its
// own buffers and runs kernels (src/primitives.ts) on them. The js backend is the reference and is always
// present; faster ones register themselves when loaded (by dynamic import, never as a side effect).
import type { Kernels, FusedKernels, DType, Data } from './primitives.js';
import { AttnError } from './errors.js';

export interface Backend<B = any> {
  readonly name: string;
  /** The dtypes this backend stores (a GPU has no float64). */
  readonly dtypes: readonly DType[];
  /** A zero-filled buffer of `length` elements. */
  alloc(dtype: DType, length: number): B;
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
}

const registry = new Map<string, Backend>();
let current: Backend | undefined;

/** Make a backend available by name. */
export function registerBackend(b: Backend): void {
  registry.set(b.name, b);
  current ??= b;
}

/**
 * Select the backend used for new tensors and ops from now on.
 * @example setBackend('js');
 */
export function setBackend(name: string): void {
  const b = registry.get(name);
  if (!b) throw new AttnError('E_UNSUPPORTED', `setBackend: unknown backend '${name}' (registered: ${[...registry.keys()].join(', ')})`);
  current = b;
}

/** A registered backend by name. */
export function findBackend(name: string): Backend {
  const b = registry.get(name);
  if (!b) throw new AttnError('E_UNSUPPORTED', `unknown backend '${name}' (registered: ${[...registry.keys()].join(', ')})`);
  return b;
}

export function getBackend(): Backend {
  if (!current) throw new AttnError('E_UNSUPPORTED', 'no backend registered');
  return current;
}

export function listBackends(): string[] {
  return [...registry.keys()];
}

// The js backend is always there: the default and the oracle.
import { jsBackend } from './backends/js/index.js';
registerBackend(jsBackend);
