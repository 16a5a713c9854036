// js reference kernel: elementwise unary functions. The oracle for every other backend's `unary`.
import type { Data, UnaryOp } from '../../primitives.js';

// Exact GELU (erf form, PyTorch's default approximate='none'). Math has no erf: Abramowitz–Stegun 7.1.26
// is only 1.5e-7 accurate, so use a series / continued fraction pair accurate to double precision.
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // Maclaurin series: erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1))
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 60; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc continued fraction (Lentz) for large |x|.
  const z = ax;
  let f = z, C = z, D = 0;
  for (let n = 1; n < 200; n++) {
    const an = n / 2;
    D = z + an * D;
    D = D === 0 ? 1e-300 : 1 / D;
    C = z + an / C;
    if (C === 0) C = 1e-300;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-z * z) / (f * Math.sqrt(Math.PI));
  return x > 0 ? 1 - erfc : erfc - 1;
}

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const gelu = (x: number) => 0.5 * x * (1 + erf(x / Math.SQRT2));
// d/dx gelu = Φ(x) + x φ(x)
const geluGrad = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2)) + (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI);

type Loop = (x: Data, out: Data, n: number) => void;
// One loop per op, each its own function: a loop that called fns[op] per element would be one call site for every
// op, which V8 cannot inline, so each element would pay a call (and a boxed number). Same arithmetic either way.
const loops: Record<UnaryOp, Loop> = {
  neg: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = -x[i]; },
  exp: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.exp(x[i]); },
  log: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.log(x[i]); },
  sqrt: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.sqrt(x[i]); },
  rsqrt: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = 1 / Math.sqrt(x[i]); },
  abs: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.abs(x[i]); },
  sign: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.sign(x[i]); },
  reciprocal: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = 1 / x[i]; },
  relu: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i] > 0 ? x[i] : 0; },
  step: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i] > 0 ? 1 : 0; },
  tanh: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.tanh(x[i]); },
  sigmoid: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = sigmoid(x[i]); },
  sin: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.sin(x[i]); },
  cos: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.cos(x[i]); },
  square: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i] * x[i]; },
  gelu: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = gelu(x[i]); },
  geluGrad: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = geluGrad(x[i]); },
  isfinite: (x, o, n) => { for (let i = 0; i < n; i++) o[i] = Number.isFinite(x[i]) ? 1 : 0; },
};

export function unary(op: UnaryOp, x: Data, out: Data): void {
  loops[op](x, out, x.length);
}
