// Finite-difference gradient check: for loss = Σ f(x)·w with random w, compare backward()'s gradients with
// central differences (f(x+h) − f(x−h)) / 2h for every input element. float64 by default (tight); float32
// for backends that compute in float32 only, with a step and tolerances sized for its rounding.
import { Tensor, tensor } from '../tensor.js';
import type { DType } from '../primitives.js';
import { Rng } from '../random.js';
import { backward, noGrad } from '../autograd.js';
import { apply, type OpDef } from '../ops/define.js';
import { requireReadSync } from '../_sync-read.js';

export interface GradcheckResult {
  ok: boolean;
  maxError: number;
  message: string;
}

/**
 * Check the gradient of `fn` with respect to each of `inputs` (float64 tensors).
 * @example gradcheck((x) => sum(mul(x, x)), [randn([3], rng, { dtype: 'float64' })])
 */
export function gradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], opts: { eps?: number; atol?: number; rtol?: number; constant?: readonly number[]; seed?: number; dtype?: DType } = {}): GradcheckResult {
  const dtype = opts.dtype ?? 'float64';
  // float32: h = 1e-2 keeps the rounding error of the difference (~1e-7·|f|/h) and the truncation (~h²) small.
  const d = dtype === 'float64' ? { eps: 1e-6, atol: 1e-5, rtol: 1e-4 } : { eps: 1e-2, atol: 2e-3, rtol: 1e-2 };
  const eps = opts.eps ?? d.eps, atol = opts.atol ?? d.atol, rtol = opts.rtol ?? d.rtol;
  const Arr = dtype === 'float64' ? Float64Array : Float32Array;
  const constant = new Set(opts.constant ?? []);
  const rng = new Rng(opts.seed ?? 7);
  // Every step reads values back: a backend that reads synchronously (js; float64 needs js).
  if (inputs.length) requireReadSync(inputs[0].backend, 'gradcheck', 'a backend that reads synchronously (js)');
  const xs = inputs.map((x, i) => {
    const c = tensor(new Arr(x.dataSync()), x.shape);
    c.requiresGrad = !constant.has(i);
    return c;
  });
  const out0 = fn(...xs);
  const wr = new Arr(out0.size);
  for (let i = 0; i < wr.length; i++) wr[i] = rng.normal();
  const w = tensor(wr, out0.shape);
  const wv = w.dataSync();
  const lossOf = (o: Tensor) => {
    const ov = o.dataSync();
    let s = 0;
    for (let i = 0; i < o.size; i++) s += ov[i] * wv[i];
    return s;
  };
  backward(out0, w);
  let maxError = 0;
  const problems: string[] = [];
  xs.forEach((x, xi) => {
    if (constant.has(xi)) return;
    const analytic = x.grad?.dataSync() ?? new Arr(x.size);
    const values = x.dataSync();
    // Perturb one element at a time by writing it through the backend (x is a fresh contiguous copy).
    const set = (i: number, v: number) => x.backend.write(x.buf, x.offset + i, [v]);
    for (let i = 0; i < x.size; i++) {
      const orig = values[i];
      set(i, orig + eps);
      const up = noGrad(() => lossOf(fn(...xs)));
      set(i, orig - eps);
      const down = noGrad(() => lossOf(fn(...xs)));
      set(i, orig);
      const numeric = (up - down) / (2 * eps);
      const err = Math.abs(numeric - analytic[i]);
      if (err > maxError) maxError = err;
      if (err > atol + rtol * Math.abs(numeric) && problems.length < 5) {
        problems.push(`  input ${xi}[${i}]: analytic ${analytic[i]} vs numeric ${numeric}`);
      }
    }
  });
  const ok = problems.length === 0;
  return { ok, maxError, message: ok ? `gradients match (max error ${maxError.toExponential(2)})` : `gradient mismatch:\n${problems.join('\n')}` };
}

/** Gradient-check a declared op on its own `sample`. */
export function gradcheckOp(op: OpDef<any, any>, seed = 0, dtype: DType = 'float64'): GradcheckResult {
  if (!op.sample) return { ok: false, maxError: NaN, message: `op '${op.name}' declares no sample for the gradient check` };
  const { inputs, attrs } = op.sample(new Rng(seed));
  return gradcheck((...xs) => apply(op, xs, attrs), inputs, { constant: op.constant, dtype });
}
