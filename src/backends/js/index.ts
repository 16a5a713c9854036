// The js backend: plain TypeScript kernels over Float32Array/Float64Array buffers it allocates itself.
// The reference (oracle) for every other backend, registered by default. One file per kernel, same names in
// every backend folder; this file adapts the kernel contract's tensor handles to flat typed arrays.
import type { Backend } from '../../backend.js';
import type { Data, DType, KTensor } from '../../primitives.js';
import { unary } from './unary.js';
import { binary } from './binary.js';
import { reduce } from './reduce.js';
import { matmul } from './matmul.js';
import { copy } from './copy.js';
import { where } from './where.js';
import { gatherRows, scatterAddRows } from './gather.js';
import { softmax } from './softmax.js';
import { adam } from './adam.js';
import { dropoutMask } from './dropout.js';
import { attention, attentionBackward } from './attention.js';
import { layerNorm, layerNormBackward } from './layer-norm.js';

type T = KTensor<Data>;
/** The contiguous values of t as a typed-array window (no copy). */
const arr = (t: T): Data => t.buf.subarray(t.offset, t.offset + t.size);

export interface JsBackendOptions {
  name?: string;
  /** Leave out the fused kernels, so ops take their composed reference paths. */
  fused?: boolean;
  /** Called on every alloc/free (the counting backend of the tests uses it). */
  onAlloc?(buf: Data): void;
  onFree?(buf: Data): void;
  /** Fill buffers allocated without zeroing with NaN, so a kernel that leaves an output element unwritten
   *  shows up in the tests instead of reading as 0. */
  poison?: boolean;
}

function alloc(dtype: DType, n: number): Data {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

/** Make a js backend (the default one is `jsBackend`; tests make variants). */
export function makeJsBackend(opts: JsBackendOptions = {}): Backend<Data> {
  const readSync = (buf: Data, offset: number, length: number, dtype: DType): Data => {
    const out = alloc(dtype, length);
    out.set(buf.subarray(offset, offset + length));
    return out;
  };
  return {
    name: opts.name ?? 'js',
    dtypes: ['float32', 'float64'],
    alloc(dtype, n, zeroed = true) {
      const b = alloc(dtype, n);
      if (!zeroed && opts.poison) b.fill(NaN);
      opts.onAlloc?.(b);
      return b;
    },
    free(buf) {
      opts.onFree?.(buf);
    },
    write(buf, offset, values) {
      buf.set(values, offset);
    },
    read: async (buf, offset, length, dtype) => readSync(buf, offset, length, dtype),
    readSync,
    kernels: {
      unary: (op, x: T, out: T) => unary(op, arr(x), arr(out)),
      binary: (op, a: T, b: T, out: T) => binary(op, arr(a), a.shape, arr(b), b.shape, arr(out), out.shape),
      reduce: (op, x: T, axis, out: T) => reduce(op, arr(x), x.shape, axis, arr(out)),
      matmul: (a: T, b: T, out: T, args) => matmul(arr(a), arr(b), arr(out), args),
      copy: (x: T, out: T) => copy(x.buf, x.offset, x.strides, out.buf, out.offset, out.strides, out.shape),
      fill: (out: T, value) => void arr(out).fill(value),
      where: (c: T, a: T, b: T, out: T) => where(arr(c), arr(a), arr(b), arr(out)),
      gatherRows: (table: T, rows, out: T) => gatherRows(arr(table), rows, table.shape[1], arr(out)),
      scatterAddRows: (src: T, rows, out: T) => scatterAddRows(arr(src), rows, src.shape[1], arr(out)),
    },
    fused: opts.fused === false ? {} : {
      softmax: (x: T, out: T) => {
        const cols = x.shape[x.shape.length - 1] ?? 1;
        softmax(arr(x), cols ? x.size / cols : 0, cols, arr(out));
      },
      adam: (p: T, g: T, m: T, v: T, step) => adam(arr(p), arr(g), arr(m), arr(v), step),
      dropoutMask: (out: T, state, p, keep) => dropoutMask(arr(out), state, p, keep),
      attention,
      attentionBackward,
      layerNorm: (x: T, w: T | null, b: T | null, out: T, mean: T, rstd: T, eps) =>
        layerNorm(arr(x), mean.size, x.shape[x.shape.length - 1], w && arr(w), b && arr(b), eps, arr(out), arr(mean), arr(rstd)),
      layerNormBackward: (x: T, w: T | null, mean: T, rstd: T, dy: T, dx: T, dw: T | null, db: T | null) =>
        layerNormBackward(arr(x), mean.size, x.shape[x.shape.length - 1], w && arr(w), arr(mean), arr(rstd), arr(dy), arr(dx), dw && arr(dw), db && arr(db)),
    },
  };
}

export const jsBackend = makeJsBackend();
