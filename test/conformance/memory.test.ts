// Ownership: 50 training steps under the counting backend keep the number of live buffers flat after the
// first step (intermediates freed by tidy, replaced gradients and optimizer temporaries freed by the
// library), and no kernel touches a freed buffer. Also: views share storage, and memory() reports it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  setBackend, tidy, backward, zeroGrad, memory, randn, reshape, permute, narrow, tensor, Rng,
  TransformerEncoderLayer, AdamW, clipGradNorm, mean, mul,
} from '../../src/index.js';
import { makeCountingBackend } from './_backends.js';
import { registerBackend } from '../../src/index.js';

test('50 steps of training: live buffers are flat after the first step, no use after free', () => {
  const b = makeCountingBackend('js-counting-train');
  registerBackend(b);
  setBackend(b.name);
  try {
    const rng = new Rng(0);
    const layer = new TransformerEncoderLayer(16, 2, { dimFeedforward: 32, rng, dropout: 0.1 });
    const opt = new AdamW(layer.parameters(), { lr: 1e-3 });
    const x = randn([2, 5, 16], rng);
    const counts: number[] = [];
    for (let step = 0; step < 50; step++) {
      tidy(() => {
        const loss = mean(mul(layer.forward(x), layer.forward(x)));
        backward(loss);
        clipGradNorm(layer.parameters(), 1);
        opt.step();
        zeroGrad(layer.parameters());
      });
      counts.push(b.live());
    }
    assert.ok(counts.every((c) => c === counts[0]), `live buffers per step: ${counts.join(', ')}`);
    assert.equal(memory()[b.name].buffers, b.live());
  } finally {
    setBackend('js');
  }
});

test('views share storage: reshape, permute and narrow copy nothing; the storage lives until its last view', () => {
  const b = makeCountingBackend('js-counting-views');
  registerBackend(b);
  setBackend(b.name);
  try {
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    const before = b.live();
    const r = reshape(x, [3, 2]), p = permute(x, [1, 0]), n = narrow(x, 1, 1, 2);
    assert.equal(b.live(), before, 'no new buffers for views');
    assert.equal(r.storage, x.storage);
    assert.equal(n.offset, 1);
    assert.deepEqual(Array.from(p.dataSync()), [1, 4, 2, 5, 3, 6]);
    assert.deepEqual(Array.from(n.dataSync()), [2, 3, 5, 6]);
    x.dispose();
    assert.equal(b.live(), before, 'the views keep the storage');
    assert.deepEqual(Array.from(r.dataSync()), [1, 2, 3, 4, 5, 6]);
    r.dispose(); p.dispose(); n.dispose();
    assert.equal(b.live(), before - 1, 'freed with the last view');
    assert.throws(() => r.dataSync(), /after dispose/);
  } finally {
    setBackend('js');
  }
});
