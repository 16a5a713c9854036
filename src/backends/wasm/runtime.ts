// The wasm runtime: the SIMD kernels (kernels/*.c, built into _kernels-*.wasm.ts) instantiated on ONE shared
// WebAssembly.Memory, an allocator over it, and a thread pool that splits every kernel over its outputs, so
// results are bit-identical for any thread count. Kernels mirror the js contract (src/primitives.ts) but take
// byte addresses of float32 data instead of typed arrays. Isomorphic; the Node-only parts (worker_threads,
// the relaxed-SIMD flag of Node 20) come by dynamic import. Not a Backend: the core plugs it in.
import type { AdamStep, BinaryOp, MatmulArgs, ReduceOp, UnaryOp } from '../../primitives.js';
import { batchOffsets } from '../js/matmul.js';
import { Allocator } from './allocator.js';
import { CONTROL_BYTES, ThreadPool, spawnWebWorker, type Spawn } from './thread-pool.js';
import { wasmBase64 as simdBase64 } from './_kernels-simd.wasm.js';
import { wasmBase64 as relaxedBase64 } from './_kernels-relaxed.wasm.js';

export interface WasmRuntimeOptions {
  /** Threads including the caller's; default: the machine's cores (1 where no way to start threads is known). */
  threads?: number;
  /** 'auto' (default): relaxed SIMD (fused multiply-add) where the runtime validates it, plain SIMD otherwise. */
  simd?: 'auto' | 'relaxed' | 'plain';
  /** How to start a pool thread; default: worker_threads in Node, Web Workers on a cross-origin-isolated
   *  page, none (one thread) elsewhere. */
  spawn?: Spawn;
  /** Element-operations per thread below which a kernel runs on the calling thread alone (default MIN_WORK;
   *  bench/pool-crossover.ts sets 1 to time small kernels split anyway). */
  minWork?: number;
}

// Export names of the kernels the pool can run; a job names one by index.
const NAMES = ['gemm_f32', 'unary_f32', 'binary_f32', 'where_f32', 'fill_f32', 'copy_f32', 'gather_rows_f32',
  'scatter_add_rows_f32', 'reduce_f32', 'softmax_f32', 'attention_fwd_f32', 'attention_bwd_f32', 'adam_f32',
  'layer_norm_f32', 'layer_norm_bwd_f32', 'layer_norm_params_bwd_f32', 'dot_rows_f32', 'dropout_mask_f32'] as const;
type Name = (typeof NAMES)[number];
// Op codes of elementwise.c, in the order of its enums.
const UNARY: Record<UnaryOp, number> = { neg: 0, exp: 1, log: 2, sqrt: 3, rsqrt: 4, abs: 5, sign: 6, reciprocal: 7,
  relu: 8, step: 9, tanh: 10, sigmoid: 11, sin: 12, cos: 13, square: 14, gelu: 15, geluGrad: 16, isfinite: 17 };
const BINARY: Record<BinaryOp, number> = { add: 0, sub: 1, mul: 2, div: 3, pow: 4, max: 5, min: 6, gt: 7, ge: 8, eq: 9 };
/** Unary ops with a plain loop of their own in elementwise.c: one element-operation each (the rest cost ~16). */
const CHEAP_UNARY = new Set<UnaryOp>(['neg', 'square', 'relu', 'step', 'isfinite']);
const MR = 4; // gemm.c's micro-kernel rows: thread splits of a product fall on its tiles
/** Below this many element-operations per thread, a kernel runs on the calling thread alone. */
const MIN_WORK = 1 << 16;
/** At most this many pieces of a kernel per thread (each repacks its GEMM panels, so not many). */
const CHUNKS_PER_THREAD = 4;

