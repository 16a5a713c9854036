// Layer behaviour beyond PyTorch parity: initialisation as PyTorch does it, Embedding lookups and errors,
// LayerNorm statistics, Dropout scaling and modes, FeedForward activations, and input validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Rng, randn, tensor, Linear, Embedding, LayerNorm, Dropout, FeedForward, MultiheadAttention, TransformerEncoderLayer,
  mean, variance, reshape, relu, gelu, AttnError,
} from '../../src/index.js';
import { assertCloseAsync } from '../../src/testing/index.js';

const maxAbs = (d: ArrayLike<number>) => Array.from(d).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

test('Linear: (out, in) weight and bias within ±1/√in (kaiming-uniform a=√5), y = x Wᵀ + b on any rank', async () => {
  const l = new Linear(16, 4, { rng: new Rng(0) });
  assert.deepEqual([l.weight.shape, l.bias!.shape], [[4, 16], [4]]);
  assert.ok(maxAbs(await l.weight.data()) <= 0.25 && maxAbs(await l.weight.data()) > 0.2);
  assert.ok(maxAbs(await l.bias!.data()) <= 0.25);
  const x = randn([2, 3, 16], new Rng(1));
  assert.deepEqual(l.forward(x).shape, [2, 3, 4]);
  assert.deepEqual(l.forward(randn([16], new Rng(1))).shape, [4]);
  assert.equal(new Linear(3, 2, { bias: false }).bias, null);
  assert.throws(() => l.forward(randn([2, 15], new Rng(1))), (e: unknown) => e instanceof AttnError && /does not end in 16 features/.test(e.message));
});

test('MultiheadAttention: xavier-uniform in-projection, zero biases, kaiming out-projection', async () => {
  const m = new MultiheadAttention(32, 4, { rng: new Rng(0) });
  const bound = Math.sqrt(6 / (32 + 96));
  assert.ok(maxAbs(await m.inProjWeight.data()) <= bound && maxAbs(await m.inProjWeight.data()) > 0.9 * bound);
  assert.equal(maxAbs(await m.inProjBias!.data()), 0);
  assert.equal(maxAbs(await m.outProj.bias!.data()), 0);
  assert.ok(maxAbs(await m.outProj.weight.data()) <= 1 / Math.sqrt(32));
  assert.throws(() => new MultiheadAttention(10, 3), /multiple of numHeads 3/);
  assert.throws(() => m.forward(randn([2, 5, 16], new Rng(1))), /should be \(B, L, 32\)/);
  assert.throws(() => m.forward(randn([2, 5, 32], new Rng(1)), undefined, undefined, { keyPaddingMask: tensor([[0, 0]]) }), /keyPaddingMask \(1, 2\) should be \(B, S\) = \(2, 5\)/);
});

test('Embedding: fresh N(0, 1) or pre-trained, flat and nested ids, clear errors', async () => {
  const table = tensor([[0, 0], [1, 1], [2, 2]]);
  const e = Embedding.fromPretrained(table);
  assert.deepEqual(Array.from(await e.forward([2, 0]).data()), [2, 2, 0, 0]);
  assert.deepEqual(e.forward([[1, 2, 0]]).shape, [1, 3, 2]);
  assert.deepEqual(e.forward(Int32Array.from([1])).shape, [1, 2]);
  assert.throws(() => e.forward([3]), (x: unknown) => x instanceof AttnError && /index 3 at position 0 is out of range for 3 rows/.test(x.message));
  assert.throws(() => e.forward([1.5]), /id 1.5 at position 0 is not an integer/);
  assert.throws(() => e.forward([[1], [1, 2]]), /rectangular/);
  const fresh = new Embedding(1000, 8, { rng: new Rng(3) });
  assert.ok(Math.abs((await mean(fresh.weight).data())[0]) < 0.05 && Math.abs((await variance(reshape(fresh.weight, [-1]), 0).data())[0] - 1) < 0.05);
});

test('LayerNorm: each row mean 0, variance 1 before the affine part; ones and zeros at init', async () => {
  const ln = new LayerNorm(6);
  assert.deepEqual([Array.from(await ln.weight!.data()), Array.from(await ln.bias!.data())], [[1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0]]);
  const y = ln.forward(randn([3, 4, 6], new Rng(2)));
  await assertCloseAsync(mean(y, -1), new Float32Array(12), { atol: 1e-6 });
  await assertCloseAsync(variance(y, -1, false, 0), new Float32Array(12).fill(1), { atol: 1e-4 });
  assert.equal(new LayerNorm(6, { elementwiseAffine: false }).parameters().length, 0);
  assert.throws(() => ln.forward(randn([2, 5], new Rng(1))), /does not end in 6/);
});

test('Dropout: inverted scaling in training, identity in eval, same seed same mask', async () => {
  const x = tensor(new Float32Array(10000).fill(1), [10000]);
  const d = new Dropout(0.25, { rng: new Rng(4) });
  const y = d.forward(x);
  const kept = Array.from(await y.data()).filter((v) => v !== 0);
  assert.ok(kept.every((v) => Math.abs(v - 4 / 3) < 1e-6));
  assert.ok(Math.abs(kept.length / 10000 - 0.75) < 0.02);
  assert.deepEqual(Array.from(await new Dropout(0.25, { rng: new Rng(4) }).forward(x).data()), Array.from(await y.data()));
  assert.equal(d.eval().forward(x), x);
  assert.throws(() => new Dropout(1.5), /p must be in \[0, 1\]/);
});

test('FeedForward: relu and exact gelu between linear1 and linear2', async () => {
  for (const activation of ['relu', 'gelu'] as const) {
    const ff = new FeedForward(4, 8, { activation, rng: new Rng(5) });
    const x = randn([2, 3, 4], new Rng(6));
    const h = ff.linear1.forward(x);
    await assertCloseAsync(ff.forward(x), ff.linear2.forward(activation === 'relu' ? relu(h) : gelu(h)), { atol: 0 });
  }
  assert.throws(() => new FeedForward(4, 8, { activation: 'swish' as 'relu' }), /'swish' is not one of 'relu', 'gelu'/);
});

test('encoder layer: dropout is active in training mode only', async () => {
  const layer = new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0.5, rng: new Rng(7) });
  const x = randn([2, 5, 8], new Rng(8));
  const a = layer.forward(x), b = layer.forward(x);
  assert.notDeepEqual(Array.from(await a.data()), Array.from(await b.data()));
  layer.eval();
  assert.deepEqual(Array.from(await layer.forward(x).data()), Array.from(await layer.forward(x).data()));
});
