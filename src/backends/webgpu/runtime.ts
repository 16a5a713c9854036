// The WebGPU runtime under the backend: a size-bucketed buffer pool, a pipeline cache, and one command encoder
// that collects every dispatch, write and zero-fill until values are read (then it is submitted and a staging
// buffer mapped). Kernels are WGSL bodies (the kernel files beside this one); the runtime binds each distinct
// buffer once and gives the body `ld_<name>(i)` / `st_<name>(i, v)` accessors and scalar parameters in `P`.
// Not a scheduler: work runs in the order it was issued, on one queue.
import { AttnError } from '../../errors.js';
import type { DType } from '../../primitives.js';
import { BufferUsage, MapMode, type GPUBufferLike, type GPUCommandEncoderLike, type GPUComputePassLike, type GPUDeviceLike, type GPUPipelineLike } from './_gpu.js';

/** A backend buffer: `length` values of `dtype` in a pooled GPU buffer of at least 4·length bytes. */
export interface GpuBuffer {
  readonly gpu: GPUBufferLike;
  readonly length: number;
  readonly dtype: DType;
}

/** Scalar parameters of one dispatch, as 32-bit words: the WGSL side reads `pu(i)` (u32), `pi(i)` (i32), `pf(i)` (f32). */
export class Params {
  private words: number[] = [];
  private kinds: ('u' | 'i' | 'f')[] = [];
  u(...xs: readonly number[]): this {
    for (const x of xs) this.words.push(x), this.kinds.push('u');
    return this;
  }
  i(...xs: readonly number[]): this {
    for (const x of xs) this.words.push(x), this.kinds.push('i');
    return this;
  }
  f(...xs: readonly number[]): this {
    for (const x of xs) this.words.push(x), this.kinds.push('f');
    return this;
  }
  /** A long list of u32 words (row indices, batch offsets): no spread, which overflows the stack past ~100k. */
  list(xs: ArrayLike<number>): this {
    for (let k = 0; k < xs.length; k++) this.words.push(xs[k]), this.kinds.push('u');
    return this;
  }
  get length(): number {
    return this.words.length;
  }
  /** The words into `dst` (a 4-byte-aligned window of the parameter arena). */
  writeTo(dst: ArrayBuffer, byteOffset: number): void {
    const u = new Uint32Array(dst, byteOffset, this.words.length), i = new Int32Array(u.buffer, byteOffset, u.length);
    const f = new Float32Array(u.buffer, byteOffset, u.length);
    this.words.forEach((w, k) => (this.kinds[k] === 'f' ? (f[k] = w) : this.kinds[k] === 'i' ? (i[k] = w) : (u[k] = w)));
  }
}

/** One kernel launch: a cache key for its WGSL, the body, its operands (name → buffer), parameters and grid. */
export interface Launch {
  key: string;
  body: () => string;
  operands: Record<string, GpuBuffer>;
  params: Params;
  /** Workgroups in x, y, z (each ≤ 65535; kernels loop when there is more work). */
  groups: readonly [number, number?, number?];
}

const ARENA_BYTES = 1 << 16; // parameters of one batch of dispatches, uploaded once at submit
const MAX_DISPATCHES = 512; // a batch is submitted after this many, so staging buffers do not pile up
const POOL_BYTES = 256 << 20; // freed buffers kept for reuse, at most
const ALIGN = 256; // minStorageBufferOffsetAlignment's default (and largest allowed) value

const HEADER = `@group(0) @binding(0) var<storage, read> P: array<u32>;
fn pu(k: u32) -> u32 { return P[k]; }
fn pi(k: u32) -> i32 { return bitcast<i32>(P[k]); }
fn pf(k: u32) -> f32 { return bitcast<f32>(P[k]); }
`;

/** The WGSL of a launch: each distinct buffer bound once (read_write: a buffer may be both input and output, and
 *  WebGPU forbids two bindings of one buffer when either is writable), then the accessors, then the body. */
