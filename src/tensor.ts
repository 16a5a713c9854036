// The Tensor: a handle to backend-owned storage plus shape, strides, offset and dtype, and the autograd fields.
// Several tensors may view one storage (reshape, permute, expand, narrow make views, not copies).
// Values are read explicitly — `await t.data()` everywhere, `t.dataSync()` where the backend can — and
// written only by kernels. Every computation lives in src/ops (functional, PyTorch-named): no method chaining.
import { AttnError } from './errors.js';
import { type Shape, sizeOf, shapeStr, checkShape, stridesOf } from './shape.js';
import type { DType, Data, KTensor } from './primitives.js';
import type { Rng } from './random.js';
import { trackTensor, type GradNode } from './autograd-state.js';
import { getBackend, findBackend, type Backend } from './backend.js';
import { allocStorage, type Storage } from './storage.js';
import { settleChecks } from './_pending-checks.js';

export class Tensor implements KTensor {
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly size: number;
  private _storage: Storage | null;
  /** Leaf tensors with requiresGrad collect `.grad` on backward(). */
  requiresGrad: boolean;
  /** The gradient, owned by this tensor: replacing or clearing it through the library frees the old one. */
  grad: Tensor | null = null;
  /** How this tensor was computed (null for leaves and for results computed without grad). */
  node: GradNode | null = null;
  /** Exempt from `tidy` scopes (parameters, optimizer state, gradients). */
  kept = false;

  /** A view of `storage`; most code makes tensors with `tensor`, `zeros` or the ops instead. */
  constructor(storage: Storage, shape: Shape, strides?: readonly number[], offset = 0, requiresGrad = false) {
    checkShape('Tensor', shape);
    this.shape = Object.freeze([...shape]);
    this.strides = Object.freeze(strides ? [...strides] : stridesOf(shape));
    this.offset = offset;
    this.size = sizeOf(shape);
    if (!strides && offset + this.size > storage.length) {
      throw new AttnError('E_SHAPE', `Tensor: storage of ${storage.length} values cannot hold ${shapeStr(shape)} at offset ${offset}`);
    }
    storage.retain();
    this._storage = storage;
    this.requiresGrad = requiresGrad;
    trackTensor(this);
  }

