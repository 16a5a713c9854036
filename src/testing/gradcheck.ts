// Finite-difference gradient check: for loss = Σ f(x)·w with random w, compare backward()'s gradients with
// central differences (f(x+h) − f(x−h)) / 2h for every input element. float64 by default where the backend
// stores it (tight); float32 for backends that compute in float32 only, with a step and tolerances sized for its
// rounding. The check is written once, as a generator that yields each tensor it needs read: `gradcheck` answers
// with synchronous reads (js, wasm), `gradcheckAsync` with `await t.data()` (every backend, a GPU included).
import { Tensor, tensor } from '../tensor.js';
import type { Data, DType } from '../primitives.js';
import { Rng } from '../random.js';
import { backward, noGrad, tidy } from '../autograd.js';
import { apply, type OpDef, type OpSample } from '../ops/define.js';
import { getBackend, setBackend, type Backend } from '../backend.js';
import { requireReadSync } from '../_sync-read.js';

export interface GradcheckResult {
  ok: boolean;
  maxError: number;
  message: string;
}

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Indices of inputs that are not differentiated (masks, indices). */
  constant?: readonly number[];
  seed?: number;
  /** Default: float64 where the current backend stores it, else float32. */
  dtype?: DType;
  /** Check this many seeded random directions u per input (the derivative along u against Σ grad·u, tolerance
   *  atol·‖u‖ + rtol·|numeric|) instead of every element: two evaluations each, for inputs too large to probe
   *  element by element on a slow device. Default: every element. */
  projections?: number;
}

/** The check as a coroutine: it yields a tensor and is resumed with that tensor's values. */
type Check = Generator<Tensor, GradcheckResult, Data>;

/**
 * Check the gradient of `fn` with respect to each of `inputs`, reading synchronously (js, wasm).
 * @example gradcheck((x) => sum(mul(x, x)), [randn([3], rng, { dtype: 'float64' })])
 */
export function gradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], opts: GradcheckOptions = {}): GradcheckResult {
  // Every step reads values back: a backend that reads synchronously (js; float64 needs js).
  requireReadSync(getBackend(), 'gradcheck', 'gradcheckAsync');
  const g = check(fn, inputs, opts);
  for (let r = g.next(); ; r = g.next(r.value.dataSync())) if (r.done) return r.value;
}

/**
 * gradcheck on any backend: values are read with `await t.data()`, so it runs where reads are asynchronous (WebGPU).
 * Inputs may live on another backend (a float64 sample made on js): they are copied onto the current one.
 * @example const r = await gradcheckAsync((x) => softmax(x), [randn([2, 5], rng)], { dtype: 'float32' });
 */
export async function gradcheckAsync(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], opts: GradcheckOptions = {}): Promise<GradcheckResult> {
  const g = check(fn, inputs, opts);
  for (let r = g.next(); ; r = g.next(await r.value.data())) if (r.done) return r.value;
}

