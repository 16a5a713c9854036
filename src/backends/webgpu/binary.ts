// webgpu kernel: elementwise binary ops with NumPy broadcasting, matching the js oracle (src/backends/js/binary.ts):
// the broadcast operand is read through stride 0, never expanded. max/min pass a NaN on `a` through, as js does.
import type { BinaryOp } from '../../primitives.js';
import { bstrides } from '../js/binary.js';
import { mapLaunch } from './_map.js';
import type { GpuBuffer, Launch } from './runtime.js';

// WGSL's pow is exp2(y·log2(x)): undefined for x < 0 and for x = 0. Math.pow's cases, spelled out.
const HELPERS = `
fn pow_(x: f32, y: f32) -> f32 {
  if (y == 0.0) { return 1.0; }
  if (isnan_(x) || isnan_(y)) { return nan_(); }
  if (x == 0.0) { return select(inf_(), 0.0, y > 0.0); }
  if (x > 0.0) { return pow(x, y); }
  if (floor(y) != y) { return nan_(); }
  let r = pow(-x, y);
  return select(r, -r, (abs(y) % 2.0) == 1.0);
}
`;

const EXPR: Record<BinaryOp, string> = {
  add: 'a + b',
  sub: 'a - b',
  mul: 'a * b',
  div: 'a / b',
  pow: 'pow_(a, b)',
  max: 'select(b, a, a >= b || isnan_(a))',
  min: 'select(b, a, a <= b || isnan_(a))',
  gt: 'select(0.0, 1.0, a > b)',
  ge: 'select(0.0, 1.0, a >= b)',
  eq: 'select(0.0, 1.0, a == b)',
};

interface Side {
  buf: GpuBuffer;
  offset: number;
  shape: readonly number[];
}

export function binary(op: BinaryOp, a: Side, b: Side, out: Side): Launch {
  const s = out.shape;
  const operand = (t: Side) => ({ buf: t.buf, offset: t.offset, strides: bstrides(t.shape, s) });
  return mapLaunch(`binary:${op}`, EXPR[op], HELPERS, [operand(a), operand(b)], operand(out), s);
}
