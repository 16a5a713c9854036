// The llm.c-style model test: a two-layer transformer (Embedding → post-norm ReLU layer → pre-norm GELU layer →
// Linear head, causal, dropout 0) rebuilt from PyTorch's weights must give PyTorch's logits, loss and every
// parameter gradient, and the same loss after each of 10 AdamW steps. Fixture: scripts/fixtures/make_model_fixture.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Module, Embedding, TransformerEncoderLayer, Linear, AdamW, crossEntropy, backward, tidy, noGrad, reshape, Rng,
  type Tensor, type Activation,
} from '../../src/index.js';
import { fromFixture, assertCloseAsync, type FixtureTensor } from '../../src/testing/index.js';
import { repoRoot } from '../fixtures-dir.js';

const fx = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/model/tiny_transformer.json'), 'utf8'));
const c = fx.config;
const TOL = { atol: 1e-4, rtol: 1e-4 };

/** The fixture's model, with PyTorch's parameter names (embedding.weight, layers.0.linear1.weight, head.bias, …). */
class Tiny extends Module {
  readonly embedding = this.module('embedding', new Embedding(c.vocab_size, c.d_model));
  readonly layers = c.layers.map((l: { norm_first: boolean; activation: Activation }, i: number) =>
    this.module(`layers.${i}`, new TransformerEncoderLayer(c.d_model, c.nhead, {
      dimFeedforward: c.dim_feedforward, normFirst: l.norm_first, activation: l.activation, dropout: 0, rng: new Rng(i),
    })),
  ) as TransformerEncoderLayer[];
  readonly head = this.module('head', new Linear(c.d_model, c.vocab_size));

  /** ids (B, T) -> logits (B, T, V) */
  forward(ids: number[][]): Tensor {
    let x = this.embedding.forward(ids); // (B, T, C)
    for (const layer of this.layers) x = layer.forward(x, { causal: c.causal }); // (B, T, C)
    return this.head.forward(x); // (B, T, V)
  }
}

function load(): Tiny {
  const m = new Tiny();
  m.loadStateDict(new Map(Object.entries<FixtureTensor>(fx.params).map(([k, v]) => [k, fromFixture(v)])));
  return m;
}
const targets: number[] = fx.targets.flat();
const lossOf = (m: Tiny) => crossEntropy(reshape(m.forward(fx.ids), [-1, c.vocab_size]), targets, { ignoreIndex: c.ignore_index });

test('the model has exactly PyTorch’s parameter names and shapes', () => {
  const names = [...new Tiny().namedParameters()].map(([k, p]) => [k, p.shape.join()]);
  assert.deepEqual(names, Object.entries<FixtureTensor>(fx.params).map(([k, v]) => [k, v.shape.join()]));
});

test('logits, loss and every parameter gradient match PyTorch', async () => {
  const m = load();
  const logits = m.forward(fx.ids);
  await assertCloseAsync(logits, fromFixture(fx.logits), { ...TOL, name: 'logits' });
  const loss = crossEntropy(reshape(logits, [-1, c.vocab_size]), targets, { ignoreIndex: c.ignore_index });
  await assertCloseAsync(loss, [fx.loss], { ...TOL, name: 'loss' });
  backward(loss);
  for (const [name, p] of m.namedParameters()) await assertCloseAsync(p.grad!, fromFixture(fx.grads[name]), { ...TOL, name: `grad ${name}` });
});

test('10 AdamW steps on the batch give PyTorch’s loss curve', async () => {
  const m = load();
  const a = c.adamw;
  const opt = new AdamW(m.parameters(), { lr: a.lr, betas: a.betas, eps: a.eps, weightDecay: a.weight_decay });
  const losses: number[] = [];
  const read = async (t: Tensor) => {
    losses.push((await t.data())[0]);
    t.dispose();
  };
  for (let step = 0; step < c.steps; step++) {
    await read(tidy(() => {
      const loss = lossOf(m);
      backward(loss);
      opt.step();
      opt.zeroGrad();
      return loss;
    }));
  }
  await read(noGrad(() => tidy(() => lossOf(m))));
  await assertCloseAsync(losses, fx.losses, { ...TOL, name: 'loss curve' });
  assert.ok(losses[c.steps] < losses[0] - 0.5, `the loss must fall: ${losses.map((l) => l.toFixed(4)).join(' ')}`);
});
