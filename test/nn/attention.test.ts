// Attention semantics: mask polarity (1 = masked out), fully masked rows give zeros (not NaN), bottom-right
// causal alignment, and MultiheadAttention's options agreeing with each other (masks in three forms,
// unbatched input, averaged vs per-head weights, cross-attention, dropout on the weights).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Rng, randn, tensor, reshape, mean, narrow, scaledDotProductAttention, causalMask, MultiheadAttention,
} from '../../src/index.js';
import { assertCloseAsync } from '../../src/testing/index.js';

test('causalMask is bottom-right aligned: query i sees keys j ≤ i + (S − T)', async () => {
  assert.deepEqual(await causalMask(2, 4).array(), [[0, 0, 0, 1], [0, 0, 0, 0]]);
  assert.deepEqual(await causalMask(3, 3).array(), [[0, 1, 1], [0, 0, 1], [0, 0, 0]]);
});

test('a masked key (1) gets weight 0; a fully masked row gives zero weights and zero outputs, never NaN', async () => {
  const rng = new Rng(1);
  const [q, k, v] = [randn([2, 3, 4], rng), randn([2, 3, 4], rng), randn([2, 3, 4], rng)];
  const mask = tensor([[[0, 1, 0]], [[1, 1, 1]]]); // (2, 1, 3): batch 1 masks every key
  const { outputs, weights } = scaledDotProductAttention(q, k, v, { mask });
  const w = await weights.data();
  for (let i = 0; i < 3; i++) {
    assert.equal(w[i * 3 + 1], 0);
    assert.ok(Math.abs(w[i * 3] + w[i * 3 + 2] - 1) < 1e-6);
  }
  assert.ok(Array.from((await weights.data()).slice(9)).every((x) => x === 0));
  assert.ok(Array.from((await outputs.data()).slice(12)).every((x) => x === 0));
  assert.ok(Array.from(await outputs.data()).every(Number.isFinite));
});

test('MultiheadAttention: attnMask (T, S), (B·H, T, S) and (B, H, T, S) forms equal causal: true', async () => {
  const mha = new MultiheadAttention(8, 2, { rng: new Rng(2) });
  const x = randn([3, 5, 8], new Rng(3));
  const want = mha.forward(x, x, x, { causal: true, averageAttnWeights: false });
  const c = causalMask(5, 5);
  const rows = await c.array();
  const perBatchHead = reshape(tensor(Array.from({ length: 6 }, () => rows)), [6, 5, 5]);
  for (const attnMask of [c, perBatchHead, reshape(perBatchHead, [3, 2, 5, 5])]) {
    const got = mha.forward(x, x, x, { attnMask, averageAttnWeights: false });
    await assertCloseAsync(got.outputs, want.outputs, { atol: 0 });
    await assertCloseAsync(got.weights!, want.weights!, { atol: 0 });
  }
});

test('MultiheadAttention: padded keys do not influence the other positions', async () => {
  const mha = new MultiheadAttention(8, 2, { rng: new Rng(4) });
  const x = randn([1, 5, 8], new Rng(5));
  const pad = tensor([[0, 0, 0, 1, 1]]);
  const a = mha.forward(x, x, x, { keyPaddingMask: pad }).outputs;
  const x2 = tensor(Float32Array.from(await x.data(), (v, i) => (i >= 3 * 8 ? v + 10 : v)), x.shape); // change the padded tokens
  const b = mha.forward(x2, x2, x2, { keyPaddingMask: pad }).outputs;
  await assertCloseAsync(narrow(a, 1, 0, 3), narrow(b, 1, 0, 3), { atol: 1e-6 });
});

test('MultiheadAttention: averaged weights are the mean of per-head ones; unbatched equals batch of one; needWeights false', async () => {
  const mha = new MultiheadAttention(12, 3, { rng: new Rng(6) });
  const x = randn([2, 4, 12], new Rng(7));
  const avg = mha.forward(x), heads = mha.forward(x, x, x, { averageAttnWeights: false });
  assert.deepEqual([avg.weights!.shape, heads.weights!.shape], [[2, 4, 4], [2, 3, 4, 4]]);
  await assertCloseAsync(avg.weights!, mean(heads.weights!, 1), { atol: 1e-7 });
  const one = narrow(x, 0, 0, 1);
  const u = mha.forward(reshape(one, [4, 12]));
  await assertCloseAsync(u.outputs, reshape(mha.forward(one).outputs, [4, 12]), { atol: 0 });
  assert.deepEqual(u.weights!.shape, [4, 4]);
  assert.equal(mha.forward(x, x, x, { needWeights: false }).weights, null);
});

test('MultiheadAttention: cross-attention with S ≠ T, and causal alignment to the last keys', async () => {
  const mha = new MultiheadAttention(8, 4, { rng: new Rng(8) });
  const q = randn([2, 3, 8], new Rng(9)), kv = randn([2, 6, 8], new Rng(10));
  const r = mha.forward(q, kv, kv, { causal: true });
  assert.deepEqual([r.outputs.shape, r.weights!.shape], [[2, 3, 8], [2, 3, 6]]);
  assert.deepEqual(Array.from((await r.weights!.data()).slice(0, 6)).map((w) => w > 0), [true, true, true, true, false, false]);
});

test('MultiheadAttention: dropout on weights in training mode (rows no longer sum to 1), none in eval', async () => {
  const mha = new MultiheadAttention(8, 2, { dropout: 0.5, rng: new Rng(11) });
  const x = randn([1, 6, 8], new Rng(12));
  const rowSums = (w: Float32Array | Float64Array) => Array.from({ length: w.length / 6 }, (_, i) => Array.from(w.slice(i * 6, i * 6 + 6)).reduce((a, b) => a + b, 0));
  const train = mha.forward(x, x, x, { averageAttnWeights: false }).weights!;
  assert.ok(rowSums(await train.data()).some((s) => Math.abs(s - 1) > 1e-3));
  mha.eval();
  const evalW = mha.forward(x, x, x, { averageAttnWeights: false }).weights!;
  assert.ok(rowSums(await evalW.data()).every((s) => Math.abs(s - 1) < 1e-5));
  assert.throws(() => scaledDotProductAttention(x, x, x, { dropout: 0.1 }), /needs a seeded rng/);
});
