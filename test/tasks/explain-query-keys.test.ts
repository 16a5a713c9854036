// explainWithModel's queries and keys, against the model's own attention weights: for a 2-layer, 3-head model with
// random weights (and random in-projection biases, which a fresh model has at zero), each head's scores are the sums
// of its q∘k products, and their row softmax equals the weights the model's forward pass reports — for learned
// positions with an input projection (post-norm), RoPE (pre-norm) and ALiBi (its bias part of the score).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WordVectors, Rng, TaskModel, defaultModelConfig, explainWithModel, randn, noGrad, memory, getBackend, type TaskModelConfig } from '../../src/index.js';
import { assign } from '../../src/ops/assign.js';
import { mul } from '../../src/ops/arithmetic.js';

const WORDS = ['the', 'river', 'bank', 'money', 'grows', 'sat', 'on'], DIM = 8;

function vectors(): WordVectors {
  const rng = new Rng(11);
  return new WordVectors(WORDS, Float32Array.from({ length: WORDS.length * DIM }, () => rng.normal()), DIM);
}

/** A task model with random weights, its in-projections sharpened (so heads are far from uniform) and biased. */
function randomModel(over: Partial<TaskModelConfig>, seed: number): TaskModel {
  const config = { ...defaultModelConfig('sst2', 'attention', DIM), layers: 2, heads: 3, dModel: 12, ffDim: 16, hidden: 8, maxLen: 16, dropout: 0, ...over };
  const model = new TaskModel(config, new Rng(seed));
  const rng = new Rng(seed + 100);
  noGrad(() => {
    for (const layer of model.encoder!.layers) {
      const a = layer.selfAttn;
      assign(a.inProjWeight, mul(a.inProjWeight, 4));
      assign(a.inProjBias!, randn(a.inProjBias!.shape, rng));
    }
  });
  return model;
}

const softmax = (row: number[]) => {
  const m = Math.max(...row), e = row.map((v) => Math.exp(v - m)), s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

for (const [name, over] of [
  ['learned positions, input projection, post-norm', { positions: 'learned' }],
  ['RoPE, pre-norm, no input projection', { positions: 'rope', normFirst: true, dModel: DIM, heads: 2 }],
  ['ALiBi', { positions: 'alibi' }],
] as const) {
  test(`softmax of Σ q∘k equals the model's attention weights: ${name}`, async () => {
    const model = randomModel(over, 3), wv = vectors();
    const tokens = ['the', 'money', 'bank', 'sat', 'on', 'the', 'river', 'bank'];
    const e = await explainWithModel(model, wv, tokens);
    const L = model.config.layers, H = model.config.heads, D = model.config.dModel / H, T = tokens.length;
    assert.equal(e.layers.length, L);
    let worst = 0, sharpest = 0;
    for (const [l, layer] of e.layers.entries()) {
      assert.equal(layer.queryKeys.length, H, `layer ${l + 1}: one entry per head`);
      for (const [hd, qk] of layer.queryKeys.entries()) {
        assert.deepEqual([qk.queries.length, qk.queries[0].length, qk.keys.length, qk.keys[0].length], [T, D, T, D]);
        assert.equal(qk.bias === null, over.positions !== 'alibi', 'only ALiBi has a score bias');
        for (let i = 0; i < T; i++) {
          for (let j = 0; j < T; j++) {
            const sum = qk.queries[i].reduce((s, v, c) => s + v * qk.keys[j][c], qk.bias ? qk.bias[i][j] : 0);
            assert.ok(Math.abs(sum - qk.scores[i][j]) <= 1e-9 * Math.max(1, Math.abs(sum)), `layer ${l + 1} head ${hd + 1} (${i}, ${j}): Σ q∘k ${sum} vs score ${qk.scores[i][j]}`);
          }
          const p = softmax(qk.scores[i]), w = layer.heads[hd][i];
          for (let j = 0; j < T; j++) worst = Math.max(worst, Math.abs(p[j] - w[j]));
          sharpest = Math.max(sharpest, ...w);
        }
      }
    }
    assert.ok(worst <= 1e-5, `max |softmax(Σ q∘k) − model weight| = ${worst}`);
    // The check means something only if the heads do pick words out (uniform rows would match almost any scores).
    assert.ok(sharpest > 2 / T, `largest weight ${sharpest} is near 1/T = ${1 / T}`);
  });
}

test('explaining frees what it makes: memory is as it was after a second explanation', async () => {
  const model = randomModel({ positions: 'alibi', normFirst: true }, 5), wv = vectors(), tokens = ['the', 'river', 'bank', 'grows'];
  await explainWithModel(model, wv, tokens); // the first run may allocate what stays (caches of the backend)
  const name = getBackend().name, before = memory()[name];
  await explainWithModel(model, wv, tokens);
  assert.deepEqual(memory()[name], before);
});

test('a static model has no queries or keys', async () => {
  const model = new TaskModel({ ...defaultModelConfig('sst2', 'static', DIM), hidden: 8, maxLen: 16 }, new Rng(1));
  assert.deepEqual((await explainWithModel(model, vectors(), ['the', 'bank'])).layers, []);
});