const isNode = typeof process !== 'undefined' && !!process.versions?.node;
const decode = (b64: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** A float32 operand of attention addressed by element strides over [...lead, T, S] (0 on broadcast axes). */
export interface StridedOperand {
  ptr: number;
  strides: readonly number[];
}
/** Sizes and options of one attention call: q (...lead, T, D), k (...lead, S, D), v (...lead, S, Dv). */
export interface AttentionArgs {
  /** Leading dims (batch, heads, …), flattened to N problems; q, k, v, out are contiguous over them. */
  lead: readonly number[];
  t: number;
  s: number;
  d: number;
  dv: number;
  scale: number;
  /** Query i sees keys j <= i + (S - T). */
  causal?: boolean;
  /** Nonzero = masked out (score -inf). */
  mask?: StridedOperand | null;
  /** Added to scale·(q·k). */
  bias?: StridedOperand | null;
}

export class WasmRuntime {
  private readonly heap: Allocator;
  private readonly fns: Record<Name, (...a: number[]) => void>;
  private readonly scratch: number[];
  private readonly meta: number; // 4 KiB for shapes and strides of one call
  private readonly attentionScratch: (d: number, dv: number) => number;
  private readonly br: number; // attention.c's rows per work unit

  /** Use createWasmRuntime. */
  constructor(readonly memory: WebAssembly.Memory, readonly relaxed: boolean, private readonly pool: ThreadPool | null,
              instance: WebAssembly.Instance, private readonly minWork = MIN_WORK) {
    const ex = instance.exports as Record<string, unknown>;
    this.fns = Object.fromEntries(NAMES.map((n) => [n, ex[n]])) as WasmRuntime['fns'];
    this.heap = new Allocator(memory, (ex.__heap_base as WebAssembly.Global).value as number);
    const ctl = this.heap.alloc(CONTROL_BYTES);
    if (pool) pool.attach(ctl);
    const per = (ex.gemm_scratch_bytes as () => number)();
    this.attentionScratch = ex.attention_scratch_bytes as (d: number, dv: number) => number;
    this.br = (ex.attention_block_rows as () => number)();
    this.scratch = Array.from({ length: this.threads }, () => this.heap.alloc(per));
    this.meta = this.heap.alloc(4096);
  }

  get threads(): number {
    return this.pool?.threads ?? 1;
  }

  /** A 16-byte aligned block of `bytes` bytes; memory grows as needed, up to 4 GiB (then a RangeError). */
  alloc(bytes: number): number {
    return this.heap.alloc(bytes);
  }
  free(ptr: number): void {
    this.heap.free(ptr);
  }
  stats(): { usedBytes: number; topBytes: number; blocks: number } {
    return this.heap.stats();
  }
  /** A live float32 view of n values at ptr (invalid after the memory grows: take a new one). */
  view(ptr: number, n: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, n);
  }
  write(ptr: number, values: ArrayLike<number>): void {
    this.view(ptr, values.length).set(values);
  }
  read(ptr: number, n: number): Float32Array {
    return this.view(ptr, n).slice();
  }

  // ---- kernels: pointers are byte addresses of float32 data, strides and shapes count elements ----

  /** out[i] = f(x[i]) for n elements. */
  unary(op: UnaryOp, x: number, out: number, n: number): void {
    this.par('unary_f32', [UNARY[op], x, out], n, 1, CHEAP_UNARY.has(op) ? 1 : 16);
  }
  /** out = a ⊕ b with NumPy broadcasting of aShape and bShape to outShape (contiguous operands). */
  binary(op: BinaryOp, a: number, aShape: readonly number[], b: number, bShape: readonly number[], out: number, outShape: readonly number[]): void {
    const full = outShape.length ? outShape : [1];
    const n = prod(full);
    if (n === 0) return;
    const [shape, sa, sb] = coalesce(full, bstrides(aShape, full), bstrides(bShape, full), stridesOfShape(full));
    const m = this.ints(shape, sa, sb);
    const len = shape[shape.length - 1];
    this.par('binary_f32', [BINARY[op], a, b, out, shape.length, m[0], m[1], m[2]], n / len, 1, len * (op === 'pow' ? 16 : 1));
  }
  /** out (shape with `axis` as 1) = sum or max over `axis` of a contiguous x. */
  reduce(op: ReduceOp, x: number, shape: readonly number[], axis: number, out: number): void {
    const outer = prod(shape.slice(0, axis)), len = shape[axis], inner = prod(shape.slice(axis + 1));
    this.par('reduce_f32', [op === 'sum' ? 0 : 1, x, out, len, inner], outer, 1, len * inner);
  }
  /** Batched out[o] = op(a[o]) · op(b[o]) (MatmulArgs of src/primitives.ts), contiguous operands. */
  matmul(a: number, b: number, out: number, args: MatmulArgs): void {
    const { m, k, n } = args;
    const batches = prod(args.outBatch);
    if (batches * m * n === 0) return;
    const offs = (batch: readonly number[], size: number): number => {
      // The same batch dims as the output (the usual case): densely stacked, no offsets to compute
      if (batch.length === args.outBatch.length && batch.every((d, i) => d === args.outBatch[i])) return 0;
      const o = batchOffsets(batch, args.outBatch);
      if (o.every((v, i) => v === i)) return 0; // densely stacked: the kernel computes o·size itself
      const p = this.heap.alloc(o.length * 4);
      new Int32Array(this.memory.buffer, p, o.length).set(o.map((v) => v * size));
      return p;
    };
    const ao = offs(args.aBatch, m * k), bo = offs(args.bBatch, k * n);
    try {
      const flags = (args.transA ? 1 : 0) | (args.transB ? 2 : 0);
      this.par('gemm_f32', [a, b, out, m, k, n, flags, ao, bo], batches * m, MR, Math.max(1, k) * n);
    } finally {
      if (ao) this.heap.free(ao);
      if (bo) this.heap.free(bo);
    }
  }
  /** out[Σ i·outStrides] = x[Σ i·xStrides] over `shape`: permute, expand (stride 0), slice and slice-assign
   *  (offset pointers and the parent's strides) are all this kernel. */
  copy(x: number, xStrides: readonly number[], out: number, outStrides: readonly number[], shape: readonly number[]): void {
    const full = shape.length ? shape : [1];
    const n = prod(full);
    if (n === 0) return;
    const [s, xs, os] = coalesce(full, xStrides.length ? xStrides : [1], outStrides.length ? outStrides : [1]);
    const m = this.ints(s, xs, os);
    const len = s[s.length - 1];
    this.par('copy_f32', [x, out, s.length, m[0], m[1], m[2]], n / len, 1, len);
  }
  /** out[i] = value for n elements. */
  fill(out: number, n: number, value: number): void {
    this.par('fill_f32', [out, value], n, 4, 1);
  }
  /** out = cond != 0 ? a : b, n elements (broadcast by the caller). */
  where(cond: number, a: number, b: number, out: number, n: number): void {
    this.par('where_f32', [cond, a, b, out], n, 4, 1);
  }
  /** out[i, :] = table[rows[i], :] for a (V, cols) table. */
  gatherRows(table: number, rows: Int32Array, cols: number, out: number): void {
    this.withRows(rows, (r) => this.par('gather_rows_f32', [table, r, cols, out], rows.length, 1, cols));
  }
  /** out[rows[i], :] += src[i, :]; split over columns, so repeated rows never race. */
  scatterAddRows(src: number, rows: Int32Array, cols: number, out: number): void {
    this.withRows(rows, (r) => this.par('scatter_add_rows_f32', [src, r, rows.length, cols, out], cols, 4, rows.length));
  }
  /** Row softmax over the last axis (cols) of rows·cols contiguous values; a row of -Infinity gives zeros. */
  softmax(x: number, rows: number, cols: number, out: number): void {
    this.par('softmax_f32', [x, out, cols], rows, 1, cols * 8);
  }

  /** out[k·n + i] = M[i, :] · Q[k, :] for rows i < rows of a (rows, cols) M and nq ≤ 4 queries Q (nq, cols):
   *  the neighbour search's matrix-vector products, streaming M once. */
  dotRows(M: number, rows: number, cols: number, Q: number, nq: number, out: number, n = rows): void {
    if (!(nq >= 1 && nq <= 4)) throw new RangeError(`wasm dotRows: 1 to 4 queries per call, got ${nq}`);
    this.par('dot_rows_f32', [M, Q, out, cols, nq, n], rows, 4, cols * nq);
  }

  /**
   * Tiled attention: out = softmax(scale·q·kᵀ + bias, masked to -inf) · v, and lse (N, T) = log-sum-exp of
   * each row's unmasked scores (-inf on a fully masked row, whose out row is zeros). Extra memory is one
   * O((T + S)·D) tile scratch per thread, never T·S. Split over threads by (problem, block of query rows).
   * @example
   * // one head, T = S = 2, D = Dv = 1: q = k = [1, 0], v = [10, 20]
   * const [q, v, out, lse] = [[1, 0], [10, 20], [0, 0], [0, 0]].map((x) => { const p = rt.alloc(8); rt.write(p, x); return p; });
   * rt.attention(q, q, v, out, lse, { lead: [1], t: 2, s: 2, d: 1, dv: 1, scale: 1, causal: true });
   * rt.read(out, 2); // [10, 15]: row 0 sees key 0 only; row 1 weighs both keys equally (scores 0, 0)
   */
  attention(q: number, k: number, v: number, out: number, lse: number, a: AttentionArgs): void {
    const n = prod(a.lead);
    const units = n * Math.ceil(a.t / this.br);
    if (units === 0) return;
    this.withAttention(a, (cfg, mask, bias, scratch) =>
      this.par('attention_fwd_f32', [q, k, v, out, lse, mask, bias, cfg, a.scale], units, 1, this.br * a.s * (a.d + a.dv) * 2, scratch, 1));
  }

  /**
   * Gradients of sum(out·dOut) of attention(q, k, v) into dq, dk, dv (overwritten), recomputing the weights
   * tile by tile from lse: pass 1 (by query blocks) gives delta = rowsum(dOut·out) and dq, pass 2 (by key
   * blocks) dk and dv, so every gradient row has one writer and results are bit-identical for any thread count.
   */
  attentionBackward(q: number, k: number, v: number, out: number, dOut: number, lse: number, dq: number, dk: number,
                    dv: number, a: AttentionArgs): void {
    const n = prod(a.lead);
    if (n * a.t === 0 && n * a.s === 0) return;
    const dlt = this.heap.alloc(Math.max(1, n * a.t) * 4); // delta (N, T)
    try {
      this.withAttention(a, (cfg, mask, bias, scratch) => {
        const args = (pass: number) => [pass, q, k, v, out, dOut, lse, dlt, mask, bias, cfg, a.scale, dq, dk, dv];
        const cost = this.br * (a.d + a.dv) * 4;
        this.par('attention_bwd_f32', args(0), n * Math.ceil(a.t / this.br), 1, cost * a.s, scratch, 1);
        this.par('attention_bwd_f32', args(1), n * Math.ceil(a.s / this.br), 1, cost * a.t, scratch, 1);
      });
    } finally {
      this.heap.free(dlt);
    }
  }

  /** Layer normalisation over the last axis (cols) of rows·cols contiguous values: out = (x − mean) /
   *  √(var + eps) · gamma + beta (gamma, beta: cols values, or 0 for none); mean and rstd (rows values each,
   *  or 0) receive each row's mean and 1/√(var + eps). */
  layerNorm(x: number, rows: number, cols: number, eps: number, gamma: number, beta: number, out: number, mean = 0, rstd = 0): void {
    this.par('layer_norm_f32', [x, gamma, beta, out, mean, rstd, cols, eps], rows, 1, cols * 4);
  }

  /** Backward of layerNorm from its saved mean and rstd: dx (rows·cols), and the column sums dgamma =
   *  Σ dy·xhat and dbeta = Σ dy (cols values each, or 0 to skip); gamma 0 for none. */
  layerNormBackward(x: number, rows: number, cols: number, gamma: number, mean: number, rstd: number, dy: number,
                    dx: number, dgamma = 0, dbeta = 0): void {
    this.par('layer_norm_bwd_f32', [x, gamma, mean, rstd, dy, dx, cols], rows, 1, cols * 6);
    if (dgamma || dbeta) this.par('layer_norm_params_bwd_f32', [x, mean, rstd, dy, dgamma, dbeta, rows, cols], cols, 1, rows * 4);
  }

  /** out[i] = 0 where draw i + 1 after `state` (src/random.ts) is below p, else keep, for n elements. */
  dropoutMask(out: number, n: number, state: number, p: number, keep: number): void {
    this.par('dropout_mask_f32', [out, state, p, keep], n, 4, 8);
  }

  /** One Adam/AdamW step in place on n elements of p, m, v from g; bit-identical to the js kernel. */
  adam(p: number, g: number, m: number, v: number, n: number, step: AdamStep): void {
    const { lr, beta1, beta2, eps, lrDecay, l2, bc1, bc2 } = step;
    this.par('adam_f32', [p, g, m, v, lr, beta1, beta2, eps, lrDecay, l2, bc1, bc2], n, 4, 8);
  }

  /** Stop the pool's threads. The memory stays readable. */
  dispose(): void {
    this.pool?.close();
  }

  /** Run kernel `name` over `units` work units, split on multiples of `grain` when each thread gets at least
   *  MIN_WORK of `cost` per unit. The split never changes what a unit computes. With `step`, each thread
   *  calls the kernel on pieces of `step` units: V8 runs a wasm function's first calls in its baseline
   *  compiler and switches to optimised code only on a later call, so one long first call would run
   *  unoptimised to the end (4.5x slower on attention T 8192, against --no-liftoff). */
  private par(name: Name, args: number[], units: number, grain: number, cost: number, scratch = this.scratch, step = 0): void {
    const f = this.fns[name];
    const call = (b: number, e: number, s: number): void => {
      for (let i = b; i < e; i += step || e) f(...args, i, Math.min(e, i + (step || e)), s);
    };
    const t = this.pool ? Math.max(1, Math.min(this.threads, Math.floor((units * cost) / this.minWork), Math.ceil(units / grain))) : 1;
    if (t === 1) return call(0, units, scratch[0]);
    // Pieces of at least MIN_WORK, a few per thread, so a thread that starts late (or never, on a busy machine)
    // leaves its share to the others instead of holding them up.
    const chunks = Math.min(Math.ceil(units / grain), CHUNKS_PER_THREAD * this.threads, Math.max(t, Math.floor((units * cost) / this.minWork)));
    this.pool!.run(NAMES.indexOf(name), args, units, grain, chunks, scratch, call, step);
  }

  /** Write up to three int32 arrays into the call's metadata block; their addresses. */
  private ints(...arrays: (readonly number[])[]): number[] {
    const i32 = new Int32Array(this.memory.buffer, this.meta, 1024);
    let at = 0;
    return arrays.map((a) => {
      if (at + a.length > 1024) throw new RangeError(`wasm kernel: rank ${a.length} too large`);
      i32.set(a, at);
      at += a.length;
      return this.meta + (at - a.length) * 4;
    });
  }

  /** Write attention's configuration block (attention.c's Config) and give f it, the mask and bias addresses
   *  (0 for none) and one tile scratch per thread, freed afterwards. */
  private withAttention(a: AttentionArgs, f: (cfg: number, mask: number, bias: number, scratch: number[]) => void): void {
    const rank = a.lead.length + 2;
    const dims = { ...Object.fromEntries(a.lead.map((v, i) => [`lead[${i}]`, v])), t: a.t, s: a.s, d: a.d, dv: a.dv };
    for (const [what, v] of Object.entries(dims)) {
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`wasm attention: ${what} = ${v} (expected a non-negative integer)`);
    }
    for (const [what, o] of [['mask', a.mask], ['bias', a.bias]] as const) {
      if (o && o.strides.length !== rank) throw new RangeError(`wasm attention: ${what} strides ${JSON.stringify(o.strides)} (expected ${rank}, one per dim of [...lead, T, S])`);
    }
    const zeros = new Array<number>(rank).fill(0);
    const [cfg] = this.ints([prod(a.lead), a.t, a.s, a.d, a.dv, a.causal ? 1 : 0, a.lead.length, ...a.lead,
      ...(a.mask?.strides ?? zeros), ...(a.bias?.strides ?? zeros)]);
    const bytes = this.attentionScratch(a.d, a.dv);
    const scratch = Array.from({ length: this.threads }, () => this.heap.alloc(bytes));
    try {
      f(cfg, a.mask?.ptr ?? 0, a.bias?.ptr ?? 0, scratch);
    } finally {
      scratch.forEach((p) => this.heap.free(p));
    }
  }

  private withRows(rows: Int32Array, f: (ptr: number) => void): void {
    const p = this.heap.alloc(rows.length * 4);
    try {
      new Int32Array(this.memory.buffer, p, rows.length).set(rows);
      f(p);
    } finally {
      this.heap.free(p);
    }
  }
}

