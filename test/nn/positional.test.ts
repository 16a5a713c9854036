// Positional encodings. Property: without positions an encoder is order-blind (permuting the tokens permutes
// the outputs the same way); each encoding breaks that. Plus RoPE's relative-position property, the
// interleaved/half-split equivalence up to a channel permutation, and ALiBi's slopes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Rng, randn, tensor, sum, mul, narrow, concat, reshape, applyRope, alibiSlopes, alibiBias,
  TransformerEncoder, POSITIONAL_KINDS, PositionalEncoding, type Tensor, type PositionalKind,
} from '../../src/index.js';
import { compareCloseAsync, assertCloseAsync } from '../../src/testing/index.js';
import { bestDtype } from '../_backend-caps.js';

const T = 6, C = 8;
/** Rows of (1, T, C) x reordered by perm. */
function permuteTokens(x: Tensor, perm: number[]): Tensor {
  return concat(perm.map((p) => narrow(x, 1, p, 1)), 1);
}

async function orderBlind(kind: PositionalKind, seed: number): Promise<boolean> {
  const rng = new Rng(seed);
  const enc = new TransformerEncoder(C, 2, 2, { dimFeedforward: 16, dropout: 0, positional: kind, rng }).eval();
  const x = randn([1, T, C], rng);
  const perm = rng.shuffle([...Array(T).keys()]);
  if (perm.every((p, i) => p === i)) perm.reverse();
  const r = await compareCloseAsync(enc.forward(permuteTokens(x, perm)), permuteTokens(enc.forward(x), perm), { atol: 1e-4, rtol: 1e-4 });
  return r.ok;
}

for (const seed of [1, 2, 3]) {
  test(`without positions the encoder is permutation-equivariant (seed ${seed})`, async () => assert.ok(await orderBlind('none', seed)));
}
for (const kind of POSITIONAL_KINDS.filter((k) => k !== 'none')) {
  test(`'${kind}' makes the encoder order-aware`, async () => {
    for (const seed of [1, 2, 3]) assert.ok(!(await orderBlind(kind, seed)), `seed ${seed}: permuting the input still permutes the output`);
  });
}

test('RoPE: q·k after rotation depends only on the distance of the positions', async () => {
  for (const interleaved of [false, true]) {
    const dtype = bestDtype(), tol = dtype === 'float64' ? 1e-12 : 1e-5; // float32: the rotations' rounding
    const q = randn([1, 1, 8], new Rng(4), { dtype }), k = randn([1, 1, 8], new Rng(5), { dtype });
    const item = async (t: Tensor) => (await t.data())[0];
    const dot = (m: number, n: number) => item(sum(mul(applyRope(q, { interleaved, offset: m }), applyRope(k, { interleaved, offset: n }))));
    assert.ok(Math.abs(await dot(3, 1) - await dot(7, 5)) < tol && Math.abs(await dot(0, 0) - await item(sum(mul(q, k)))) < tol);
    assert.ok(Math.abs(await dot(3, 1) - await dot(3, 2)) > 1e-3);
  }
});

test('RoPE: interleaved pairs (2i, 2i+1) equal half-split pairs (i, i + D/2) on de-interleaved channels', async () => {
  const D = 8, x = randn([2, 5, D], new Rng(6));
  const order = [0, 2, 4, 6, 1, 3, 5, 7]; // interleaved layout -> half-split layout
  const toHalf = (t: Tensor) => concat(order.map((c) => narrow(t, -1, c, 1)), -1);
  await assertCloseAsync(toHalf(applyRope(x, { interleaved: true })), applyRope(toHalf(x)), { atol: 1e-6 });
  assert.throws(() => applyRope(randn([2, 5], new Rng(1))), /even D/);
  const pos0 = applyRope(reshape(x, [2, 5, D]), { offset: 0 });
  await assertCloseAsync(narrow(pos0, 1, 0, 1), narrow(x, 1, 0, 1), { atol: 0 }); // position 0 is not rotated
});

test('ALiBi: the paper\'s slopes, and a symmetric −slope·distance bias', async () => {
  assert.deepEqual(alibiSlopes(4), [0.25, 0.0625, 0.015625, 0.00390625]);
  assert.deepEqual(alibiSlopes(8).slice(0, 2), [0.5, 0.25]);
  const six = alibiSlopes(6); // 4 from H = 4, then every other of H = 8
  assert.deepEqual(six, [0.25, 0.0625, 0.015625, 0.00390625, 0.5, 0.125]);
  const bias = ((await reshape(alibiBias(1, 3, 3), [3, 3]).array()) as number[][]).map((r) => r.map((v) => v + 0)); // slope 2^-8 for one head
  assert.deepEqual(bias, [[0, -0.00390625, -0.0078125], [-0.00390625, 0, -0.00390625], [-0.0078125, -0.00390625, 0]]);
});

test('PositionalEncoding: sinusoidal adds the shared table; learned has a (maxLen, C) weight and a length limit', async () => {
  const x = tensor(new Float32Array(2 * 3 * 4), [2, 3, 4]);
  const s = new PositionalEncoding('sinusoidal', 4).embed(x);
  assert.ok(Math.abs((await s.data())[4 + 0] - Math.sin(1)) < 1e-6 && Math.abs((await s.data())[12 + 4 + 1] - Math.cos(1)) < 1e-6);
  const l = new PositionalEncoding('learned', 4, { maxLen: 2 });
  assert.deepEqual(l.weight!.shape, [2, 4]);
  assert.throws(() => l.embed(x), /sequence of 3 is longer than maxLen 2/);
  assert.throws(() => new PositionalEncoding('xpos' as PositionalKind, 4), /unknown kind 'xpos'/);
  assert.equal(new PositionalEncoding('rope', 4).embed(x), x);
});
