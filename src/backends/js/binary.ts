// js reference kernel: elementwise binary ops with NumPy broadcasting.
// Fast paths for equal shapes and a scalar operand; the general path walks a multi-index with 0-strides.
import type { Data, BinaryOp } from '../../primitives.js';
import { stridesOf } from '../../shape.js';

const fns: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  max: (a, b) => (a >= b || Number.isNaN(a) ? a : b),
  min: (a, b) => (a <= b || Number.isNaN(a) ? a : b),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  eq: (a, b) => (a === b ? 1 : 0),
};

/** Strides of `shape` aligned to `outShape`, 0 where the dim is broadcast. */
export function bstrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const s = stridesOf(shape);
  const r = new Array<number>(outShape.length).fill(0);
  const off = outShape.length - shape.length;
  for (let i = 0; i < shape.length; i++) r[off + i] = shape[i] === 1 ? 0 : s[i];
  return r;
}

export function binary(op: BinaryOp, a: Data, aShape: readonly number[], b: Data, bShape: readonly number[], out: Data, outShape: readonly number[]): void {
  const n = out.length;
  const f = fns[op];
  if (a.length === n && b.length === n) {
    if (op === 'add') for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
    else if (op === 'mul') for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
    else if (op === 'sub') for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
    else for (let i = 0; i < n; i++) out[i] = f(a[i], b[i]);
    return;
  }
  if (b.length === 1 && a.length === n) {
    const bv = b[0];
    if (op === 'mul') for (let i = 0; i < n; i++) out[i] = a[i] * bv;
    else if (op === 'add') for (let i = 0; i < n; i++) out[i] = a[i] + bv;
    else for (let i = 0; i < n; i++) out[i] = f(a[i], bv);
    return;
  }
  if (a.length === 1 && b.length === n) {
    const av = a[0];
    for (let i = 0; i < n; i++) out[i] = f(av, b[i]);
    return;
  }
  // General broadcast: iterate the innermost dim in a tight loop, odometer over the rest.
  const rank = outShape.length;
  if (rank === 0) {
    out[0] = f(a[0], b[0]);
    return;
  }
  const sa = bstrides(aShape, outShape);
  const sb = bstrides(bShape, outShape);
  const inner = outShape[rank - 1];
  const ia = sa[rank - 1], ib = sb[rank - 1];
  const idx = new Array<number>(rank).fill(0);
  let pa = 0, pb = 0;
  for (let o = 0; o < n; o += inner) {
    for (let j = 0, qa = pa, qb = pb; j < inner; j++, qa += ia, qb += ib) out[o + j] = f(a[qa], b[qb]);
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]++;
      pa += sa[d];
      pb += sb[d];
      if (idx[d] < outShape[d]) break;
      pa -= sa[d] * outShape[d];
      pb -= sb[d] * outShape[d];
      idx[d] = 0;
    }
  }
}
