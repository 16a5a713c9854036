// Storage: one buffer owned by a backend, shared by every tensor that views it. Views count themselves in
// `refs` when made and release it on dispose, so the buffer is freed with the last view — the counting is
// the library's, never a call site's. `memory()` reports what is live per backend.
import type { Backend } from './backend.js';
import type { DType } from './primitives.js';

interface Live {
  tensors: number;
  buffers: number;
  bytes: number;
}
const live = new Map<string, Live>();
function liveOf(name: string): Live {
  let l = live.get(name);
  if (!l) live.set(name, (l = { tensors: 0, buffers: 0, bytes: 0 }));
  return l;
}

export class Storage {
  private refs = 0;
  freed = false;
  constructor(
    readonly backend: Backend,
    readonly buf: unknown,
    readonly dtype: DType,
    readonly length: number,
  ) {
    const l = liveOf(backend.name);
    l.buffers++;
    l.bytes += length * bytesPer(dtype);
  }
  /** A new view (tensor) holds this storage. */
  retain(): void {
    this.refs++;
    liveOf(this.backend.name).tensors++;
  }
  /** A view let go; the last one frees the buffer. */
  release(): void {
    const l = liveOf(this.backend.name);
    l.tensors--;
    if (--this.refs > 0 || this.freed) return;
    this.freed = true;
    l.buffers--;
    l.bytes -= this.length * bytesPer(this.dtype);
    this.backend.free(this.buf);
  }
}

export function bytesPer(dtype: DType): number {
  return dtype === 'float64' ? 8 : 4;
}

/** A fresh storage of `length` elements on `backend`: zero-filled unless `zeroed` is false. */
export function allocStorage(backend: Backend, dtype: DType, length: number, zeroed = true): Storage {
  if (!backend.dtypes.includes(dtype)) {
    throw new Error(`backend '${backend.name}' does not store ${dtype} (it stores ${backend.dtypes.join(', ')})`);
  }
  return new Storage(backend, backend.alloc(dtype, length, zeroed), dtype, length);
}

export interface MemoryInfo {
  /** Live tensors (views) on this backend. */
  tensors: number;
  /** Live buffers and their bytes. */
  buffers: number;
  bytes: number;
}

/**
 * Live tensors, buffers and bytes per backend.
 * @example memory().js.bytes // bytes held by live js tensors
 */
export function memory(): Record<string, MemoryInfo> {
  const out: Record<string, MemoryInfo> = {};
  for (const [name, l] of live) out[name] = { ...l };
  return out;
}
