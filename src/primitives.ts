// The closed kernel contract: the low-level kernels every backend implements, over its own buffers.
// Ops (src/ops/) are written on top of these; a backend that lacks one fails to compile, not at run time.
// Kernels see tensors as `KTensor` handles (the backend's buffer, an element offset, shape and strides);
// they write only into `out`, allocate nothing and know nothing of autograd.
// Every input is contiguous from its offset except where a kernel says otherwise (`copy` takes any strides).

export type DType = 'float32' | 'float64';
export type Data = Float32Array | Float64Array;

export type UnaryOp =
  | 'neg' | 'exp' | 'log' | 'sqrt' | 'rsqrt' | 'abs' | 'sign' | 'reciprocal'
  | 'relu' | 'step' | 'tanh' | 'sigmoid' | 'sin' | 'cos' | 'square'
  | 'gelu' | 'geluGrad' | 'isfinite';
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'max' | 'min' | 'gt' | 'ge' | 'eq';
export type ReduceOp = 'sum' | 'max';

/** What a kernel sees of a tensor. `B` is the backend's buffer type (a typed array for js). */
export interface KTensor<B = unknown> {
  readonly buf: B;
  /** Element offset of the first value in `buf`. */
  readonly offset: number;
  readonly shape: readonly number[];
  /** Element strides; 0 on a broadcast (expanded) axis. */
  readonly strides: readonly number[];
  readonly size: number;
  readonly dtype: DType;
}

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
export interface Kernels<B = unknown> {
  /** out[i] = f(x[i]). */
  unary(op: UnaryOp, x: KTensor<B>, out: KTensor<B>): void;
  /** out = a ⊕ b with NumPy broadcasting of a.shape and b.shape to out.shape. */
  binary(op: BinaryOp, a: KTensor<B>, b: KTensor<B>, out: KTensor<B>): void;
  /** out (x.shape with `axis` as 1) = reduce over `axis` of x. */
  reduce(op: ReduceOp, x: KTensor<B>, axis: number, out: KTensor<B>): void;
  /** Batched matmul with transpose flags. */
  matmul(a: KTensor<B>, b: KTensor<B>, out: KTensor<B>, args: MatmulArgs): void;
  /** out = x, element by element in row-major order of the shared shape; both may have any strides
   * (a permuted, expanded or narrowed view) — the one kernel that makes views contiguous and writes windows. */
  copy(x: KTensor<B>, out: KTensor<B>): void;
  /** out[i] = value for every element of a contiguous out. */
  fill(out: KTensor<B>, value: number): void;
  /** out = cond != 0 ? a : b, all of out's shape (broadcast by the caller). */
  where(cond: KTensor<B>, a: KTensor<B>, b: KTensor<B>, out: KTensor<B>): void;
  /** out[i, :] = table[rows[i], :] for a (V, C) table. */
  gatherRows(table: KTensor<B>, rows: Int32Array, out: KTensor<B>): void;
  /** out[rows[i], :] += src[i, :] for a (V, C) out. */
  scatterAddRows(src: KTensor<B>, rows: Int32Array, out: KTensor<B>): void;
}

/** Adam / AdamW hyper-parameters of one step (bias corrections already folded into the step sizes). */
export interface AdamStep {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Decoupled weight decay (AdamW), already multiplied by lr: p ← p·(1 − lrDecay) first. */
  lrDecay: number;
  /** L2 penalty added to the gradient (Adam's weight_decay). */
  l2: number;
  /** 1 − beta1^t and 1 − beta2^t. */
  bc1: number;
  bc2: number;
}

/** Fused attention's scalar arguments. */
export interface AttentionArgs {
  /** Multiplies q·k before bias and masking. */
  scale: number;
  /** Query i sees keys j ≤ i + (S − T) (bottom-right aligned). */
  causal: boolean;
}

/** Optional fused kernels. Each has a composed reference in src/ops or src/train and a test that both agree. */
export interface FusedKernels<B = unknown> {
  /** Row softmax over the last axis of a contiguous x. */
  softmax(x: KTensor<B>, out: KTensor<B>): void;
  /**
   * Layer norm over the last axis of a contiguous x (rows, C): out = (x − mean)·rstd·weight + bias with
   * rstd = 1/√(var + eps), biased variance; weight, bias (C) or null (1 and 0); mean, rstd (rows) are saved for
   * the backward. Reference: the composed form in src/ops/layer-norm.ts.
   */
  layerNorm(x: KTensor<B>, weight: KTensor<B> | null, bias: KTensor<B> | null, out: KTensor<B>, mean: KTensor<B>,
    rstd: KTensor<B>, eps: number): void;
  /** Overwrites dx (rows, C) and, where not null, dweight and dbias (C) with the gradients of sum(out · dOut),
   *  from x and the saved mean and rstd. */
  layerNormBackward(x: KTensor<B>, weight: KTensor<B> | null, mean: KTensor<B>, rstd: KTensor<B>, dOut: KTensor<B>,
    dx: KTensor<B>, dweight: KTensor<B> | null, dbias: KTensor<B> | null): void;
  /** Inverted-dropout mask: out[i] = 0 where uniform draw i + 1 after `state` is below p (the draw of src/random.ts:
   *  mix32(state + (i + 1)·STEP) / 2^32), else `keep`; the values of the host loop in src/ops/dropout.ts. */
  dropoutMask(out: KTensor<B>, state: number, p: number, keep: number): void;
  /** One Adam/AdamW step in place on parameter p and its moments m, v, from gradient g. */
  adam(p: KTensor<B>, g: KTensor<B>, m: KTensor<B>, v: KTensor<B>, step: AdamStep): void;
  /** out[k, i] = m[i, :] · q[k, :] for the first out.shape[1] rows of a contiguous (V, C) m and (K, C) q, K ≤ 4:
   *  the neighbour search over a vocabulary (reference: the host loop of src/embeddings/_dot-rows.ts). */
  dotRows(m: KTensor<B>, q: KTensor<B>, out: KTensor<B>): void;
  /**
   * out = softmax(q·kᵀ·scale + bias, masked) · v without a T×S buffer, and lse, the per-row log-sum-exp.
   * q (...L, T, D), k (...L, S, D), v (...L, S, Dv), out (...L, T, Dv): contiguous, same leading dims L.
   * mask: null or shape [...L, T, S] with ANY strides (stride 0 on broadcast axes: an expanded key-padding mask
   * costs O(S) memory); nonzero = masked out. bias: null or an additive float tensor, same layout rules.
   * lse (...L, T) contiguous: log-sum-exp over keys of the masked, scaled, biased scores; -Infinity on a fully
   * masked row, whose output row is zeros (the library's documented policy).
   */
  attention(q: KTensor<B>, k: KTensor<B>, v: KTensor<B>, mask: KTensor<B> | null, bias: KTensor<B> | null,
    out: KTensor<B>, lse: KTensor<B>, args: AttentionArgs): void;
  /**
   * Overwrites dq, dk, dv (same shapes as q, k, v) with the gradients of sum(out · dOut), recomputing the
   * weights from lse (no T×S buffer kept between forward and backward). A fully masked row contributes nothing.
   */
  attentionBackward(q: KTensor<B>, k: KTensor<B>, v: KTensor<B>, mask: KTensor<B> | null, bias: KTensor<B> | null,
    out: KTensor<B>, lse: KTensor<B>, dOut: KTensor<B>, dq: KTensor<B>, dk: KTensor<B>, dv: KTensor<B>,
    args: AttentionArgs): void;
}

export type KernelName = keyof Kernels;
