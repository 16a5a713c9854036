// Hand-worked cases for the tensor core: broadcasting, reductions, matmul flags, softmax edge cases, autograd.
// Values are read with `await t.data()`, so the cases run on every backend (WebGPU included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  tensor, add, mul, sub, div, sum, mean, max, matmul, softmax, softmaxComposed, transpose, reshape, permute,
  backward, noGrad, tidy, keep, AttnError, Rng, randn, Tensor,
} from '../../src/index.js';
import { assertCloseAsync } from '../../src/testing/index.js';
import { bestDtype } from '../_backend-caps.js';

const arr = async (t: Tensor) => Array.from(await t.data());
const item = async (t: Tensor) => (await t.data())[0];

test('broadcasting add and mul', async () => {
  const a = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(await arr(add(a, tensor([10, 20, 30]))), [11, 22, 33, 14, 25, 36]);
  assert.deepEqual(await arr(mul(a, tensor([[2], [3]]))), [2, 4, 6, 12, 15, 18]);
  assert.deepEqual(await arr(sub(10, a)), [9, 8, 7, 6, 5, 4]);
  assert.throws(() => add(a, tensor([1, 2])), (e: unknown) => e instanceof AttnError && e.code === 'E_SHAPE' && /do not broadcast/.test(e.message));
});

test('reductions', async () => {
  const a = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(await arr(sum(a, 0)), [5, 7, 9]);
  assert.deepEqual(await arr(sum(a, -1, true)), [6, 15]);
  assert.deepEqual(sum(a, -1, true).shape, [2, 1]);
  assert.equal(await item(sum(a)), 21);
  assert.equal(await item(mean(a)), 3.5);
  assert.deepEqual(await arr(max(a, 1)), [3, 6]);
});

test('matmul with transpose flags equals explicit transposes', async () => {
  const rng = new Rng(1);
  const a = randn([2, 3, 4], rng), b = randn([5, 4], rng);
  await assertCloseAsync(matmul(a, b, { transB: true }), matmul(a, transpose(b)), { atol: 1e-6 });
  const c = randn([3, 5], rng);
  await assertCloseAsync(matmul(c, a, { transA: true }), matmul(transpose(c), a), { atol: 1e-6 });
  assert.deepEqual(await arr(matmul(tensor([[1, 2], [3, 4]]), tensor([[5, 6], [7, 8]]))), [19, 22, 43, 50]);
  assert.throws(() => matmul(tensor([[1, 2]]), tensor([[1, 2]])), /inner dimensions differ/);
});

test('softmax rows sum to 1, are stable for large inputs, and give zeros for fully masked rows', async () => {
  const s = softmax(tensor([[1000, 1001, 1002], [-Infinity, -Infinity, -Infinity], [0, 0, 0]]));
  const d = await s.data();
  assert.ok(Math.abs(d[0] + d[1] + d[2] - 1) < 1e-6);
  assert.ok(d.every((v) => Number.isFinite(v)));
  assert.deepEqual(Array.from(d.slice(3, 6)), [0, 0, 0]);
  assert.ok(Math.abs(d[6] - 1 / 3) < 1e-7);
  const x = randn([3, 7], new Rng(3));
  await assertCloseAsync(softmax(x), softmaxComposed(x), { atol: 1e-7 });
  await assertCloseAsync(softmax(x, 0), transpose(softmax(transpose(x))), { atol: 1e-7 });
});

test('fused softmax and the composed reference agree in gradient', async () => {
  const rng = new Rng(4);
  const dtype = bestDtype(); // float64 where the backend has it: then the two agree to rounding
  const x1 = randn([3, 5], rng, { dtype, requiresGrad: true });
  const x2 = tensor(await x1.data(), x1.shape, { dtype, requiresGrad: true });
  const w = randn([3, 5], rng, { dtype });
  backward(sum(mul(softmax(x1), w)));
  backward(sum(mul(softmaxComposed(x2), w)));
  await assertCloseAsync(x1.grad!, x2.grad!, { atol: dtype === 'float64' ? 1e-12 : 1e-6 });
});

test('autograd: shared subexpressions accumulate, noGrad records nothing', async () => {
  const x = tensor([1, 2, 3], undefined, { requiresGrad: true });
  const y = mul(x, x); // dy/dx = 2x
  backward(sum(add(y, x))); // + 1
  assert.deepEqual(await arr(x.grad!), [3, 5, 7]);
  backward(sum(x)); // accumulates
  assert.deepEqual(await arr(x.grad!), [4, 6, 8]);
  const z = noGrad(() => mul(x, 2));
  assert.equal(z.node, null);
  assert.throws(() => backward(z), /does not require grad/);
  assert.throws(() => backward(mul(x, 2)), /non-scalar/);
});

test('tidy disposes intermediates but keeps results and kept tensors', async () => {
  const w = keep(tensor([1, 2]));
  let inner: Tensor | undefined;
  const out = tidy(() => {
    inner = mul(w, 3);
    return add(inner, 1);
  });
  assert.equal(inner!.disposed, true);
  assert.equal(out.disposed, false);
  assert.equal(w.disposed, false);
  await assert.rejects(async () => inner!.data(), /after dispose/);
});

test('reshape and permute', async () => {
  const a = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(reshape(a, [3, -1]).shape, [3, 2]);
  assert.deepEqual(await arr(permute(a, [1, 0])), [1, 4, 2, 5, 3, 6]);
  assert.throws(() => reshape(a, [4, 2]), /cannot reshape/);
  assert.throws(() => div(a, tensor([1, 2, 3, 4])), AttnError);
});
