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

const fns: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  abs: Math.abs,
  sign: Math.sign,
  reciprocal: (x) => 1 / x,
  relu: (x) => (x > 0 ? x : 0),
  step: (x) => (x > 0 ? 1 : 0),
  tanh: Math.tanh,
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  sin: Math.sin,
  cos: Math.cos,
  square: (x) => x * x,
  gelu: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
  // d/dx gelu = Φ(x) + x φ(x)
  geluGrad: (x) => 0.5 * (1 + erf(x / Math.SQRT2)) + (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI),
  isfinite: (x) => (Number.isFinite(x) ? 1 : 0),
};

export function unary(op: UnaryOp, x: Data, out: Data): void {
  const f = fns[op];
  const n = x.length;
  if (op === 'exp') for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]);
  else if (op === 'neg') for (let i = 0; i < n; i++) out[i] = -x[i];
  else for (let i = 0; i < n; i++) out[i] = f(x[i]);
}
