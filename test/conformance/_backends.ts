// The backends the conformance suite runs against js: every registered one, plus four test backends — js
// without fused kernels (ops take their composed paths), a counting js backend that tracks live buffers and fails
// on use after free, an offset js backend that stores every tensor behind a pad, so kernels see offset ≠ 0, and
// an async js backend with no readSync (as WebGPU), so every user-facing path is proved to read asynchronously.
import { makeJsBackend, registerBackend, listBackends, findBackend, type Backend } from '../../src/index.js';
import type { Data, KTensor } from '../../src/primitives.js';

type Fn = (...a: unknown[]) => unknown;
/** The kernel tables of `base` with every call's arguments passed through `f` first. */
function wrapKernels(base: Backend, f: (args: unknown[]) => unknown[]): Pick<Backend, 'kernels' | 'fused'> {
  const wrap = (table: object) => Object.fromEntries(Object.entries(table).map(([k, fn]) => [k, (...a: unknown[]) => (fn as Fn)(...f(a))]));
  return { kernels: wrap(base.kernels) as unknown as Backend['kernels'], fused: wrap(base.fused) };
}

export interface CountingBackend extends Backend {
  live(): number;
}

/** A js backend that counts live buffers and throws when a kernel touches a freed one. */
export function makeCountingBackend(name = 'js-counting'): CountingBackend {
  const freed = new WeakSet<object>();
  let live = 0;
  const base = makeJsBackend({ name, poison: true, onAlloc: () => void live++, onFree: (b) => { live--; freed.add(b); } });
  const check = (...ts: unknown[]) => {
    for (const t of ts) {
      const buf = (t as { buf?: object } | null)?.buf;
      if (buf && freed.has(buf)) throw new Error(`${name}: a kernel used a freed buffer`);
    }
  };
  return { ...base, ...wrapKernels(base, (a) => (check(...a), a)), live: () => live };
}

/**
 * A js backend whose every buffer starts with a pad of 1 to 13 NaNs (it varies from buffer to buffer): tensors
 * keep offset 0 in the library, but read, write and every kernel see the pad added to their offset, so a kernel
 * that ignores an offset reads NaN and fails the conformance suite.
 */
export function makeOffsetBackend(name = 'js-offset'): Backend<Data> {
  const base = makeJsBackend({ name });
  const pads = new WeakMap<object, number>();
  let made = 0;
  const padOf = (buf: Data) => pads.get(buf) ?? 0;
  const shift = (t: unknown): unknown => {
    const k = t as KTensor<Data> | null;
    const pad = k && typeof k === 'object' && 'buf' in k ? pads.get(k.buf) : undefined;
    if (pad === undefined) return t;
    return { buf: k!.buf, offset: k!.offset + pad, shape: k!.shape, strides: k!.strides, size: k!.size, dtype: k!.dtype };
  };
  return {
    ...base,
    ...wrapKernels(base, (a) => a.map(shift)),
    alloc(dtype, length) {
      const pad = 1 + ((made++ * 7) % 13);
      const buf = base.alloc(dtype, pad + length);
      buf.fill(NaN, 0, pad);
      pads.set(buf, pad);
      return buf;
    },
    write: (buf, offset, values) => base.write(buf, offset + padOf(buf), values),
    read: (buf, offset, length, dtype) => base.read(buf, offset + padOf(buf), length, dtype),
    readSync: (buf, offset, length, dtype) => base.readSync!(buf, offset + padOf(buf), length, dtype),
  };
}

/**
 * A js backend without readSync, as a GPU backend: values come back only through `await t.data()`, and the read
 * resolves on a later microtask (values are copied when the read is asked for, as a GPU copy is queued then).
 */
export function makeAsyncBackend(name = 'js-async'): Backend<Data> {
  const { readSync, ...base } = makeJsBackend({ name });
  return {
    ...base,
    read: async (buf, offset, length, dtype) => {
      const values = readSync!(buf, offset, length, dtype);
      await null;
      return values;
    },
  };
}

let made = false;
/** Register the test backends once and return every backend to check against js. */
export function backendsUnderTest(): Backend[] {
  if (!made) {
    registerBackend(makeJsBackend({ name: 'js-composed', fused: false }));
    registerBackend(makeCountingBackend());
    registerBackend(makeOffsetBackend());
    registerBackend(makeAsyncBackend());
    made = true;
  }
  return listBackends().filter((n) => n !== 'js').map(findBackend);
}
