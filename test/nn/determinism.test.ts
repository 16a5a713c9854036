// Same seed, bit-identical results: initial parameters, forward outputs (dropout included, in training
// mode) and gradients of a whole encoder stack; another seed gives other parameters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, randn, sum, mul, backward, TransformerEncoder, POSITIONAL_KINDS, Embedding, Linear } from '../../src/index.js';

function build(seed: number, positional: (typeof POSITIONAL_KINDS)[number]) {
  return new TransformerEncoder(16, 4, 2, { dimFeedforward: 32, dropout: 0.2, positional, norm: true, maxLen: 8, rng: new Rng(seed) });
}
const bits = (d: Float32Array | Float64Array) => Array.from(new Uint32Array(new Float32Array(d).buffer));

for (const positional of POSITIONAL_KINDS) {
  test(`same seed -> bit-identical parameters, outputs and gradients ('${positional}', dropout on)`, async () => {
    const [a, b] = [build(42, positional), build(42, positional)];
    for (const [name, p] of a.namedParameters()) assert.deepEqual(bits(await p.data()), bits(await b.namedParameters().get(name)!.data()), name);
    const x = randn([2, 5, 16], new Rng(1));
    const [ya, yb] = [a.forward(x), b.forward(x)];
    assert.deepEqual(bits(await ya.data()), bits(await yb.data()));
    const w = randn(ya.shape, new Rng(2));
    backward(sum(mul(ya, w)));
    backward(sum(mul(yb, w)));
    for (const [name, p] of a.namedParameters()) assert.deepEqual(bits(await p.grad!.data()), bits(await b.namedParameters().get(name)!.grad!.data()), `grad ${name}`);
  });
}

test('another seed gives other parameters', async () => {
  const [a, b] = [build(1, 'none'), build(2, 'none')];
  const name = 'layers.0.self_attn.in_proj_weight';
  assert.notDeepEqual(bits(await a.namedParameters().get(name)!.data()), bits(await b.namedParameters().get(name)!.data()));
  assert.notDeepEqual(bits(await new Linear(4, 4, { rng: new Rng(1) }).weight.data()), bits(await new Linear(4, 4, { rng: new Rng(2) }).weight.data()));
  assert.deepEqual(bits(await new Embedding(5, 3, { rng: new Rng(3) }).weight.data()), bits(await new Embedding(5, 3, { rng: new Rng(3) }).weight.data()));
});