/** Row-major element strides of `shape`. */
function stridesOfShape(shape: readonly number[]): number[] {
  const r = new Array<number>(shape.length);
  for (let i = shape.length - 1, acc = 1; i >= 0; i--) {
    r[i] = acc;
    acc *= shape[i];
  }
  return r;
}

/**
 * The same index space with fewer, longer dims: size-1 dims dropped, and dim d merged into d + 1 wherever
 * every operand steps through both as through one (stride[d] = stride[d+1]·shape[d+1]). The kernels then loop
 * over long rows instead of recomputing offsets per element (a (T, 1) broadcast made rows of length 1). The
 * element-by-element arithmetic is unchanged. Returns [shape, ...strides] (the first `want` stride lists).
 */
function coalesce(shape: readonly number[], ...strides: (readonly number[])[]): number[][] {
  const keep = shape.map((d, i) => i).filter((i) => shape[i] !== 1);
  if (keep.length === 0) keep.push(shape.length - 1);
  const sh = [shape[keep[0]]];
  const st = strides.map((s) => [s[keep[0]]]);
  for (const i of keep.slice(1)) {
    const last = sh.length - 1;
    if (strides.every((s, k) => st[k][last] === s[i] * shape[i])) {
      sh[last] *= shape[i];
      st.forEach((s, k) => (s[last] = strides[k][i]));
    } else {
      sh.push(shape[i]);
      st.forEach((s, k) => s.push(strides[k][i]));
    }
  }
  return [sh, ...st];
}

