// Every non-GEMM wasm kernel against the js kernel on seeded inputs (odd sizes, size-1 and empty dims,
// special values), in both SIMD variants; and bit-identical results for 1, 2 and 3 threads.
import { test, after } from 'node:test';
import { Rng } from '../../src/random.js';
import type { BinaryOp, UnaryOp } from '../../src/primitives.js';
import { unary } from '../../src/backends/js/unary.js';
import { binary } from '../../src/backends/js/binary.js';
import { reduce } from '../../src/backends/js/reduce.js';
import { copy } from '../../src/backends/js/copy.js';
import { where } from '../../src/backends/js/where.js';
import { gatherRows, scatterAddRows } from '../../src/backends/js/gather.js';
import { softmax } from '../../src/backends/js/softmax.js';
import type { WasmRuntime } from '../../src/backends/wasm/runtime.js';
import { runtime, disposeAll, VARIANTS, randArray, put, expectClose } from './_helpers.js';

after(disposeAll);
const prod = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const SPECIAL = [0, -0, 1, -1, NaN, Infinity, -Infinity, 1e-30, -1e-30, 88, -88, 100, -100, 0.5, 1e6];

// Inputs per op: its domain, plus the special values where the js kernel defines the answer.
const UNARY: [UnaryOp, number, number][] = [
  ['neg', -5, 5], ['exp', -20, 20], ['log', 1e-6, 1e4], ['sqrt', 0, 100], ['rsqrt', 1e-4, 100], ['abs', -5, 5],
  ['sign', -2, 2], ['reciprocal', -10, 10], ['relu', -2, 2], ['step', -2, 2], ['tanh', -6, 6], ['sigmoid', -20, 20],
  ['sin', -20, 20], ['cos', -20, 20], ['square', -30, 30], ['gelu', -6, 6], ['geluGrad', -6, 6], ['isfinite', -3, 3],
];
const BINARY: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'pow', 'max', 'min', 'gt', 'ge', 'eq'];
const SHAPES: [number[], number[], number[]][] = [
  [[7], [7], [7]], [[3, 5], [5], [3, 5]], [[2, 1, 5], [3, 1], [2, 3, 5]], [[1], [6], [6]], [[], [2, 3], [2, 3]],
  [[4, 1], [1, 9], [4, 9]], [[2, 3], [], [2, 3]],
];

/** Run a wasm kernel on fresh copies of the inputs; the output values. */
function onWasm(rt: WasmRuntime, ins: Float32Array[], outLen: number, f: (ptrs: number[], out: number) => void, init = NaN): Float32Array {
  const ptrs = ins.map((a) => put(rt, a)), out = put(rt, new Float32Array(outLen).fill(init));
  f(ptrs, out);
  const r = rt.read(out, outLen);
  [...ptrs, out].forEach((p) => rt.free(p));
  return r;
}

