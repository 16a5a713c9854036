// The wasm backend: the kernel contract (src/primitives.ts) over the SIMD runtime (runtime.ts), fused
// kernels included (softmax, Adam, tiled attention, the neighbour search's dot products). Every tensor
// lives in the runtime's one shared WebAssembly.Memory; a buffer is a handle to a block there, so kernels run
// on it in place, on every thread, without copies. float32 runs the SIMD kernels; float64 (kept for the
// gradient checks, which need it) runs the js reference kernels on float64 views of the same memory —
// correct, single-threaded and not fast, which the backend says in `unsupported`.
import type { Backend } from '../../backend.js';
import type { AttentionArgs, Data, DType, KTensor, Kernels, FusedKernels } from '../../primitives.js';
import { AttnError } from '../../errors.js';
import { checkRows } from '../_check-rows.js';
import { jsBackend } from '../js/index.js';
import { createWasmRuntime, type WasmRuntime, type WasmRuntimeOptions, type AttentionArgs as RuntimeAttentionArgs } from './runtime.js';

/** A block of the wasm memory holding `length` values of `dtype`. */
export interface WasmBuffer {
  readonly ptr: number;
  readonly length: number;
  readonly dtype: DType;
}

export interface WasmBackend extends Backend<WasmBuffer> {
  readonly runtime: WasmRuntime;
  /** Threads the kernels run on (the caller's included). */
  readonly threads: number;
}

type T = KTensor<WasmBuffer>;
const BYTES: Record<DType, number> = { float32: 4, float64: 8 };

/**
 * Start the runtime (kernels, memory, thread pool) and wrap it as a Backend named 'wasm'.
 * @example const b = await createWasmBackend({ threads: 2 }); registerBackend(b); setBackend('wasm');
 */