/** Element strides of a contiguous `shape` aligned to `outShape`, 0 on broadcast dims. */
function bstrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const r = new Array<number>(outShape.length).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    r[outShape.length - shape.length + i] = shape[i] === 1 ? 0 : s;
    s *= shape[i];
  }
  return r;
}

/**
 * Load the kernels into one shared memory and start the thread pool.
 * @example
 * const rt = await createWasmRuntime({ threads: 2 });
 * const p = rt.alloc(16); rt.fill(p, 4, 1); rt.read(p, 4); // Float32Array [1, 1, 1, 1]
 */
export async function createWasmRuntime(opts: WasmRuntimeOptions = {}): Promise<WasmRuntime> {
  // A variable specifier keeps bundlers from pulling the Node-only file into a browser build.
  const nodePath = '../../node/wasm-workers.js';
  const node = isNode ? ((await import(/* @vite-ignore */ nodePath)) as typeof import('../../node/wasm-workers.js')) : null;
  const want = opts.simd ?? 'auto';
  const relaxedBytes = decode(relaxedBase64);
  if (want !== 'plain') node?.enableRelaxedSimd();
  const relaxed = want !== 'plain' && WebAssembly.validate(relaxedBytes);
  if (want === 'relaxed' && !relaxed) throw new Error("wasm runtime: simd 'relaxed' asked for, but this runtime does not validate relaxed SIMD (accepted: 'auto', 'plain')");
  const module = await WebAssembly.compile(relaxed ? relaxedBytes : decode(simdBase64));
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true });
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  // Browsers: Web Workers where the page is cross-origin isolated (shared memory allowed), else one thread.
  const web = globalThis as { crossOriginIsolated?: boolean; Worker?: unknown; navigator?: { hardwareConcurrency?: number } };
  const spawn = opts.spawn ?? node?.spawnWorker ?? (web.crossOriginIsolated && web.Worker ? spawnWebWorker : undefined);
  const threads = opts.threads ?? (spawn ? (node?.cores() ?? web.navigator?.hardwareConcurrency ?? 1) : 1);
  if (threads > 1 && !spawn) throw new Error(`wasm runtime: threads ${threads} asked for, but no way to start threads here (pass spawn, or threads: 1)`);
  const pool = threads > 1 ? new ThreadPool(threads, memory, module, NAMES, spawn!) : null;
  if (opts.minWork !== undefined && !(opts.minWork >= 1)) throw new RangeError(`wasm runtime: minWork ${opts.minWork} (expected a number ≥ 1)`);
  const rt = new WasmRuntime(memory, relaxed, pool, instance, opts.minWork);
  await pool?.ready();
  return rt;
}
