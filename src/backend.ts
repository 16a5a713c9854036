// The backend registry: a backend is a name plus a kernel table (src/primitives.ts).
// The js backend is the reference and is always present; faster ones register themselves when loaded
// (by dynamic import, never as a side effect of importing the library).
import type { Kernels, FusedKernels } from './primitives.js';
import { AttnError } from './errors.js';

export interface Backend {
  readonly name: string;
  readonly kernels: Kernels;
  readonly fused: Partial<FusedKernels>;
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
 * Select the backend used by every op from now on.
 * @example setBackend('js');
 */
export function setBackend(name: string): void {
  const b = registry.get(name);
  if (!b) throw new AttnError('E_UNSUPPORTED', `setBackend: unknown backend '${name}' (registered: ${[...registry.keys()].join(', ')})`);
  current = b;
}

export function getBackend(): Backend {
  if (!current) throw new AttnError('E_UNSUPPORTED', 'no backend registered');
  return current;
}

export function listBackends(): string[] {
  return [...registry.keys()];
}
