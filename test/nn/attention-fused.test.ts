// The fused attention op against its composed reference (matmul, masked softmax, matmul) on seeded random
// inputs: outputs and the gradients of q, k, v within float rounding, over odd sizes, T ≠ S, size-1 dims, causal,
// an expanded (stride 0) key-padding mask, an additive bias and fully masked rows; a finite-difference check
// (float64 where the backend stores it); no T×S buffer on the fused path; scaledDotProductAttention and
// MultiheadAttention without weights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Rng, randn, tensor, attention, attentionWeights, matmul, backward, sum, mul, expand, reshape, Tensor,
  scaledDotProductAttention, MultiheadAttention, makeJsBackend, registerBackend, setBackend, getBackend,
} from '../../src/index.js';
import { compareCloseAsync, gradcheckAsync } from '../../src/testing/index.js';
import { needsFloat64, bestDtype } from '../_backend-caps.js';
import type { AttentionOptions, DType } from '../../src/index.js';

/** Float rounding: float32 sums of up to 150 terms in another order (a SIMD kernel's), float64 nearly exact. */
const TOL = { float32: { atol: 1e-5, rtol: 1e-4 }, float64: { atol: 1e-12, rtol: 1e-11 } };

/** A 0/1 key-padding mask (B, 1, 1, S) whose batch b pads its last `pad[b]` keys. */
function paddingMask(pad: number[], S: number, dtype: DType): Tensor {
  const m = pad.flatMap((p) => Array.from({ length: S }, (_, j) => (j >= S - p ? 1 : 0)));
  return tensor(dtype === 'float64' ? new Float64Array(m) : new Float32Array(m), [pad.length, 1, 1, S]);
}

/** Outputs and q/k/v gradients of f under one fixed output weighting. */
async function run(f: (q: Tensor, k: Tensor, v: Tensor) => Tensor, inputs: Tensor[]) {
  const xs: Tensor[] = [];
  for (const x of inputs) xs.push(tensor(await x.data(), x.shape, { dtype: x.dtype, requiresGrad: true }));
  const out = f(xs[0], xs[1], xs[2]);
  const w = tensor(Float64Array.from({ length: out.size }, (_, i) => Math.cos(i * 0.7)), out.shape, { dtype: out.dtype });
  backward(sum(mul(out, w)));
  return { out, grads: xs.map((x) => x.grad!) };
}

const composed = (opts: AttentionOptions) => (q: Tensor, k: Tensor, v: Tensor) =>
  matmul(attentionWeights(q, k, { ...opts, scale: opts.scale ?? 1 / Math.sqrt(q.shape[q.rank - 1]) }).weights, v);

interface Case { name: string; B: number[]; T: number; S: number; D: number; Dv: number; opts: (dtype: DType) => AttentionOptions }
const cases: Case[] = [
  { name: 'odd sizes, T ≠ S', B: [3], T: 7, S: 11, D: 5, Dv: 3, opts: () => ({}) },
  { name: 'size-1 dims', B: [1, 1], T: 1, S: 1, D: 1, Dv: 1, opts: () => ({}) },
  { name: 'causal, T < S', B: [2], T: 5, S: 9, D: 4, Dv: 6, opts: () => ({ causal: true }) },
  { name: 'causal, T > S (early rows fully masked)', B: [2], T: 6, S: 3, D: 4, Dv: 2, opts: () => ({ causal: true }) },
  { name: 'more keys than one tile, scale given', B: [1], T: 3, S: 150, D: 8, Dv: 4, opts: () => ({ scale: 0.3 }) },
  {
    name: 'key-padding mask expanded with stride 0, one batch fully padded', B: [3, 2], T: 4, S: 5, D: 3, Dv: 3,
    opts: (dtype) => ({ mask: expand(paddingMask([1, 0, 5], 5, dtype), [3, 2, 4, 5]) }),
  },
  {
    name: 'additive bias (H, T, S) broadcast over batch, with causal and padding', B: [2, 3], T: 6, S: 6, D: 4, Dv: 4,
    opts: (dtype) => ({ bias: randn([3, 6, 6], new Rng(9), { dtype }), causal: true, mask: paddingMask([2, 0], 6, dtype) }),
  },
];

for (const dtype of ['float32', 'float64'] as const) {
  for (const c of cases) {
    test(`attention equals the composed path (${dtype}): ${c.name}`, dtype === 'float64' ? needsFloat64() : {}, async () => {
      const rng = new Rng(c.T * 31 + c.S);
      const inputs = [randn([...c.B, c.T, c.D], rng, { dtype }), randn([...c.B, c.S, c.D], rng, { dtype }), randn([...c.B, c.S, c.Dv], rng, { dtype })];
      const opts = c.opts(dtype);
      const got = await run((q, k, v) => attention(q, k, v, opts), inputs);
      const want = await run(composed(opts), inputs);
      assert.deepEqual(got.out.shape, [...c.B, c.T, c.Dv]);
      assert.ok(Array.from(await got.out.data()).every(Number.isFinite), 'no NaN, fully masked rows are zeros');
      const r = await compareCloseAsync(got.out, want.out, { ...TOL[dtype], name: 'outputs' });
      assert.ok(r.ok, r.message);
      for (const [i, g] of got.grads.entries()) {
        const rg = await compareCloseAsync(g, want.grads[i], { ...TOL[dtype], name: `gradient of ${'qkv'[i]}` });
        assert.ok(rg.ok, rg.message);
      }
    });
  }
}