for (const simd of VARIANTS) {
  test(`unary (${simd}) matches js within float32 accuracy, special values included`, async () => {
    const rt = await runtime(simd), rng = new Rng(3);
    for (const [op, lo, hi] of UNARY) {
      // The js erf gives NaN at ±Infinity (so js gelu(±Infinity) is NaN); the wasm kernel's limits are
      // the mathematical ones, so infinities are left out for the two GELU ops.
      const special = ['log', 'sqrt', 'rsqrt'].includes(op) ? SPECIAL.filter((v) => !(v < 0))
        : op.startsWith('gelu') ? SPECIAL.filter(Number.isFinite) : SPECIAL;
      const x = Float32Array.from([...randArray(1001, rng, lo, hi), ...special]);
      const want = new Float32Array(x.length);
      unary(op, x, want);
      const got = onWasm(rt, [x], x.length, ([p], o) => rt.unary(op, p, o, x.length));
      expectClose(got, want, 2e-6, 2e-6, `unary ${op} (${simd})`);
    }
  });

  test(`exp (${simd}): the four-lane loop gives the scalar tail's bits, edge ranges included`, async () => {
    const rt = await runtime(simd), rng = new Rng(5);
    // Around the overflow (88.72), the two rescalings (n > 127, n < -126), subnormal results and underflow.
    const x = Float32Array.from([...randArray(400, rng, -110, 95), ...randArray(200, rng, 87.9, 88.8), ...randArray(200, rng, -104.5, -86),
      ...SPECIAL, 88.72283935546875, 88.7228394, -103.972084045410, -103.97209, -87.33654, 88.0296]);
    const lanes = onWasm(rt, [x], x.length - (x.length % 4), ([p], o) => rt.unary('exp', p, o, x.length - (x.length % 4)));
    const scalar = Float32Array.from(x.subarray(0, lanes.length), (v) => onWasm(rt, [Float32Array.of(v)], 1, ([p], o) => rt.unary('exp', p, o, 1))[0]);
    expectClose(lanes, scalar, 0, 0, `exp lanes vs scalar (${simd})`);
  });

  test(`binary (${simd}) with broadcasting matches js`, async () => {
    const rt = await runtime(simd), rng = new Rng(4);
    for (const op of BINARY) for (const [as, bs, os] of SHAPES) {
      const a = randArray(prod(as), rng, op === 'pow' ? 0.1 : -3, 3), b = randArray(prod(bs), rng, -3, 3);
      if (op === 'eq' || op === 'ge') b.set(a.subarray(0, Math.min(a.length, b.length) >> 1)); // some ties
      const want = new Float32Array(prod(os));
      binary(op, a, as, b, bs, want, os);
      const got = onWasm(rt, [a, b], want.length, ([pa, pb], o) => rt.binary(op, pa, as, pb, bs, o, os));
      expectClose(got, want, 1e-6, 4e-6, `binary ${op} ${JSON.stringify([as, bs, os])} (${simd})`);
    }
    // Special values: NaN propagation of max/min, pow of negative bases and zero.
    const a = Float32Array.from([NaN, 1, -2, -2, 0, 0, -0, 2, Infinity, -8]), b = Float32Array.from([1, NaN, 3, 0.5, -1, 0, 3, -Infinity, 0, 2]);
    for (const op of BINARY) {
      const want = new Float32Array(a.length);
      binary(op, a, [a.length], b, [b.length], want, [a.length]);
      expectClose(onWasm(rt, [a, b], a.length, ([pa, pb], o) => rt.binary(op, pa, [a.length], pb, [b.length], o, [a.length])), want, 0, 1e-6, `binary ${op} special (${simd})`);
    }
  });

  test(`reduce, copy, fill, where, gather, scatter-add, softmax (${simd}) match js`, async () => {
    const rt = await runtime(simd), rng = new Rng(5);
    for (const [shape, axis] of [[[3, 5, 7], 0], [[3, 5, 7], 1], [[3, 5, 7], 2], [[1], 0], [[2, 0, 3], 1], [[4, 1], 1]] as [number[], number][]) {
      const x = randArray(prod(shape), rng);
      if (x.length > 4) x[3] = NaN;
      for (const op of ['sum', 'max'] as const) {
        const outLen = prod(shape) / (shape[axis] || 1) || prod(shape.filter((_, i) => i !== axis));
        const want = new Float32Array(outLen);
        reduce(op, x, shape, axis, want);
        expectClose(onWasm(rt, [x], outLen, ([p], o) => rt.reduce(op, p, shape, axis, o)), want, 1e-6, 1e-6, `reduce ${op} ${shape} axis ${axis}`);
      }
    }
    // copy: a permute, an expand (stride 0), a slice (offset window) and a slice-assign into a window.
    const x = randArray(2 * 3 * 4, rng);
    const copies: { shape: number[]; sx: number[]; offX: number; so: number[]; offO: number; outLen: number }[] = [
      { shape: [4, 2, 3], sx: [1, 12, 4], offX: 0, so: [6, 3, 1], offO: 0, outLen: 24 },
      { shape: [3, 5], sx: [1, 0], offX: 2, so: [5, 1], offO: 0, outLen: 15 },
      { shape: [2, 2], sx: [4, 1], offX: 5, so: [2, 1], offO: 0, outLen: 4 },
      { shape: [2, 3], sx: [3, 1], offX: 0, so: [5, 1], offO: 6, outLen: 20 },
      { shape: [5], sx: [2], offX: 1, so: [1], offO: 0, outLen: 5 },
    ];
    for (const c of copies) {
      const want = new Float32Array(c.outLen).fill(7);
      copy(x, c.offX, c.sx, want, c.offO, c.so, c.shape);
      const got = onWasm(rt, [x], c.outLen, ([p], o) => rt.copy(p + 4 * c.offX, c.sx, o + 4 * c.offO, c.so, c.shape), 7);
      expectClose(got, want, 0, 0, `copy ${JSON.stringify(c)}`);
    }
    expectClose(onWasm(rt, [], 13, (_, o) => rt.fill(o, 13, -2.5)), new Float32Array(13).fill(-2.5), 0, 0, 'fill');
    const cnd = Float32Array.from({ length: 11 }, (_, i) => (i % 3 ? 1 : 0)), wa = randArray(11, rng), wb = randArray(11, rng);
    const ww = new Float32Array(11);
    where(cnd, wa, wb, ww);
    expectClose(onWasm(rt, [cnd, wa, wb], 11, ([c, a, b], o) => rt.where(c, a, b, o, 11)), ww, 0, 0, 'where');
    const table = randArray(6 * 5, rng), rows = Int32Array.from([5, 0, 0, 3, 5, 1, 5]);
    const g = new Float32Array(rows.length * 5);
    gatherRows(table, rows, 5, g);
    expectClose(onWasm(rt, [table], g.length, ([t], o) => rt.gatherRows(t, rows, 5, o)), g, 0, 0, 'gatherRows');
    const base = randArray(6 * 5, rng), s = new Float32Array(base);
    scatterAddRows(g, rows, 5, s);
    expectClose(onWasm(rt, [g, base], 30, ([src, b], o) => { rt.copy(b, [1], o, [1], [30]); rt.scatterAddRows(src, rows, 5, o); }), s, 0, 0, 'scatterAddRows');
    const sx = randArray(4 * 9, rng, -30, 30);
    sx.fill(-Infinity, 9, 18); // a fully masked row gives zeros
    sx[20] = NaN;
    sx[30] = -Infinity;
    const sw = new Float32Array(sx.length);
    softmax(sx, 4, 9, sw);
    expectClose(onWasm(rt, [sx], sx.length, ([p], o) => rt.softmax(p, 4, 9, o)), sw, 1e-7, 2e-6, 'softmax');
  });
}

