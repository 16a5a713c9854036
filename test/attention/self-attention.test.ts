// Parameter-free self-attention: hand-worked values, the order-blindness property (random permutations
// permute the outputs) and its fix with positions, the explanation formula, and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selfAttention, explainAttention, sinusoidalPositionalEncoding, tensor, add, randn, Rng, AttnError, Tensor } from '../../src/index.js';

function permuteRows(x: Tensor, perm: number[]): Tensor {
  const C = x.shape[1];
  const out = new Float32Array(x.size);
  perm.forEach((p, i) => out.set(x.dataSync().subarray(p * C, (p + 1) * C), i * C));
  return tensor(out, x.shape);
}

test('hand-worked 2-word case', () => {
  // e1 = (1, 0), e2 = (0, 1): scores = I / √2, weights row 0 = softmax([1/√2, 0])
  const r = selfAttention(tensor([[1, 0], [0, 1]]));
  const a = Math.exp(1 / Math.SQRT2) / (Math.exp(1 / Math.SQRT2) + 1);
  assert.ok(Math.abs(r.weights.dataSync()[0] - a) < 1e-6);
  assert.ok(Math.abs(r.outputs.dataSync()[0] - a) < 1e-6 && Math.abs(r.outputs.dataSync()[1] - (1 - a)) < 1e-6);
  assert.equal(r.divisor, Math.SQRT2);
  const u = selfAttention(tensor([[1, 0], [0, 1]]), { scale: false, temperature: 2 });
  assert.equal(u.divisor, 2);
});

test('property: permuting the words permutes the outputs (no positions), for random sentences', () => {
  const rng = new Rng(42);
  for (let trial = 0; trial < 25; trial++) {
    const T = 2 + rng.int(12), C = 1 + rng.int(40);
    const x = randn([T, C], rng);
    const perm = rng.shuffle([...Array(T).keys()]);
    const y = selfAttention(x).outputs;
    const yp = selfAttention(permuteRows(x, perm)).outputs;
    const expected = permuteRows(y, perm);
    for (let i = 0; i < y.size; i++) assert.ok(Math.abs(yp.dataSync()[i] - expected.dataSync()[i]) < 1e-5, `trial ${trial}: ${yp.dataSync()[i]} vs ${expected.dataSync()[i]}`);
  }
});

test('with sinusoidal positions, permuting the words no longer permutes the outputs', () => {
  const rng = new Rng(7);
  const T = 6, C = 16;
  const x = randn([T, C], rng);
  const perm = [5, 4, 3, 2, 1, 0];
  const pe = sinusoidalPositionalEncoding(T, C);
  const y = permuteRows(selfAttention(add(x, pe)).outputs, perm);
  const yp = selfAttention(add(permuteRows(x, perm), pe)).outputs;
  let maxDiff = 0;
  for (let i = 0; i < y.size; i++) maxDiff = Math.max(maxDiff, Math.abs(y.dataSync()[i] - yp.dataSync()[i]));
  assert.ok(maxDiff > 1e-2, `max diff ${maxDiff}`);
});

test('explainAttention gives the formula with real weights and the dot products', () => {
  const x = tensor([[1, 0], [1, 1], [0, 2]]);
  const r = selfAttention(x);
  const ex = explainAttention(['humans', 'love', 'smartphones'], r, 1);
  const w = Array.from(r.weights.dataSync().subarray(3, 6));
  assert.equal(ex.formula, `y(love) = ${w[0].toFixed(2)}·e(humans) + ${w[1].toFixed(2)}·e(love) + ${w[2].toFixed(2)}·e(smartphones)`);
  assert.deepEqual(ex.terms.map((t) => Math.round(t.dot * 1e5) / 1e5), [1, 2, 2]);
  assert.ok(Math.abs(ex.terms.reduce((s, t) => s + t.weight, 0) - 1) < 1e-6);
  assert.throws(() => explainAttention(['a'], r, 0), /3×3/);
  assert.throws(() => explainAttention(['a', 'b', 'c'], r, 3), /out of range/);
});

test('bad input: empty, wrong rank, NaN/Infinity, bad temperature', () => {
  const isInput = (e: unknown) => e instanceof AttnError;
  assert.throws(() => selfAttention(tensor(new Float32Array(0), [0, 4])), (e: unknown) => isInput(e) && /empty/.test((e as Error).message));
  assert.throws(() => selfAttention(tensor([1, 2, 3])), /shape \(T, C\)/);
  assert.throws(() => selfAttention(tensor([[1, NaN]])), /NaN at row 0, column 1/);
  assert.throws(() => selfAttention(tensor([[1, 2], [Infinity, 0]])), /Infinity at row 1/);
  assert.throws(() => selfAttention(tensor([[1, 2]]), { temperature: 0 }), /temperature/);
});

test('a one-word sentence attends only to itself', () => {
  const r = selfAttention(tensor([[3, 4]]));
  assert.deepEqual(Array.from(r.weights.dataSync()), [1]);
  assert.deepEqual(Array.from(r.outputs.dataSync()), [3, 4]);
});

test('sinusoidal encoding: known values and bad sizes', () => {
  const pe = sinusoidalPositionalEncoding(2, 4);
  assert.deepEqual(Array.from(pe.dataSync().subarray(0, 4)), [0, 1, 0, 1]);
  assert.ok(Math.abs(pe.dataSync()[4] - Math.sin(1)) < 1e-7 && Math.abs(pe.dataSync()[6] - Math.sin(1 / 100)) < 1e-7);
  assert.throws(() => sinusoidalPositionalEncoding(-1, 4), AttnError);
  assert.equal(sinusoidalPositionalEncoding(3, 5).shape[1], 5);
});

test('selfAttention is scaledDotProductAttention with q = k = v = X: one home for attention', async () => {
  const { scaledDotProductAttention, randn, Rng } = await import('../../src/index.js');
  const x = randn([6, 10], new Rng(21));
  for (const scale of [true, false]) {
    const a = selfAttention(x, { scale, temperature: 0.7 });
    const b = scaledDotProductAttention(x, x, x, { scale: 1 / ((scale ? Math.sqrt(10) : 1) * 0.7) });
    assert.deepEqual(Array.from(a.weights.dataSync()), Array.from(b.weights.dataSync()));
    assert.deepEqual(Array.from(a.outputs.dataSync()), Array.from(b.outputs.dataSync()));
    assert.deepEqual(Array.from(a.scores.dataSync()), Array.from(b.scores.dataSync()));
  }
});
