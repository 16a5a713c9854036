// The webgpu backend: the kernel contract (src/primitives.ts) as WGSL compute shaders on a WebGPU device (a
// browser's navigator.gpu, or Dawn through the optional `webgpu` package in Node). Loaded by dynamic import
// only when selected (setBackend('webgpu')). float32 only, and no synchronous read: values come back with
// `await t.data()`, which submits the pending work and maps a staging buffer.
import type { Backend } from '../../backend.js';
import type { KTensor, Kernels, FusedKernels } from '../../primitives.js';
import { AttnError } from '../../errors.js';
import { checkRows } from '../_check-rows.js';
import { requestDevice } from './device.js';
import { Runtime, type GpuBuffer } from './runtime.js';
import { unary } from './unary.js';
import { binary } from './binary.js';
import { reduce } from './reduce.js';
import { matmul } from './matmul.js';
import { copy, fill } from './copy.js';
import { where } from './where.js';
import { gatherRows, scatterAddRows } from './gather.js';
import { softmax } from './softmax.js';
import { adam } from './adam.js';
import { dropoutMask } from './dropout.js';
import { attention, attentionBackward } from './attention.js';
import { layerNorm, layerNormBackward } from './layer-norm.js';

export type { GpuBuffer } from './runtime.js';

export interface WebgpuBackend extends Backend<GpuBuffer> {
  /** The adapter the kernels run on, as its driver names it (SwiftShader reads 'google swiftshader'). */
  readonly adapter: string;
  /** Submit pending work and release the device and its buffers; the backend is unusable afterwards. */
  destroy(): void;
}

type T = KTensor<GpuBuffer>;
const flat = (t: T) => ({ buf: t.buf, offset: t.offset });
const strided = (t: T) => ({ buf: t.buf, offset: t.offset, strides: t.strides });

/**
 * Open a WebGPU device and wrap it as a Backend named 'webgpu'.
 * @example await setBackend('webgpu'); // loads this module, or rejects with the reason it cannot start
 */
export async function createWebgpuBackend(): Promise<WebgpuBackend> {
  const { device, adapter, keepAlive } = await requestDevice();
  const rt = new Runtime(device, keepAlive);
  const f32 = (kernel: string, ...ts: (T | null)[]) => {
    for (const t of ts) if (t && t.dtype !== 'float32') throw new AttnError('E_UNSUPPORTED', `webgpu ${kernel}: ${t.dtype} (this backend computes float32 only)`);
  };

  const kernels: Kernels<GpuBuffer> = {
    unary: (op, x, out) => (f32('unary', x, out), out.size && rt.run(unary(op, strided(x), strided(out), out.shape))),
    binary: (op, a, b, out) => (f32('binary', a, b, out), out.size && rt.run(binary(op, a, b, out))),
    reduce: (op, x, axis, out) => (f32('reduce', x, out), out.size && rt.run(reduce(op, x.buf, x.offset, x.shape, axis, out.buf, out.offset))),
    matmul: (a, b, out, args) => (f32('matmul', a, b, out), out.size && rt.run(matmul(flat(a), flat(b), flat(out), args))),
    copy: (x, out) => (f32('copy', x, out), out.size && rt.run(copy(strided(x), strided(out), out.shape))),
    fill: (out, value) => (f32('fill', out), out.size && rt.run(fill(out.buf, out.offset, out.size, value))),
    where: (c, a, b, out) => (f32('where', c, a, b, out), out.size && rt.run(where(flat(c), flat(a), flat(b), flat(out), out.size))),
    gatherRows: (table, rows, out) => {
      f32('gatherRows', table, out);
      checkRows('gatherRows', rows, table.shape[0]);
      if (out.size) rt.run(gatherRows(table.buf, table.offset, rows, table.shape[1], out.buf, out.offset));
    },
    scatterAddRows: (src, rows, out) => {
      f32('scatterAddRows', src, out);
      checkRows('scatterAddRows', rows, out.shape[0]);
      if (src.size) rt.run(scatterAddRows(src.buf, src.offset, rows, src.shape[1], out.buf, out.offset));
    },
  };
  const fused: Partial<FusedKernels<GpuBuffer>> = {
    softmax: (x, out) => {
      f32('softmax', x, out);
      const cols = x.shape[x.shape.length - 1] ?? 1;
      if (out.size) rt.run(softmax(x.buf, x.offset, x.size / cols, cols, out.buf, out.offset));
    },
    adam: (p, g, m, v, step) => (f32('adam', p, g, m, v), p.size && rt.run(adam(flat(p), flat(g), flat(m), flat(v), p.size, step))),
    dropoutMask: (out, state, p, keep) => (f32('dropoutMask', out), out.size && rt.run(dropoutMask(flat(out), out.size, state, p, keep))),
    layerNorm: (x, w, b, out, mean, rstd, eps) => {
      f32('layerNorm', x, w, b, out, mean, rstd);
      if (x.size) rt.run(layerNorm(flat(x), w && flat(w), b && flat(b), flat(out), flat(mean), flat(rstd), mean.size, x.shape[x.shape.length - 1], eps));
    },
    layerNormBackward: (x, w, mean, rstd, dy, dx, dw, db) => {
      f32('layerNormBackward', x, w, mean, rstd, dy, dx, dw, db);
      const C = x.shape[x.shape.length - 1];
      if (x.size) for (const l of layerNormBackward(flat(x), w && flat(w), flat(mean), flat(rstd), flat(dy), flat(dx), dw && flat(dw), db && flat(db), mean.size, C)) rt.run(l);
      else for (const d of [dw, db]) if (d?.size) rt.run(fill(d.buf, d.offset, d.size, 0)); // no rows: Σ over none
    },
    attention: (q, k, v, mask, bias, out, lse, args) => {
      f32('attention', q, k, v, mask, bias, out, lse);
      if (lse.size) rt.run(attention(q, k, v, mask, bias, out, lse, args));
    },
  };
  // The backward binds up to 10 buffers at once (q, k, v, out, lse, dOut, mask, bias, dk, dv) beside the parameters;
  // a device that allows fewer keeps the composed backward.
  const canBackward = (device.limits.maxStorageBuffersPerShaderStage ?? 8) >= 11;
  if (canBackward) {
    fused.attentionBackward = (q, k, v, mask, bias, out, lse, dOut, dq, dk, dv, args) => {
      f32('attentionBackward', q, k, v, mask, bias, out, lse, dOut, dq, dk, dv);
      if (q.size + k.size + v.size) for (const l of attentionBackward(q, k, v, mask, bias, out, lse, dOut, dq, dk, dv, args)) rt.run(l);
    };
  }

  return {
    name: 'webgpu',
    dtypes: ['float32'],
    adapter,
    alloc: (dtype, length, zeroed = true) => rt.alloc(dtype, length, zeroed),
    free: (buf) => rt.free(buf),
    write: (buf, offset, values) => rt.write(buf, offset, values instanceof Float32Array ? values : Float32Array.from(values)),
    read: (buf, offset, length) => rt.read(buf, offset, length),
    kernels,
    fused,
    unsupported: {
      float64: 'WebGPU has no float64 storage or arithmetic: tensors are float32',
      readSync: 'WebGPU reads back only asynchronously: use await t.data() (t.dataSync() throws)',
      ...(canBackward ? {} : { attentionBackward: 'this device binds fewer than 11 storage buffers per shader: the attention op\'s backward runs composed' }),
      dotRows: 'no fused neighbour search: it needs a synchronous read, which WebGPU lacks',
    },
    destroy: () => rt.destroy(),
  };
}
