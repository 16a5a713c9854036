// webgpu kernel: elementwise unary functions in WGSL, matching the js oracle (src/backends/js/unary.ts).
// Where WGSL leaves a result undefined (log or sqrt of a negative, pow of a negative base) or loose (tanh of a
// large argument), the helpers below pin it to what Math gives.
import type { UnaryOp } from '../../primitives.js';
import { mapLaunch, type Operand } from './_map.js';
import type { Launch } from './runtime.js';

export const UNARY_HELPERS = `
fn log_(x: f32) -> f32 { if (x == 0.0) { return -inf_(); } if (x < 0.0) { return nan_(); } return log(x); }
fn sqrt_(x: f32) -> f32 { if (x < 0.0) { return nan_(); } return sqrt(x); }
fn tanh_(x: f32) -> f32 { if (isnan_(x)) { return x; } return tanh(clamp(x, -15.0, 15.0)); }
fn sigmoid_(x: f32) -> f32 { if (x >= 0.0) { return 1.0 / (1.0 + exp_(-x)); } let e = exp_(x); return e / (1.0 + e); }
// erf by Abramowitz-Stegun 7.1.26 (absolute error below 1.5e-7, under float32's resolution near 1).
fn erf_(x: f32) -> f32 {
  let t = 1.0 / (1.0 + 0.3275911 * abs(x));
  let y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp_(-x * x);
  return select(-y, y, x >= 0.0);
}
fn gelu_(x: f32) -> f32 { return 0.5 * x * (1.0 + erf_(x * 0.70710678118654752)); }
fn geluGrad_(x: f32) -> f32 { return 0.5 * (1.0 + erf_(x * 0.70710678118654752)) + x * exp_(-0.5 * x * x) * 0.39894228040143268; }
`;

const EXPR: Record<UnaryOp, string> = {
  neg: '-a',
  exp: 'exp_(a)',
  log: 'log_(a)',
  sqrt: 'sqrt_(a)',
  rsqrt: '1.0 / sqrt_(a)',
  abs: 'abs(a)',
  sign: 'sign(a)',
  reciprocal: '1.0 / a',
  relu: 'select(0.0, a, a > 0.0)',
  step: 'select(0.0, 1.0, a > 0.0)',
  tanh: 'tanh_(a)',
  sigmoid: 'sigmoid_(a)',
  sin: 'sin(a)',
  cos: 'cos(a)',
  square: 'a * a',
  gelu: 'gelu_(a)',
  geluGrad: 'geluGrad_(a)',
  isfinite: 'select(0.0, 1.0, finite_(a))',
};

export function unary(op: UnaryOp, x: Operand, out: Operand, shape: readonly number[]): Launch {
  return mapLaunch(`unary:${op}`, EXPR[op], UNARY_HELPERS, [x], out, shape);
}