function assemble(names: string[], slots: number[], body: string): string {
  const decl = [...new Set(slots)].map((s) => `@group(0) @binding(${s + 1}) var<storage, read_write> B${s}: array<f32>;`);
  const acc = names.map((n, k) =>
    `fn ld_${n}(i: u32) -> f32 { return B${slots[k]}[i]; }\nfn st_${n}(i: u32, v: f32) { B${slots[k]}[i] = v; }`);
  return `${HEADER}${decl.join('\n')}\n${acc.join('\n')}\n${body}`;
}

export class Runtime {
  private pool = new Map<number, GPUBufferLike[]>();
  private pooledBytes = 0;
  private pipelines = new Map<string, GPUPipelineLike>();
  private encoder: GPUCommandEncoderLike | null = null;
  private pass: GPUComputePassLike | null = null;
  private temps: GPUBufferLike[] = [];
  private dispatches = 0;
  private arenaHost = new ArrayBuffer(ARENA_BYTES);
  private arenaUsed = 0;
  private arena: GPUBufferLike;
  private error: string | null = null;
  private destroyed = false;

  constructor(readonly device: GPUDeviceLike, private readonly keepAlive: readonly unknown[] = []) {
    this.arena = device.createBuffer({ size: ARENA_BYTES, usage: BufferUsage.STORAGE | BufferUsage.COPY_DST });
    // Validation errors arrive asynchronously; keep the first and report it on the next read.
    const onError = (e: { error: { message: string } }) => void (this.error ??= e.error.message);
    if (device.addEventListener) device.addEventListener('uncapturederror', onError);
    else device.onuncapturederror = onError;
  }

  /** A buffer for `length` values, from the pool when one of its size class is free. */
  alloc(dtype: DType, length: number, zeroed: boolean): GpuBuffer {
    if (this.destroyed) throw new AttnError('E_UNSUPPORTED', 'webgpu backend: the device was destroyed');
    const bytes = Math.max(16, length * 4);
    const cls = bytes <= 1 << 30 ? 2 ** Math.ceil(Math.log2(bytes)) : Math.ceil(bytes / 4096) * 4096;
    const reused = this.pool.get(cls)?.pop();
    if (reused) {
      this.pooledBytes -= cls;
      // A new GPU buffer is zero-filled by WebGPU; a reused one is cleared in order with the pending work.
      if (zeroed) this.commands().clearBuffer(reused, 0, reused.size);
      return { gpu: reused, length, dtype };
    }
    const limit = this.device.limits.maxBufferSize ?? 1 << 28;
    const size = cls <= limit ? cls : bytes;
    if (size > limit) throw new AttnError('E_UNSUPPORTED', `webgpu backend: a buffer of ${bytes} bytes exceeds the device's maxBufferSize ${limit}`);
    return { gpu: this.device.createBuffer({ size, usage: BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST }), length, dtype };
  }

  free(buf: GpuBuffer): void {
    const cls = buf.gpu.size;
    if (this.destroyed || this.pooledBytes + cls > POOL_BYTES) {
      // Destroying is deferred by WebGPU until submitted work using it is done; pending work is submitted first.
      this.temps.push(buf.gpu);
      return;
    }
    // Reuse is safe even with pending work on it: later commands are ordered after earlier ones.
    const list = this.pool.get(cls) ?? [];
    list.push(buf.gpu);
    this.pool.set(cls, list);
    this.pooledBytes += cls;
  }

  /** Host values into buf from element `offset`, through a staging copy ordered with the pending work. */
  write(buf: GpuBuffer, offset: number, values: Float32Array): void {
    if (!values.length) return;
    const staging = this.device.createBuffer({ size: values.byteLength, usage: BufferUsage.COPY_SRC, mappedAtCreation: true });
    new Float32Array(staging.getMappedRange()).set(values);
    staging.unmap();
    this.commands().copyBufferToBuffer(staging, 0, buf.gpu, offset * 4, values.byteLength);
    this.temps.push(staging);
  }

