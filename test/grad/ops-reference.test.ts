// The dedicated ops added for the layers, each against a composition of older ops in value and gradient
// (where vs cond·a + (1 − cond)·b, gatherRows vs one-hot matmul, narrow/concat vs selection matmuls),
// plus hand-worked values and the errors they give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Rng, randn, tensor, zeros, sum, mul, add, sub, matmul, backward, where, maskedFill, narrow, concat, split,
  gatherRows, scatterAddRows, softmax, variance, AttnError, Tensor,
} from '../../src/index.js';
import { assertClose, setValue } from '../../src/testing/index.js';

const f64 = { dtype: 'float64' as const };
const leaf = (t: Tensor) => tensor(new Float64Array(t.dataSync()), t.shape, { requiresGrad: true });

/** Run f on fresh copies of xs, backprop Σ f·w, return [value, grads]. */
function run(f: (...xs: Tensor[]) => Tensor, xs: Tensor[], w: Tensor): [Tensor, Tensor[]] {
  const ls = xs.map(leaf);
  const y = f(...ls);
  backward(sum(mul(y, w)));
  return [y, ls.map((l) => l.grad!)];
}

function agree(name: string, fast: (...xs: Tensor[]) => Tensor, ref: (...xs: Tensor[]) => Tensor, xs: Tensor[]): void {
  const w = randn(fast(...xs).shape, new Rng(11), f64);
  const [y1, g1] = run(fast, xs, w), [y2, g2] = run(ref, xs, w);
  assertClose(y1, y2, { atol: 1e-12, name: `${name} value` });
  g1.forEach((g, i) => assertClose(g, g2[i], { atol: 1e-12, name: `${name} grad ${i}` }));
}

test('where agrees with cond·a + (1 − cond)·b', () => {
  const rng = new Rng(1);
  const cond = tensor([[1], [0], [1]], undefined, f64);
  agree('where', (a, b) => where(cond, a, b), (a, b) => add(mul(cond, a), mul(sub(1, cond), b)), [randn([3, 4], rng, f64), randn([4], rng, f64)]);
  assert.deepEqual(Array.from(maskedFill(tensor([1, 2, 3]), tensor([0, 1, 0]), -Infinity).dataSync()), [1, -Infinity, 3]);
});

test('gatherRows agrees with a one-hot matmul; scatterAddRows is its adjoint', () => {
  const rows = Int32Array.from([2, 0, 2, 3]);
  const onehot = zeros([4, 5], f64);
  rows.forEach((r, i) => setValue(onehot, i * 5 + r, 1));
  agree('gatherRows', (t) => gatherRows(t, rows), (t) => matmul(onehot, t), [randn([5, 3], new Rng(2), f64)]);
  agree('scatterAddRows', (s) => scatterAddRows(s, rows, 5), (s) => matmul(onehot, s, { transA: true }), [randn([4, 3], new Rng(3), f64)]);
  assert.deepEqual(gatherRows(randn([5, 3], new Rng(2)), rows, [2, 2]).shape, [2, 2, 3]);
  assert.throws(() => gatherRows(zeros([5, 3]), Int32Array.from([5])), (e: unknown) => e instanceof AttnError && /index 5 at position 0 is out of range for 5 rows/.test(e.message));
});

test('narrow and concat agree with selection matmuls; split undoes concat', () => {
  const sel = zeros([6, 2], f64); // picks columns 3 and 4
  setValue(sel, 3 * 2 + 0, 1);
  setValue(sel, 4 * 2 + 1, 1);
  agree('narrow', (x) => narrow(x, -1, 3, 2), (x) => matmul(x, sel), [randn([2, 4, 6], new Rng(4), f64)]);
  const [p1, p2] = [zeros([2, 5], f64), zeros([3, 5], f64)]; // [a; b] = P1ᵀ a + P2ᵀ b
  for (let i = 0; i < 2; i++) setValue(p1, i * 5 + i, 1);
  for (let i = 0; i < 3; i++) setValue(p2, i * 5 + 2 + i, 1);
  agree('concat', (a, b) => concat([a, b], 0), (a, b) => add(matmul(p1, a, { transA: true }), matmul(p2, b, { transA: true })), [randn([2, 3], new Rng(5), f64), randn([3, 3], new Rng(6), f64)]);
  const x = randn([2, 7, 3], new Rng(7));
  const parts = split(x, [1, 4, 2], 1);
  assert.deepEqual(parts.map((p) => p.shape[1]), [1, 4, 2]);
  assert.deepEqual(Array.from(concat(parts, 1).dataSync()), Array.from(x.dataSync()));
  assert.throws(() => narrow(x, 1, 5, 3), /window \[5, 8\) does not fit axis 1 of size 7/);
  assert.throws(() => concat([x, zeros([2, 7, 4])], 1), /does not fit/);
  assert.throws(() => split(x, [3, 3], 1), /add up to 6/);
});

test('maskedFill(-∞) then softmax: masked keys get weight 0, a fully masked row is all zeros, gradients finite', () => {
  const s = leaf(tensor([[1, 2, 3], [4, 5, 6]], undefined, f64));
  const m = tensor([[0, 1, 0], [1, 1, 1]], undefined, f64);
  const p = softmax(maskedFill(s, m, -Infinity));
  assert.equal(p.dataSync()[1], 0);
  assert.ok(Math.abs(p.dataSync()[0] + p.dataSync()[2] - 1) < 1e-12);
  assert.deepEqual(Array.from(p.dataSync().slice(3)), [0, 0, 0]);
  backward(sum(mul(p, tensor([[1, 2, 3], [4, 5, 6]], undefined, f64))));
  assert.ok(s.grad!.dataSync().every((g) => Number.isFinite(g)));
  assert.deepEqual(Array.from(s.grad!.dataSync().slice(3)), [0, 0, 0]);
});

test('variance: unbiased by default, biased with correction 0', () => {
  const x = tensor([[1, 2, 3, 4]]);
  assert.ok(Math.abs(variance(x, -1).item() - 5 / 3) < 1e-6);
  assert.ok(Math.abs(variance(x, 1, false, 0).item() - 1.25) < 1e-6);
});
