// EMA and BestWeights (src/train/): the average follows the ramped-decay recurrence worked by hand, swapIn/swapOut
// restore the trained weights exactly, BestWeights keeps the weights of the best score and counts patience, and
// trainLoop's evalEvery function decides which steps evaluate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EMA, BestWeights, trainLoop, SGD, mseLoss, matmul, tensor, zeros, noGrad, assign, AttnError } from '../../src/index.js';

const set = (t: ReturnType<typeof tensor>, v: number[]) => noGrad(() => assign(t, tensor(v, t.shape)));

test('EMA: avg ← d·avg + (1 − d)·p with d = min(decay, (1 + t) / (10 + t)); swapIn / swapOut', async () => {
  const p = tensor([0, 10], [2]);
  const ema = new EMA([p], 0.5);
  set(p, [1, 20]);
  ema.update(1); // d = min(0.5, 2/11) = 2/11: avg = (2/11)·[0, 10] + (9/11)·[1, 20]
  const want1 = [9 / 11, (2 / 11) * 10 + (9 / 11) * 20];
  set(p, [3, 30]);
  ema.update(20); // d = min(0.5, 21/30) = 0.5
  const want2 = want1.map((a, i) => 0.5 * a + 0.5 * [3, 30][i]);
  ema.swapIn();
  Array.from(await p.data()).forEach((v, i) => assert.ok(Math.abs(v - want2[i]) < 1e-5, `avg[${i}] ${v} vs ${want2[i]}`));
  assert.throws(() => ema.swapIn(), AttnError);
  ema.swapOut();
  assert.deepEqual(Array.from(await p.data()), [3, 30]);
  assert.throws(() => new EMA([p], 0), /decay must be in/);
  ema.dispose();
});

test('BestWeights keeps the best-scoring weights and counts validations since', async () => {
  const p = tensor([1, 1], [2]);
  const best = new BestWeights([p]);
  assert.equal(best.offer(0.5, 10), true);
  set(p, [2, 2]);
  assert.equal(best.offer(0.7, 20), true);
  set(p, [3, 3]);
  assert.equal(best.offer(0.6, 30), false);
  assert.equal(best.offer(Number.NaN, 40), false); // a NaN score never wins
  assert.deepEqual([best.value, best.step, best.sinceBest], [0.7, 20, 2]);
  best.restore();
  assert.deepEqual(Array.from(await p.data()), [2, 2]);
  best.dispose();
});

test('trainLoop evalEvery as a function: evaluates after the steps it picks, and at epoch ends not just evaluated', async () => {
  const w = zeros([2, 1], { requiresGrad: true });
  const data = [0, 1, 2].map(() => ({ x: tensor([[1, 0], [0, 1]]), y: tensor([[2], [-1]]) })); // 3 steps per epoch
  const at: number[] = [];
  await trainLoop({
    optimizer: new SGD([w], { lr: 0.1 }), batches: () => data, loss: (b) => mseLoss(matmul(b.x, w), b.y), epochs: 2,
    evalEvery: ({ stepInEpoch }) => stepInEpoch === 1, evaluate: () => ({}),
    onEvent: (e) => { if (e.type === 'eval') at.push(e.step); },
  });
  assert.deepEqual(at, [1, 3, 4, 6]);
});
