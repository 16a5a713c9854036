// The dedicated ops added for the layers, each against a composition of older ops in value and gradient
// (where vs cond·a + (1 − cond)·b, gatherRows vs one-hot matmul, narrow/concat vs selection matmuls),
// plus hand-worked values and the errors they give. float64 where the backend stores it, else float32 (WebGPU).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Rng, randn, tensor, zeros, sum, mul, add, sub, matmul, backward, where, maskedFill, narrow, concat, split,
  gatherRows, scatterAddRows, softmax, variance, AttnError, Tensor,
} from '../../src/index.js';
import { assertCloseAsync, setValue } from '../../src/testing/index.js';
import { bestDtype } from '../_backend-caps.js';

const f64 = { dtype: bestDtype() };
/** Agreement of two compositions: float64 to rounding; float32 to its rounding of sums of a few terms. */
const TOL = f64.dtype === 'float64' ? 1e-12 : 1e-6;
const leaf = async (t: Tensor) => tensor(await t.data(), t.shape, { ...f64, requiresGrad: true });

/** Run f on fresh copies of xs, backprop Σ f·w, return [value, grads]. */
async function run(f: (...xs: Tensor[]) => Tensor, xs: Tensor[], w: Tensor): Promise<[Tensor, Tensor[]]> {
  const ls = await Promise.all(xs.map(leaf));
  const y = f(...ls);
  backward(sum(mul(y, w)));
  return [y, ls.map((l) => l.grad!)];
}

async function agree(name: string, fast: (...xs: Tensor[]) => Tensor, ref: (...xs: Tensor[]) => Tensor, xs: Tensor[]): Promise<void> {
  const w = randn(fast(...xs).shape, new Rng(11), f64);
  const [y1, g1] = await run(fast, xs, w), [y2, g2] = await run(ref, xs, w);
  await assertCloseAsync(y1, y2, { atol: TOL, name: `${name} value` });
  for (const [i, g] of g1.entries()) await assertCloseAsync(g, g2[i], { atol: TOL, name: `${name} grad ${i}` });
}

test('where agrees with cond·a + (1 − cond)·b', async () => {
  const rng = new Rng(1);
  const cond = tensor([[1], [0], [1]], undefined, f64);
  await agree('where', (a, b) => where(cond, a, b), (a, b) => add(mul(cond, a), mul(sub(1, cond), b)), [randn([3, 4], rng, f64), randn([4], rng, f64)]);
  assert.deepEqual(Array.from(await maskedFill(tensor([1, 2, 3]), tensor([0, 1, 0]), -Infinity).data()), [1, -Infinity, 3]);
});

test('gatherRows agrees with a one-hot matmul; scatterAddRows is its adjoint', async () => {
  const rows = Int32Array.from([2, 0, 2, 3]);
  const onehot = zeros([4, 5], f64);
  rows.forEach((r, i) => setValue(onehot, i * 5 + r, 1));
  await agree('gatherRows', (t) => gatherRows(t, rows), (t) => matmul(onehot, t), [randn([5, 3], new Rng(2), f64)]);
  await agree('scatterAddRows', (s) => scatterAddRows(s, rows, 5), (s) => matmul(onehot, s, { transA: true }), [randn([4, 3], new Rng(3), f64)]);
  assert.deepEqual(gatherRows(randn([5, 3], new Rng(2)), rows, [2, 2]).shape, [2, 2, 3]);
  assert.throws(() => gatherRows(zeros([5, 3]), Int32Array.from([5])), (e: unknown) => e instanceof AttnError && /index 5 at position 0 is out of range for 5 rows/.test(e.message));
});

test('narrow and concat agree with selection matmuls; split undoes concat', async () => {
  const sel = zeros([6, 2], f64); // picks columns 3 and 4
  setValue(sel, 3 * 2 + 0, 1);
  setValue(sel, 4 * 2 + 1, 1);
  await agree('narrow', (x) => narrow(x, -1, 3, 2), (x) => matmul(x, sel), [randn([2, 4, 6], new Rng(4), f64)]);
  const [p1, p2] = [zeros([2, 5], f64), zeros([3, 5], f64)]; // [a; b] = P1ᵀ a + P2ᵀ b
  for (let i = 0; i < 2; i++) setValue(p1, i * 5 + i, 1);
  for (let i = 0; i < 3; i++) setValue(p2, i * 5 + 2 + i, 1);
  await agree('concat', (a, b) => concat([a, b], 0), (a, b) => add(matmul(p1, a, { transA: true }), matmul(p2, b, { transA: true })), [randn([2, 3], new Rng(5), f64), randn([3, 3], new Rng(6), f64)]);
  const x = randn([2, 7, 3], new Rng(7));
  const parts = split(x, [1, 4, 2], 1);
  assert.deepEqual(parts.map((p) => p.shape[1]), [1, 4, 2]);
  assert.deepEqual(Array.from(await concat(parts, 1).data()), Array.from(await x.data()));
  assert.throws(() => narrow(x, 1, 5, 3), /window \[5, 8\) does not fit axis 1 of size 7/);
  assert.throws(() => concat([x, zeros([2, 7, 4])], 1), /does not fit/);
  assert.throws(() => split(x, [3, 3], 1), /add up to 6/);
});

test('maskedFill(-∞) then softmax: masked keys get weight 0, a fully masked row is all zeros, gradients finite', async () => {
  const s = await leaf(tensor([[1, 2, 3], [4, 5, 6]], undefined, f64));
  const m = tensor([[0, 1, 0], [1, 1, 1]], undefined, f64);
  const p = softmax(maskedFill(s, m, -Infinity));
  assert.equal((await p.data())[1], 0);
  assert.ok(Math.abs((await p.data())[0] + (await p.data())[2] - 1) < TOL);
  assert.deepEqual(Array.from((await p.data()).slice(3)), [0, 0, 0]);
  backward(sum(mul(p, tensor([[1, 2, 3], [4, 5, 6]], undefined, f64))));
  assert.ok((await s.grad!.data()).every((g) => Number.isFinite(g)));
  assert.deepEqual(Array.from((await s.grad!.data()).slice(3)), [0, 0, 0]);
});

test('variance: unbiased by default, biased with correction 0', async () => {
  const x = tensor([[1, 2, 3, 4]]);
  assert.ok(Math.abs((await variance(x, -1).data())[0] - 5 / 3) < 1e-6);
  assert.ok(Math.abs((await variance(x, 1, false, 0).data())[0] - 1.25) < 1e-6);
});
