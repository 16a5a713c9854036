// The Tensor: a shape, a dtype and a flat row-major array, plus the autograd fields.
// Tensors here are plain data; every computation lives in src/ops (functional, PyTorch-named).
// Deliberately no method chaining: `matmul(a, b)` reads the same in the library, the CLI and the explorer.
import { AttnError } from './errors.js';
import { type Shape, sizeOf, shapeStr, checkShape } from './shape.js';
import type { DType, Data } from './primitives.js';
import type { Rng } from './random.js';
import { trackTensor, type GradNode } from './autograd-state.js';

export class Tensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  private _data: Data | null;
  /** Leaf tensors with requiresGrad collect `.grad` on backward(). */
  requiresGrad: boolean;
  grad: Tensor | null = null;
  /** How this tensor was computed (null for leaves and for results computed without grad). */
  node: GradNode | null = null;
  /** Exempt from `tidy` scopes (parameters, optimizer state, gradients). */
  kept = false;

  constructor(data: Data, shape: Shape, requiresGrad = false) {
    checkShape('Tensor', shape);
    if (data.length !== sizeOf(shape)) {
      throw new AttnError('E_SHAPE', `Tensor: ${data.length} values do not fill shape ${shapeStr(shape)} (${sizeOf(shape)} needed)`);
    }
    this._data = data;
    this.shape = Object.freeze([...shape]);
    this.dtype = data instanceof Float64Array ? 'float64' : 'float32';
    this.requiresGrad = requiresGrad;
    trackTensor(this);
  }

  /** The flat row-major values. Throws after dispose(). */
  get data(): Data {
    if (this._data === null) throw new AttnError('E_INPUT', `Tensor ${shapeStr(this.shape)} was used after dispose()`);
    return this._data;
  }
  get size(): number {
    return this.data.length;
  }
  get rank(): number {
    return this.shape.length;
  }
  get disposed(): boolean {
    return this._data === null;
  }
  /** Release the storage (a no-op for memory on the js backend, but it catches use-after-free early). */
  dispose(): void {
    this._data = null;
    this.node = null;
    this.grad = null;
  }
  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new AttnError('E_SHAPE', `item: tensor ${shapeStr(this.shape)} has ${this.size} values, not 1`);
    return this.data[0];
  }
  /** Nested arrays, e.g. for JSON. */
  toArray(): unknown {
    const d = this.data;
    const rec = (dim: number, off: number): unknown => {
      if (dim === this.shape.length) return d[off];
      const step = sizeOf(this.shape.slice(dim + 1));
      return Array.from({ length: this.shape[dim] }, (_, i) => rec(dim + 1, off + i * step));
    };
    return rec(0, 0);
  }
  /** Rows of a 2-D tensor as plain number arrays. */
  rows(): number[][] {
    if (this.rank !== 2) throw new AttnError('E_SHAPE', `rows: expected a 2-D tensor, got ${shapeStr(this.shape)}`);
    const [r, c] = this.shape;
    return Array.from({ length: r }, (_, i) => Array.from(this.data.subarray(i * c, (i + 1) * c)));
  }
  toString(): string {
    return `Tensor${shapeStr(this.shape)} ${this.dtype}`;
  }
}

function alloc(dtype: DType, n: number): Data {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
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
}

/**
 * Make a tensor from nested arrays, or a flat array plus a shape.
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
  const data = alloc(dtype, flat.length);
  data.set(flat);
  return new Tensor(data, shp, opts.requiresGrad ?? false);
}

/** A tensor of zeros. @example zeros([2, 3]) */
export function zeros(shape: Shape, opts: TensorOptions = {}): Tensor {
  return new Tensor(alloc(opts.dtype ?? 'float32', sizeOf(shape)), shape, opts.requiresGrad ?? false);
}

/** A tensor filled with one value. @example full([2], 7) */
export function full(shape: Shape, value: number, opts: TensorOptions = {}): Tensor {
  const t = zeros(shape, opts);
  t.data.fill(value);
  return t;
}

/** Standard-normal values from a seeded generator. @example randn([4, 8], new Rng(0)) */
export function randn(shape: Shape, rng: Rng, opts: TensorOptions = {}): Tensor {
  const t = zeros(shape, opts);
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = rng.normal();
  return t;
}

/** Uniform values in [lo, hi) from a seeded generator. @example rand([3], new Rng(1), -1, 1) */
export function rand(shape: Shape, rng: Rng, lo = 0, hi = 1, opts: TensorOptions = {}): Tensor {
  const t = zeros(shape, opts);
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = lo + (hi - lo) * rng.uniform();
  return t;
}

/** An empty tensor with the same dtype as `like`. */
export function emptyLike(like: Tensor, shape: Shape = like.shape): Tensor {
  return new Tensor(alloc(like.dtype, sizeOf(shape)), shape);
}

export { alloc as allocData };