  /** The storage this tensor views. Throws after dispose(). */
  get storage(): Storage {
    if (this._storage === null) throw new AttnError('E_INPUT', `Tensor ${shapeStr(this.shape)} was used after dispose()`);
    return this._storage;
  }
  /** The backend's buffer (for kernels). */
  get buf(): unknown {
    return this.storage.buf;
  }
  get backend(): Backend {
    return this.storage.backend;
  }
  get dtype(): DType {
    return this.storage.dtype;
  }
  get rank(): number {
    return this.shape.length;
  }
  get disposed(): boolean {
    return this._storage === null;
  }
  /** Row-major with no gaps from `offset` (size-1 axes may have any stride). */
  get isContiguous(): boolean {
    let acc = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      if (this.shape[i] !== 1 && this.strides[i] !== acc) return false;
      acc *= this.shape[i];
    }
    return true;
  }
  /** Release this view of the storage; the last view frees the backend's buffer. Idempotent. */
  dispose(): void {
    if (this._storage === null) return;
    this._storage.release();
    this._storage = null;
    this.node = null;
    if (this.grad && !this.grad.disposed) this.grad.dispose();
    this.grad = null;
  }
  /** The values in row-major order, as a fresh host array. Works on every backend. On one that reads only
   *  asynchronously, the input checks that layers queued run first and throw here (src/_pending-checks.ts). */
  async data(): Promise<Data> {
    await settleChecks();
    if (this.isContiguous) return this.backend.read(this.buf, this.offset, this.size, this.dtype);
    const c = contiguousCopy(this);
    try {
      return await c.backend.read(c.buf, 0, c.size, c.dtype);
    } finally {
      c.dispose();
    }
  }
  /** The values as a fresh host array, synchronously; throws on a backend that can only read asynchronously. */
  dataSync(): Data {
    const b = this.backend;
    if (!b.readSync) throw new AttnError('E_UNSUPPORTED', `dataSync: the ${b.name} backend reads only asynchronously; use await t.data()`);
    if (this.isContiguous) return b.readSync(this.buf, this.offset, this.size, this.dtype);
    const c = contiguousCopy(this);
    try {
      return b.readSync(c.buf, 0, c.size, c.dtype);
    } finally {
      c.dispose();
    }
  }
  /** The single value of a one-element tensor (synchronous read: js and wasm; use `(await t.data())[0]` elsewhere). */
  item(): number {
    if (this.size !== 1) throw new AttnError('E_SHAPE', `item: tensor ${shapeStr(this.shape)} has ${this.size} values, not 1`);
    return this.dataSync()[0];
  }
  /** Nested arrays, e.g. for JSON; works on every backend. @example const rows = (await weights.array()) as number[][]; */
  async array(): Promise<unknown> {
    return nest(await this.data(), this.shape);
  }
  /** Nested arrays, e.g. for JSON (synchronous read: js and wasm; use `await t.array()` elsewhere). */
  toArray(): unknown {
    return nest(this.dataSync(), this.shape);
  }
  /** Rows of a 2-D tensor as plain number arrays (synchronous read: js and wasm; use `await t.array()` elsewhere). */
  rows(): number[][] {
    if (this.rank !== 2) throw new AttnError('E_SHAPE', `rows: expected a 2-D tensor, got ${shapeStr(this.shape)}`);
    const [r, c] = this.shape;
    const d = this.dataSync();
    return Array.from({ length: r }, (_, i) => Array.from(d.subarray(i * c, (i + 1) * c)));
  }
  toString(): string {
    return `Tensor${shapeStr(this.shape)} ${this.dtype}`;
  }
}

/** Nested arrays of row-major values. */
export function nest(d: ArrayLike<number>, shape: readonly number[]): unknown {
  const rec = (dim: number, off: number): unknown => {
    if (dim === shape.length) return d[off];
    const step = sizeOf(shape.slice(dim + 1));
    return Array.from({ length: shape[dim] }, (_, i) => rec(dim + 1, off + i * step));
  };
  return rec(0, 0);
}

/** A fresh contiguous tensor holding x's values (no autograd). */
function contiguousCopy(x: Tensor): Tensor {
  const out = new Tensor(allocStorage(x.backend, x.dtype, x.size, false), x.shape);
  x.backend.kernels.copy(x, out);
  return out;
}

function flatten(x: unknown, shape: number[], depth: number, out: number[]): void {
  if (Array.isArray(x)) {
    if (shape.length === depth) shape.push(x.length);
    else if (shape[depth] !== x.length) throw new AttnError('E_SHAPE', `tensor: ragged nested array (length ${x.length} vs ${shape[depth]} at depth ${depth})`);
    for (const v of x) flatten(v, shape, depth + 1, out);
  } else {
    if (typeof x !== 'number') throw new AttnError('E_INPUT', `tensor: expected numbers, got ${typeof x}`);
    if (depth !== shape.length) throw new AttnError('E_SHAPE', 'tensor: ragged nested array');
    out.push(x);
  }
}

export interface TensorOptions {
  dtype?: DType;
  requiresGrad?: boolean;
  /** The backend to store it on (default: the current one). */
  backend?: Backend;
}

/** A zero-filled contiguous tensor on the chosen (default: current) backend. */
export function empty(shape: Shape, opts: TensorOptions = {}): Tensor {
  checkShape('Tensor', shape);
  const storage = allocStorage(opts.backend ?? getBackend(), opts.dtype ?? 'float32', sizeOf(shape));
  return new Tensor(storage, shape, undefined, 0, opts.requiresGrad ?? false);
}

