// js reference kernel: elementwise binary ops with NumPy broadcasting.
// One loop per op over a row with either operand stepping or fixed; the general path walks a multi-index with
// 0-strides and runs that loop on each innermost row.
import type { Data, BinaryOp } from '../../primitives.js';
import { stridesOf } from '../../shape.js';

/** o[po + j] = f(a[pa + j·sa], b[pb + j·sb]) for j < n: one row of the output, either operand stepping or fixed (0). */
type Loop = (a: Data, pa: number, sa: number, b: Data, pb: number, sb: number, o: Data, po: number, n: number) => void;
// One loop per op, each its own function, so V8 inlines the arithmetic: a loop calling a table of scalar functions
// would pay a call (and a boxed number) per element, as every op shares its one call site.
const loops: Record<BinaryOp, Loop> = {
  add: (a, pa, sa, b, pb, sb, o, po, n) => { for (let j = 0; j < n; j++, pa += sa, pb += sb) o[po + j] = a[pa] + b[pb]; },
  sub: (a, pa, sa, b, pb, sb, o, po, n) => { for (let j = 0; j < n; j++, pa += sa, pb += sb) o[po + j] = a[pa] - b[pb]; },
  mul: (a, pa, sa, b, pb, sb, o, po, n) => { for (let j = 0; j < n; j++, pa += sa, pb += sb) o[po + j] = a[pa] * b[pb]; },
  div: (a, pa, sa, b, pb, sb, o, po, n) => { for (let j = 0; j < n; j++, pa += sa, pb += sb) o[po + j] = a[pa] / b[pb]; },
  pow: (a, pa, sa, b, pb, sb, o, po, n) => { for (let j = 0; j < n; j++, pa += sa, pb += sb) o[po + j] = Math.pow(a[pa], b[pb]); },
  max: (a, pa, sa, b, pb, sb, o, po, n) => {
    for (let j = 0; j < n; j++, pa += sa, pb += sb) {
      const x = a[pa], y = b[pb];
      o[po + j] = x >= y || Number.isNaN(x) ? x : y;
    }
  },
  min: (a, pa, sa, b, pb, sb, o, po, n) => {
    for (let j = 0; j < n; j++, pa += sa, pb += sb) {
      const x = a[pa], y = b[pb];
      o[po + j] = x <= y || Number.isNaN(x) ? x : y;
    }
  },
  gt: (a, pa, sa, b, pb, sb, o, po, n) => { for (let j = 0; j < n; j++, pa += sa, pb += sb) o[po + j] = a[pa] > b[pb] ? 1 : 0; },
  ge: (a, pa, sa, b, pb, sb, o, po, n) => { for (let j = 0; j < n; j++, pa += sa, pb += sb) o[po + j] = a[pa] >= b[pb] ? 1 : 0; },
  eq: (a, pa, sa, b, pb, sb, o, po, n) => { for (let j = 0; j < n; j++, pa += sa, pb += sb) o[po + j] = a[pa] === b[pb] ? 1 : 0; },
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
  const f = loops[op];
  // Equal sizes, or one operand a single value: one pass (the commonest ops with plain indices, a little faster still).
  if (a.length === n && b.length === n) {
    if (op === 'add') for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
    else if (op === 'mul') for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
    else if (op === 'sub') for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
    else f(a, 0, 1, b, 0, 1, out, 0, n);
    return;
  }
  if (b.length === 1 && a.length === n) return f(a, 0, 1, b, 0, 0, out, 0, n);
  if (a.length === 1 && b.length === n) return f(a, 0, 0, b, 0, 1, out, 0, n);
  // General broadcast: the innermost dim one row at a time, odometer over the rest.
  const rank = outShape.length;
  if (rank === 0) return f(a, 0, 0, b, 0, 0, out, 0, 1);
  const sa = bstrides(aShape, outShape);
  const sb = bstrides(bShape, outShape);
  const inner = outShape[rank - 1];
  const ia = sa[rank - 1], ib = sb[rank - 1];
  const idx = new Array<number>(rank).fill(0);
  let pa = 0, pb = 0;
  for (let o = 0; o < n; o += inner) {
    f(a, pa, ia, b, pb, ib, out, o, inner);
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
