// The closed kernel contract: the ~20 low-level kernels every backend implements.
// Ops (src/ops/) are written on top of these; a backend that lacks one fails to compile, not at run time.
// Kernels work on flat row-major arrays and explicit shapes; they allocate nothing and know nothing of autograd.

export type DType = 'float32' | 'float64';
export type Data = Float32Array | Float64Array;

export type UnaryOp =
  | 'neg' | 'exp' | 'log' | 'sqrt' | 'rsqrt' | 'abs' | 'sign' | 'reciprocal'
  | 'relu' | 'step' | 'tanh' | 'sigmoid' | 'sin' | 'cos' | 'square'
  | 'gelu' | 'geluGrad' | 'isfinite';
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'max' | 'min' | 'gt' | 'ge' | 'eq';
export type ReduceOp = 'sum' | 'max';

/** Batched matrix multiply: out[b] = op(a[b]) · op(b[b]); op transposes when the flag is set. */
export interface MatmulArgs {
  /** Leading (batch) dims of a, b and out; a/b batch dims broadcast against out's. */
  aBatch: readonly number[];
  bBatch: readonly number[];
  outBatch: readonly number[];
  m: number;
  k: number;
  n: number;
  /** a is stored (k, m) instead of (m, k). */
  transA: boolean;
  /** b is stored (n, k) instead of (k, n). */
  transB: boolean;
}

/** The required kernels. */
export interface Kernels {
  /** out[i] = f(x[i]). */
  unary(op: UnaryOp, x: Data, out: Data): void;
  /** out = a ⊕ b with NumPy broadcasting of aShape and bShape to outShape. */
  binary(op: BinaryOp, a: Data, aShape: readonly number[], b: Data, bShape: readonly number[], out: Data, outShape: readonly number[]): void;
  /** out[..., 1, ...] = reduce over `axis` of x (shape kept, that axis becomes 1). */
  reduce(op: ReduceOp, x: Data, shape: readonly number[], axis: number, out: Data): void;
  /** Batched matmul with transpose flags. */
  matmul(a: Data, b: Data, out: Data, args: MatmulArgs): void;
  /** out = x with its axes permuted (a strided copy). */
  permute(x: Data, shape: readonly number[], perm: readonly number[], out: Data): void;
  /** out = cond != 0 ? a : b, all of out's length (broadcast by the caller). */
  where(cond: Data, a: Data, b: Data, out: Data): void;
  /** out[i, :] = table[rows[i], :] for a (V, C) table. */
  gatherRows(table: Data, rows: Int32Array, cols: number, out: Data): void;
  /** out[rows[i], :] += src[i, :] for a (V, C) out. */
  scatterAddRows(src: Data, rows: Int32Array, cols: number, out: Data): void;
  /** out = x broadcast to outShape. */
  expand(x: Data, shape: readonly number[], out: Data, outShape: readonly number[]): void;
  /** Copy a window [start, start+len) along `axis` of x into out (or, with `add`, accumulate out into it: the backward). */
  slice(x: Data, shape: readonly number[], axis: number, start: number, len: number, out: Data): void;
  sliceAssign(src: Data, shape: readonly number[], axis: number, start: number, len: number, dst: Data): void;
}

/** Optional fused kernels. Each has a composed reference in src/ops and a test that both agree. */
export interface FusedKernels {
  /** Row softmax over the last axis of a (rows, cols) view. */
  softmax(x: Data, rows: number, cols: number, out: Data): void;
}

export type KernelName = keyof Kernels;
