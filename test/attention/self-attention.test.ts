// Parameter-free self-attention: hand-worked values, the order-blindness property (random permutations
// permute the outputs) and its fix with positions, the explanation formula, and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selfAttention, explainAttention, explainAttentionRows, sinusoidalPositionalEncoding, tensor, add, randn, Rng, AttnError, Tensor } from '../../src/index.js';

async function permuteRows(x: Tensor, perm: number[]): Promise<Tensor> {
  const C = x.shape[1], v = await x.data();
  const out = new Float32Array(x.size);
  perm.forEach((p, i) => out.set(v.subarray(p * C, (p + 1) * C), i * C));
  return tensor(out, x.shape);
}

test('hand-worked 2-word case', async () => {
  // e1 = (1, 0), e2 = (0, 1): scores = I / √2, weights row 0 = softmax([1/√2, 0])
  const r = await selfAttention(tensor([[1, 0], [0, 1]]));
  const a = Math.exp(1 / Math.SQRT2) / (Math.exp(1 / Math.SQRT2) + 1);
  const w = await r.weights.data(), y = await r.outputs.data();
  assert.ok(Math.abs(w[0] - a) < 1e-6);
  assert.ok(Math.abs(y[0] - a) < 1e-6 && Math.abs(y[1] - (1 - a)) < 1e-6);
  assert.equal(r.divisor, Math.SQRT2);
  const u = await selfAttention(tensor([[1, 0], [0, 1]]), { scale: false, temperature: 2 });
  assert.equal(u.divisor, 2);
});

test('property: permuting the words permutes the outputs (no positions), for random sentences', async () => {
  const rng = new Rng(42);
  for (let trial = 0; trial < 25; trial++) {
    const T = 2 + rng.int(12), C = 1 + rng.int(40);
    const x = randn([T, C], rng);
    const perm = rng.shuffle([...Array(T).keys()]);
    const y = (await selfAttention(x)).outputs;
    const yp = await (await selfAttention(await permuteRows(x, perm))).outputs.data();
    const expected = await (await permuteRows(y, perm)).data();
    for (let i = 0; i < y.size; i++) assert.ok(Math.abs(yp[i] - expected[i]) < 1e-5, `trial ${trial}: ${yp[i]} vs ${expected[i]}`);
  }
});

test('with sinusoidal positions, permuting the words no longer permutes the outputs', async () => {
  const rng = new Rng(7);
  const T = 6, C = 16;
  const x = randn([T, C], rng);
  const perm = [5, 4, 3, 2, 1, 0];
  const pe = sinusoidalPositionalEncoding(T, C);
  const y = await (await permuteRows((await selfAttention(add(x, pe))).outputs, perm)).data();
  const yp = await (await selfAttention(add(await permuteRows(x, perm), pe))).outputs.data();
  let maxDiff = 0;
  for (let i = 0; i < y.length; i++) maxDiff = Math.max(maxDiff, Math.abs(y[i] - yp[i]));
  assert.ok(maxDiff > 1e-2, `max diff ${maxDiff}`);
});

test('explainAttention gives the formula with real weights and the dot products', async () => {
  const x = tensor([[1, 0], [1, 1], [0, 2]]);
  const r = await selfAttention(x);
  const ex = await explainAttention(['humans', 'love', 'smartphones'], r, 1);
  const w = Array.from((await r.weights.data()).subarray(3, 6));
  assert.equal(ex.formula, `y(love) = ${w[0].toFixed(2)}·e(humans) + ${w[1].toFixed(2)}·e(love) + ${w[2].toFixed(2)}·e(smartphones)`);
  assert.deepEqual(ex.terms.map((t) => Math.round(t.dot * 1e5) / 1e5), [1, 2, 2]);
  assert.ok(Math.abs(ex.terms.reduce((s, t) => s + t.weight, 0) - 1) < 1e-6);
  await assert.rejects(explainAttention(['a'], r, 0), /3×3/);
  await assert.rejects(explainAttention(['a', 'b', 'c'], r, 3), /out of range/);
});

test('explainAttentionRows explains every row as explainAttention does, reading the weights once', async () => {
  const tokens = ['humans', 'love', 'smartphones'];
  const r = await selfAttention(tensor([[1, 0], [1, 1], [0, 2]]));
  const one = await Promise.all(tokens.map((_, i) => explainAttention(tokens, r, i)));
  let reads = 0;
  const read = r.weights.data.bind(r.weights);
  r.weights.data = () => (reads++, read());
  assert.deepEqual(await explainAttentionRows(tokens, r), one);
  assert.equal(reads, 1, 'one read of the (T, T) weights for all rows');
  await assert.rejects(explainAttentionRows(['a'], r), /explainAttentionRows: 1 tokens for a 3×3/);
});

test('bad input: empty, wrong rank, NaN/Infinity, bad temperature', async () => {
  const isInput = (e: unknown) => e instanceof AttnError;
  await assert.rejects(selfAttention(tensor(new Float32Array(0), [0, 4])), (e: unknown) => isInput(e) && /empty/.test((e as Error).message));
  await assert.rejects(selfAttention(tensor([1, 2, 3])), /shape \(T, C\)/);
  await assert.rejects(selfAttention(tensor([[1, NaN]])), /NaN at row 0, column 1/);
  await assert.rejects(selfAttention(tensor([[1, 2], [Infinity, 0]])), /Infinity at row 1/);
  await assert.rejects(selfAttention(tensor([[1, 2]]), { temperature: 0 }), /temperature/);
});

test('a one-word sentence attends only to itself', async () => {
  const r = await selfAttention(tensor([[3, 4]]));
  assert.deepEqual(Array.from(await r.weights.data()), [1]);
  assert.deepEqual(Array.from(await r.outputs.data()), [3, 4]);
});

test('sinusoidal encoding: known values and bad sizes', async () => {
  const pe = await sinusoidalPositionalEncoding(2, 4).data();
  assert.deepEqual(Array.from(pe.subarray(0, 4)), [0, 1, 0, 1]);
  assert.ok(Math.abs(pe[4] - Math.sin(1)) < 1e-7 && Math.abs(pe[6] - Math.sin(1 / 100)) < 1e-7);
  assert.throws(() => sinusoidalPositionalEncoding(-1, 4), AttnError);
  assert.equal(sinusoidalPositionalEncoding(3, 5).shape[1], 5);
});

test('selfAttention is scaledDotProductAttention with q = k = v = X: one home for attention', async () => {
  const { scaledDotProductAttention, randn, Rng } = await import('../../src/index.js');
  const x = randn([6, 10], new Rng(21));
  for (const scale of [true, false]) {
    const a = await selfAttention(x, { scale, temperature: 0.7 });
    const b = scaledDotProductAttention(x, x, x, { scale: 1 / ((scale ? Math.sqrt(10) : 1) * 0.7) });
    for (const k of ['weights', 'outputs', 'scores'] as const) assert.deepEqual(Array.from(await a[k].data()), Array.from(await b[k].data()), k);
  }
});