  /** buf[offset, offset + length) on the host, after everything issued so far has run. */
  async read(buf: GpuBuffer, offset: number, length: number): Promise<Float32Array> {
    if (!length) return new Float32Array(0);
    const staging = this.device.createBuffer({ size: length * 4, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    this.commands().copyBufferToBuffer(buf.gpu, offset * 4, staging, 0, length * 4);
    this.flush();
    await staging.mapAsync(MapMode.READ);
    const out = new Float32Array(staging.getMappedRange().slice(0));
    staging.unmap();
    staging.destroy();
    if (this.error) {
      const e = this.error;
      this.error = null;
      throw new AttnError('E_UNSUPPORTED', `webgpu backend: ${e}`);
    }
    return out;
  }

  /** Encode one kernel launch into the pending batch. */
  run(l: Launch): void {
    const names = Object.keys(l.operands);
    const bufs = names.map((n) => l.operands[n].gpu);
    const slots = bufs.map((b, k) => bufs.indexOf(b) === k ? k : bufs.indexOf(b));
    const key = `${l.key}|${slots.join(',')}`;
    let pipeline = this.pipelines.get(key);
    if (!pipeline) {
      const module = this.device.createShaderModule({ code: assemble(names, slots, l.body()) });
      pipeline = this.device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
      this.pipelines.set(key, pipeline);
    }
    const entries = [this.paramBinding(l.params)];
    for (const s of new Set(slots)) entries.push({ binding: s + 1, resource: { buffer: bufs[s] } });
    const group = this.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
    if (!this.pass) this.pass = this.commands(true).beginComputePass();
    this.pass.setPipeline(pipeline);
    this.pass.setBindGroup(0, group);
    this.pass.dispatchWorkgroups(Math.max(1, l.groups[0]), l.groups[1] ?? 1, l.groups[2] ?? 1);
    if (++this.dispatches >= MAX_DISPATCHES) this.flush();
  }

  /** Submit the pending batch (the parameter arena is uploaded first: queue writes precede the submit). */
  flush(): void {
    if (!this.encoder) return;
    this.pass?.end();
    this.pass = null;
    if (this.arenaUsed) this.device.queue.writeBuffer(this.arena, 0, this.arenaHost, 0, this.arenaUsed);
    this.device.queue.submit([this.encoder.finish()]);
    for (const t of this.temps) t.destroy();
    this.temps = [];
    this.encoder = null;
    this.arenaUsed = 0;
    this.dispatches = 0;
  }

  /** Submit what is pending and release the device (the process can then exit). */
  destroy(): void {
    if (this.destroyed) return;
    this.flush();
    this.destroyed = true;
    for (const list of this.pool.values()) for (const b of list) b.destroy();
    this.pool.clear();
    this.arena.destroy();
    this.device.destroy();
  }

  /** The pending encoder; with `inPass` false any open compute pass is ended (copies and clears sit outside passes). */
  private commands(inPass = false): GPUCommandEncoderLike {
    if (!inPass && this.pass) {
      this.pass.end();
      this.pass = null;
    }
    return (this.encoder ??= this.device.createCommandEncoder());
  }

  /** Binding 0: the launch's parameters, in the arena when they fit, else in a buffer of their own. */
  private paramBinding(p: Params): { binding: number; resource: { buffer: GPUBufferLike; offset?: number; size?: number } } {
    const bytes = Math.max(4, p.length * 4);
    if (bytes > ARENA_BYTES) {
      const own = this.device.createBuffer({ size: bytes, usage: BufferUsage.STORAGE, mappedAtCreation: true });
      p.writeTo(own.getMappedRange(), 0);
      own.unmap();
      this.temps.push(own);
      return { binding: 0, resource: { buffer: own } };
    }
    if (this.arenaUsed + bytes > ARENA_BYTES) this.flush();
    const at = this.arenaUsed;
    p.writeTo(this.arenaHost, at);
    this.arenaUsed = Math.ceil((at + bytes) / ALIGN) * ALIGN;
    return { binding: 0, resource: { buffer: this.arena, offset: at, size: bytes } };
  }
}