function* check(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], opts: GradcheckOptions): Check {
  const here = getBackend();
  const dtype = opts.dtype ?? (here.dtypes.includes('float64') ? 'float64' : 'float32');
  // float32: h = 1e-2 keeps the rounding error of the difference (~1e-7·|f|/h) and the truncation (~h²) small.
  const d = dtype === 'float64' ? { eps: 1e-6, atol: 1e-5, rtol: 1e-4 } : { eps: 1e-2, atol: 2e-3, rtol: 1e-2 };
  const eps = opts.eps ?? d.eps, atol = opts.atol ?? d.atol, rtol = opts.rtol ?? d.rtol;
  const Arr = dtype === 'float64' ? Float64Array : Float32Array;
  const constant = new Set(opts.constant ?? []);
  const rng = new Rng(opts.seed ?? 7);
  // Fresh contiguous leaves of `dtype` on the current backend, so that perturbing one touches nothing else.
  const xs: Tensor[] = [];
  for (const [i, x] of inputs.entries()) xs.push(tensor(new Arr(yield x), x.shape, { dtype, requiresGrad: !constant.has(i) }));
  const out0 = fn(...xs);
  const wv = new Arr(out0.size);
  for (let i = 0; i < wv.length; i++) wv[i] = rng.normal();
  const w = tensor(wv, out0.shape, { dtype });
  backward(out0, w);
  // One loss evaluation: intermediates freed by tidy, the output once read.
  function* loss(): Generator<Tensor, number, Data> {
    const o = tidy(() => noGrad(() => fn(...xs)));
    const ov = yield o;
    o.dispose();
    let s = 0;
    for (let i = 0; i < ov.length; i++) s += ov[i] * wv[i];
    return s;
  }
  let maxError = 0;
  const problems: string[] = [];
  for (const [xi, x] of xs.entries()) {
    if (constant.has(xi)) continue;
    const analytic = x.grad ? yield x.grad : new Arr(x.size);
    const values = yield x;
    // Probe k moves x along a direction, written through the backend (x is a fresh contiguous copy): the k-th unit
    // vector (one element written), or the k-th random one (the whole tensor). s = 0 restores x.
    const dirs = opts.projections === undefined ? null : Array.from({ length: opts.projections }, () => Float64Array.from(values, () => rng.normal()));
    const perturb = (k: number, s: number) => dirs
      ? x.backend.write(x.buf, x.offset, values.map((v, i) => v + s * dirs[k][i]))
      : x.backend.write(x.buf, x.offset + k, [values[k] + s]);
    for (let k = 0; k < (dirs?.length ?? x.size); k++) {
      perturb(k, eps);
      const up = yield* loss();
      perturb(k, -eps);
      const down = yield* loss();
      perturb(k, 0);
      const numeric = (up - down) / (2 * eps);
      const along = dirs ? dirs[k].reduce((a, u, i) => a + u * analytic[i], 0) : analytic[k];
      const norm = dirs ? Math.hypot(...dirs[k]) : 1;
      const err = Math.abs(numeric - along);
      if (!(err <= maxError)) maxError = err; // NaN sticks
      if (!(err <= atol * norm + rtol * Math.abs(numeric)) && problems.length < 5) {
        problems.push(`  input ${xi}${dirs ? ` along random direction ${k}` : `[${k}]`}: analytic ${along} vs numeric ${numeric}`);
      }
    }
  }
  // A GPU's buffers are not garbage-collected: free what the check made (the first forward's graph aside).
  for (const t of [...xs.map((x) => x.grad), ...xs, out0, w]) t?.dispose();
  const ok = problems.length === 0;
  const on = here.name === 'js' ? '' : ` on ${here.name}`;
  return { ok, maxError, message: ok ? `gradients match${on} (${dtype}, max error ${maxError.toExponential(2)})` : `gradient mismatch${on} (${dtype}):\n${problems.join('\n')}` };
}

/** Gradient-check a declared op on its own `sample`, reading synchronously. */
export function gradcheckOp(op: OpDef<any, any>, seed = 0, dtype?: DType, opts: Pick<GradcheckOptions, 'projections'> = {}): GradcheckResult {
  const s = sampleOf(op, seed);
  return 'message' in s ? s : gradcheck((...xs) => apply(op, xs, s.attrs), s.inputs, { ...opts, constant: op.constant, dtype });
}

/** gradcheckOp on any backend (see gradcheckAsync). @example await gradcheckOpAsync(softmaxOp, 0, 'float32') */
export async function gradcheckOpAsync(op: OpDef<any, any>, seed = 0, dtype?: DType, opts: Pick<GradcheckOptions, 'projections'> = {}): Promise<GradcheckResult> {
  const s = sampleOf(op, seed);
  return 'message' in s ? s : gradcheckAsync((...xs) => apply(op, xs, s.attrs), s.inputs, { ...opts, constant: op.constant, dtype });
}

/**
 * The op's sample. Samples are float64 tensors on the current backend; where that backend stores no float64 (a
 * GPU), the sample is made on the js reference instead and the check copies its values over in float32.
 */
function sampleOf(op: OpDef<any, any>, seed: number): OpSample<any> | GradcheckResult {
  if (!op.sample) return { ok: false, maxError: NaN, message: `op '${op.name}' declares no sample for the gradient check` };
  const here: Backend = getBackend();
  if (here.dtypes.includes('float64')) return op.sample(new Rng(seed));
  // A registered backend is selected synchronously: the sample's tensors land on js, then the current one returns.
  void setBackend('js');
  try {
    return op.sample(new Rng(seed));
  } finally {
    void setBackend(here.name);
  }
}