test('elementwise, reduce, copy, scatter-add and softmax are bit-identical for 1, 2 and 3 threads', async () => {
  const rng = new Rng(6);
  const n = 300_007, x = randArray(n, rng, -4, 4), y = randArray(n, rng, -4, 4);
  const rows = Int32Array.from({ length: 5000 }, () => Math.floor(rng.uniform() * 100));
  const src = randArray(5000 * 60, rng);
  for (const simd of VARIANTS) {
    const rts = [await runtime(simd, 1), await runtime(simd, 2), await runtime(simd, 3)];
    const jobs: [string, number, (rt: WasmRuntime, p: number[], o: number) => void][] = [
      ['unary gelu', n, (rt, [a], o) => rt.unary('gelu', a, o, n)],
      ['binary pow (broadcast)', n - 7, (rt, [a, b], o) => rt.binary('pow', a, [1, n - 7], b, [1], o, [1, n - 7])],
      ['reduce sum axis 0', 1000, (rt, [a], o) => rt.reduce('sum', a, [300, 1000], 0, o)],
      ['softmax', n - 7, (rt, [a], o) => rt.softmax(a, 1000, 300, o)],
      ['copy (permute)', 300_000, (rt, [a], o) => rt.copy(a, [1, 300], o, [1000, 1], [300, 1000])],
      ['scatterAddRows', 100 * 60, (rt, [, , s], o) => { rt.fill(o, 6000, 0); rt.scatterAddRows(s, rows, 60, o); }],
    ];
    for (const [name, len, f] of jobs) {
      const outs = rts.map((rt) => onWasm(rt, [x, y, src], len, (p, o) => f(rt, p, o)));
      expectClose(outs[1], outs[0], 0, 0, `${name} (${simd}): 2 threads vs 1`);
      expectClose(outs[2], outs[0], 0, 0, `${name} (${simd}): 3 threads vs 1`);
    }
  }
});