/**
 * Make a tensor from nested arrays, a typed array or a number (the values are copied to the backend).
 * @example const x = tensor([[1, 2], [3, 4]]); // (2, 2) float32
 */
export function tensor(values: unknown, shape?: Shape, opts: TensorOptions = {}): Tensor {
  const dtype = opts.dtype ?? (values instanceof Float64Array ? 'float64' : 'float32');
  let flat: ArrayLike<number>;
  let shp: number[];
  if (values instanceof Float32Array || values instanceof Float64Array) {
    flat = values;
    shp = shape ? [...shape] : [values.length];
  } else if (typeof values === 'number') {
    flat = [values];
    shp = shape ? [...shape] : [];
  } else {
    const out: number[] = [];
    const s: number[] = [];
    flatten(values, s, 0, out);
    flat = out;
    shp = shape ? [...shape] : s;
  }
  checkShape('tensor', shp);
  if (flat.length !== sizeOf(shp)) {
    throw new AttnError('E_SHAPE', `tensor: ${flat.length} values do not fill shape ${shapeStr(shp)} (${sizeOf(shp)} needed)`);
  }
  const t = empty(shp, { ...opts, dtype });
  t.backend.write(t.buf, 0, flat);
  return t;
}

/** A tensor of zeros. @example zeros([2, 3]) */
export function zeros(shape: Shape, opts: TensorOptions = {}): Tensor {
  return empty(shape, opts);
}

/** A tensor filled with one value. @example full([2], 7) */
export function full(shape: Shape, value: number, opts: TensorOptions = {}): Tensor {
  const t = empty(shape, opts);
  if (value !== 0) t.backend.kernels.fill(t, value);
  return t;
}

function fromHost(shape: Shape, opts: TensorOptions, gen: () => number): Tensor {
  const vals = (opts.dtype === 'float64' ? new Float64Array(sizeOf(shape)) : new Float32Array(sizeOf(shape)));
  for (let i = 0; i < vals.length; i++) vals[i] = gen();
  return tensor(vals, shape, opts);
}

/** Standard-normal values from a seeded generator. @example randn([4, 8], new Rng(0)) */
export function randn(shape: Shape, rng: Rng, opts: TensorOptions = {}): Tensor {
  return fromHost(shape, opts, () => rng.normal());
}

/** Uniform values in [lo, hi) from a seeded generator. @example rand([3], new Rng(1), -1, 1) */
export function rand(shape: Shape, rng: Rng, lo = 0, hi = 1, opts: TensorOptions = {}): Tensor {
  return fromHost(shape, opts, () => lo + (hi - lo) * rng.uniform());
}

/** A zero-filled tensor with the dtype and backend of `like`. */
export function emptyLike(like: Tensor, shape: Shape = like.shape): Tensor {
  return empty(shape, { dtype: like.dtype, backend: like.backend });
}

/** A contiguous tensor like `like` whose values are unspecified: only for kernel outputs written whole. */
export function uninitializedLike(like: Tensor, shape: Shape = like.shape): Tensor {
  checkShape('Tensor', shape);
  return new Tensor(allocStorage(like.backend, like.dtype, sizeOf(shape), false), shape);
}

/**
 * A copy of `t` on another backend (by object or registered name), read through the host.
 * @example const w = await toBackend(t, 'js');
 */
export async function toBackend(t: Tensor, to: Backend | string): Promise<Tensor> {
  const b = typeof to === 'string' ? findBackend(to) : to;
  return tensor(await t.data(), t.shape, { dtype: t.dtype, backend: b, requiresGrad: t.requiresGrad });
}

/** A view of x's storage with another shape, strides and offset (no copy). Used by the view ops. */
export function viewOf(x: Tensor, shape: Shape, strides: readonly number[], offset: number): Tensor {
  return new Tensor(x.storage, shape, strides, offset);
}