export async function createWasmBackend(opts: WasmRuntimeOptions = {}): Promise<WasmBackend> {
  const rt = await createWasmRuntime(opts);
  const mem = rt.memory;
  /** Byte address of t's first value. */
  const at = (t: T): number => t.buf.ptr + t.offset * BYTES[t.dtype];
  /** The same tensor as the js kernels see it: a typed-array view of the whole block. */
  const host = (t: T): KTensor<Data> => ({ ...t, buf: view(t.buf) });
  const view = (b: WasmBuffer): Data =>
    b.dtype === 'float64' ? new Float64Array(mem.buffer, b.ptr, b.length) : new Float32Array(mem.buffer, b.ptr, b.length);
  const f64 = (...ts: (T | null)[]): boolean => ts.some((t) => t?.dtype === 'float64');
  const js = jsBackend.kernels, jsFused = jsBackend.fused;

  const kernels: Kernels<WasmBuffer> = {
    unary: (op, x, out) => (f64(x, out) ? js.unary(op, host(x), host(out)) : rt.unary(op, at(x), at(out), out.size)),
    binary: (op, a, b, out) =>
      f64(a, b, out) ? js.binary(op, host(a), host(b), host(out)) : rt.binary(op, at(a), a.shape, at(b), b.shape, at(out), out.shape),
    reduce: (op, x, axis, out) => (f64(x, out) ? js.reduce(op, host(x), axis, host(out)) : rt.reduce(op, at(x), x.shape, axis, at(out))),
    matmul: (a, b, out, args) => (f64(a, b, out) ? js.matmul(host(a), host(b), host(out), args) : rt.matmul(at(a), at(b), at(out), args)),
    copy: (x, out) => {
      if (f64(x, out)) return js.copy(host(x), host(out));
      rt.copy(at(x), x.strides, at(out), out.strides, out.shape);
    },
    fill: (out, value) => (f64(out) ? js.fill(host(out), value) : rt.fill(at(out), out.size, value)),
    where: (c, a, b, out) => (f64(c, a, b, out) ? js.where(host(c), host(a), host(b), host(out)) : rt.where(at(c), at(a), at(b), at(out), out.size)),
    gatherRows: (table, rows, out) => {
      checkRows('gatherRows', rows, table.shape[0]);
      if (f64(table, out)) return js.gatherRows(host(table), rows, host(out));
      rt.gatherRows(at(table), rows, table.shape[1], at(out));
    },
    scatterAddRows: (src, rows, out) => {
      checkRows('scatterAddRows', rows, out.shape[0]);
      if (f64(src, out)) return js.scatterAddRows(host(src), rows, host(out));
      rt.scatterAddRows(at(src), rows, src.shape[1], at(out));
    },
  };
  const fused: Partial<FusedKernels<WasmBuffer>> = {
    softmax: (x, out) => {
      if (f64(x, out)) return jsFused.softmax!(host(x), host(out));
      const cols = x.shape[x.shape.length - 1] ?? 1;
      rt.softmax(at(x), cols ? x.size / cols : 0, cols, at(out));
    },
    dotRows: (m, q, out) => {
      if (f64(m, q, out)) throw new AttnError('E_UNSUPPORTED', 'wasm dotRows: float32 only');
      rt.dotRows(at(m), out.shape[1], m.shape[1], at(q), q.shape[0], at(out));
    },
    dropoutMask: (out, state, p, keep) => {
      if (f64(out)) return jsFused.dropoutMask!(host(out), state, p, keep);
      rt.dropoutMask(at(out), out.size, state, p, keep);
    },
    adam: (p, g, m, v, step) => {
      if (f64(p, g, m, v)) return jsFused.adam!(host(p), host(g), host(m), host(v), step);
      rt.adam(at(p), at(g), at(m), at(v), p.size, step);
    },
    // kernels/layernorm.c: SIMD rows split across the threads, dweight/dbias by columns; null weight/bias as 0.
    layerNorm: (x, w, b, out, mean, rstd, eps) => {
      if (f64(x, w, b, out)) return jsFused.layerNorm!(host(x), w && host(w), b && host(b), host(out), host(mean), host(rstd), eps);
      rt.layerNorm(at(x), mean.size, x.shape[x.shape.length - 1], eps, w ? at(w) : 0, b ? at(b) : 0, at(out), at(mean), at(rstd));
    },
    layerNormBackward: (x, w, mean, rstd, dy, dx, dw, db) => {
      if (f64(x, w, dy, dx)) return jsFused.layerNormBackward!(host(x), w && host(w), host(mean), host(rstd), host(dy), host(dx), dw && host(dw), db && host(db));
      rt.layerNormBackward(at(x), mean.size, x.shape[x.shape.length - 1], w ? at(w) : 0, at(mean), at(rstd), at(dy), at(dx), dw ? at(dw) : 0, db ? at(db) : 0);
    },
    // Tiled attention (kernels/attention.c): O((T + S)·D) scratch per thread, the mask and bias read through
    // their strides, so an expanded key-padding mask is never materialised.
    attention: (q, k, v, mask, bias, out, lse, args) => {
      if (f64(q, k, v, mask, bias, out)) return jsFused.attention!(host(q), host(k), host(v), mask && host(mask), bias && host(bias), host(out), host(lse), args);
      rt.attention(at(q), at(k), at(v), at(out), at(lse), attentionArgs(q, k, v, mask, bias, args));
    },
    attentionBackward: (q, k, v, mask, bias, out, lse, dOut, dq, dk, dv, args) => {
      if (f64(q, k, v, mask, bias, out)) {
        return jsFused.attentionBackward!(host(q), host(k), host(v), mask && host(mask), bias && host(bias), host(out), host(lse),
          host(dOut), host(dq), host(dk), host(dv), args);
      }
      rt.attentionBackward(at(q), at(k), at(v), at(out), at(dOut), at(lse), at(dq), at(dk), at(dv), attentionArgs(q, k, v, mask, bias, args));
    },
  };

  return {
    name: 'wasm',
    dtypes: ['float32', 'float64'],
    runtime: rt,
    threads: rt.threads,
    alloc(dtype, length, zeroed = true) {
      const bytes = length * BYTES[dtype];
      let ptr: number;
      try {
        ptr = rt.alloc(bytes);
      } catch (e) {
        throw new AttnError('E_UNSUPPORTED', `wasm backend: ${(e as Error).message}`);
      }
      // Blocks are reused: zero them when asked, with the SIMD fill kernel (a typed array's fill on shared
      // memory runs about 20× slower). All-zero bits are 0 in float64 too.
      if (zeroed && bytes) rt.fill(ptr, bytes / 4, 0);
      return { ptr, length, dtype };
    },
    free: (buf) => rt.free(buf.ptr),
    write(buf, offset, values) {
      view(buf).set(values, offset);
    },
    read: async (buf, offset, length, dtype) => copyOut(view(buf), offset, length, dtype),
    readSync: (buf, offset, length, dtype) => copyOut(view(buf), offset, length, dtype),
    kernels,
    fused,
    unsupported: {
      float64: 'stored, but computed by the js reference kernels on one thread (for gradient checks, not speed)',
    },
  };
}

/** The runtime's attention call: leading dims, sizes, and the mask and bias as strided operands. */
function attentionArgs(q: T, k: T, v: T, mask: T | null, bias: T | null, args: AttentionArgs): RuntimeAttentionArgs {
  const r = q.shape.length;
  const operand = (t: T | null) => (t ? { ptr: t.buf.ptr + t.offset * 4, strides: t.strides } : null);
  return {
    lead: q.shape.slice(0, r - 2), t: q.shape[r - 2], s: k.shape[r - 2], d: q.shape[r - 1], dv: v.shape[r - 1],
    scale: args.scale, causal: args.causal, mask: operand(mask), bias: operand(bias),
  };
}

function copyOut(v: Data, offset: number, length: number, dtype: DType): Data {
  const out = dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
  out.set(v.subarray(offset, offset + length));
  return out;
}