test('a fully masked row gives a zero output and passes no gradient', async () => {
  const rng = new Rng(3);
  const dtype = bestDtype();
  const [q, k, v] = [randn([1, 2, 3], rng, { dtype }), randn([1, 4, 3], rng, { dtype }), randn([1, 4, 2], rng, { dtype })];
  q.requiresGrad = true;
  const mask = tensor([[1, 1, 1, 1], [0, 1, 0, 1]], [1, 2, 4], { dtype }); // query 0 sees nothing
  const y = attention(q, k, v, { mask });
  assert.deepEqual(Array.from((await y.data()).subarray(0, 2)), [0, 0]);
  backward(sum(y));
  assert.deepEqual(Array.from((await q.grad!.data()).subarray(0, 3)), [0, 0, 0]);
});

test('attention passes a finite-difference gradient check (causal, stride-0 mask, bias; float64 where stored)', async () => {
  const rng = new Rng(4), dtype = bestDtype();
  const mask = expand(paddingMask([1, 0], 5, dtype), [2, 2, 4, 5]);
  const bias = randn([2, 4, 5], rng, { dtype });
  const inputs = [randn([2, 2, 4, 3], rng, { dtype }), randn([2, 2, 5, 3], rng, { dtype }), randn([2, 2, 5, 2], rng, { dtype })];
  const r = await gradcheckAsync((q, k, v) => attention(q, k, v, { mask, bias, causal: true }), inputs);
  assert.ok(r.ok, r.message);
});

test('the fused path allocates no T×S buffer, forward or backward (an expanded padding mask costs O(S))', async () => {
  const sizes: number[] = [];
  const prev = getBackend().name, name = `${prev}-alloc-sizes`;
  const fused = getBackend().fused.attention !== undefined;
  registerBackend(makeJsBackend({ name, fused, onAlloc: (b) => void sizes.push(b.length) }));
  setBackend(name);
  try {
    const T = 64, S = 96, rng = new Rng(5);
    const q = randn([2, T, 4], rng, { requiresGrad: true }), k = randn([2, S, 4], rng, { requiresGrad: true }), v = randn([2, S, 4], rng, { requiresGrad: true });
    const mask = paddingMask([3, 0], S, 'float32'); // (2, 1, 1, S)
    sizes.length = 0;
    backward(sum(attention(q, k, v, { mask: reshape(mask, [2, 1, S]), causal: true }))); // forward and backward
    const largest = Math.max(...sizes);
    if (fused) assert.ok(largest < T * S, `largest buffer ${largest} values (T·S = ${T * S})`);
    else assert.ok(largest >= 2 * T * S, 'the composed path does make the (2, T, S) scores'); // and that is why the kernel exists
  } finally {
    void setBackend(prev); // registered: selected at once
  }
});

test('scaledDotProductAttention with needWeights: false returns the same outputs and gradients, no weights', async () => {
  const rng = new Rng(6);
  const inputs = [randn([2, 2, 5, 4], rng), randn([2, 2, 7, 4], rng), randn([2, 2, 7, 4], rng)];
  const mask = paddingMask([2, 0], 7, 'float32');
  const bias = randn([2, 5, 7], rng);
  const opts = { mask, bias, causal: true };
  const lean = scaledDotProductAttention(inputs[0], inputs[1], inputs[2], { ...opts, needWeights: false });
  assert.equal(lean.weights, null);
  assert.equal(lean.scores, null);
  const got = await run((q, k, v) => scaledDotProductAttention(q, k, v, { ...opts, needWeights: false }).outputs, inputs);
  const want = await run((q, k, v) => scaledDotProductAttention(q, k, v, opts).outputs, inputs);
  for (const [a, b, what] of [[got.out, want.out, 'outputs'], ...got.grads.map((g, i) => [g, want.grads[i], `gradient ${i}`])] as [Tensor, Tensor, string][]) {
    const r = await compareCloseAsync(a, b, { ...TOL.float32, name: what });
    assert.ok(r.ok, r.message);
  }
});

test('a bias that needs a gradient takes the composed path and gets its gradient', async () => {
  const rng = new Rng(7);
  const [q, k, v] = [randn([1, 3, 2], rng), randn([1, 4, 2], rng), randn([1, 4, 2], rng)];
  const bias = randn([3, 4], rng);
  bias.requiresGrad = true;
  backward(sum(scaledDotProductAttention(q, k, v, { bias, needWeights: false }).outputs));
  assert.ok(bias.grad && Array.from(await bias.grad.data()).some((x) => x !== 0));
  assert.throws(() => attention(q, k, v, { bias }), /bias needs a gradient/);
});

test('MultiheadAttention with needWeights: false equals its outputs with weights', async () => {
  const mha = new MultiheadAttention(12, 3, { rng: new Rng(8) });
  const x = randn([2, 5, 12], new Rng(9));
  const keyPaddingMask = tensor([[0, 0, 0, 1, 1], [0, 0, 0, 0, 0]]);
  for (const causal of [false, true]) {
    const a = mha.forward(x, x, x, { keyPaddingMask, causal, needWeights: false });
    const b = mha.forward(x, x, x, { keyPaddingMask, causal });
    assert.equal(a.weights, null);
    const r = await compareCloseAsync(a.outputs, b.outputs, { ...TOL.float32, name: 'outputs' });
    assert.ok(r.ok, r.message);
  }
});

test('attention with q = k = v (one tensor) and with k, v broadcast over the batch of q: finite differences', async () => {
  const dtype = bestDtype();
  const x = randn([5, 3], new Rng(2), { dtype });
  const self = await gradcheckAsync((a) => attention(a, a, a, { causal: true }), [x]);
  assert.ok(self.ok, self.message);
  const y = randn([2, 5, 3], new Rng(3), { dtype }), kv = randn([6, 3], new Rng(4), { dtype });
  const cross = await gradcheckAsync((a, b) => attention(a, b, b), [y, kv]);
  assert.ok(cross.ok, cross.message);
});
