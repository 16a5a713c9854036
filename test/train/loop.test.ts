// trainLoop: events in order, the loss going down on a tiny regression, maxSteps / shouldStop, clipping and the
// scheduler wired in, a NaN loss reported, and no tensor leaked across steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  trainLoop, SGD, AdamW, LRScheduler, warmupLinear, mseLoss, matmul, tensor, zeros, mul, sum, log, AttnError, MultiheadAttention, Rng, randn,
  type TrainEvent,
} from '../../src/index.js';
import { setValue } from '../../src/testing/index.js';

// y = x·[2, −1]: learn w (2, 1) from four examples in batches of two.
function problem() {
  const w = zeros([2, 1], { requiresGrad: true });
  const xs = [[1, 0], [0, 1], [1, 1], [2, 1]];
  const batches = () => [xs.slice(0, 2), xs.slice(2)].map((b) => ({ x: tensor(b), y: tensor(b.map(([a, c]) => [2 * a - c])) }));
  const loss = (b: { x: ReturnType<typeof tensor>; y: ReturnType<typeof tensor> }) => mseLoss(matmul(b.x, w), b.y);
  return { w, batches, loss };
}

test('emits step, eval, epoch and done events in order; the loss goes down', async () => {
  const { w, batches, loss } = problem();
  const events: TrainEvent[] = [];
  let t = 0;
  const r = await trainLoop({
    optimizer: new SGD([w], { lr: 0.1 }), batches, loss, epochs: 30, evalEvery: 4,
    evaluate: async () => ({ w0: (await w.data())[0] }), batchSize: (b) => b.x.shape[0], onEvent: (e) => events.push(e), now: () => (t += 5),
  });
  assert.equal(r.steps, 60);
  assert.ok(r.losses[59] < r.losses[0] / 100, `loss ${r.losses[0]} -> ${r.losses[59]}`);
  assert.deepEqual(events.slice(0, 3).map((e) => e.type), ['step', 'step', 'epoch']);
  const step = events[0] as Extract<TrainEvent, { type: 'step' }>;
  assert.deepEqual([step.step, step.epoch, step.lr, step.examples], [1, 0, 0.1, 2]);
  assert.ok(step.examplesPerSec > 0 && Number.isFinite(step.examplesPerSec));
  assert.equal(events.filter((e) => e.type === 'eval').length, 15 + 15); // every 4 steps, plus ends of epochs that did not just evaluate
  assert.equal(events.at(-1)!.type, 'done');
  const [w0, w1] = await w.data();
  assert.ok(Math.abs(w0 - 2) < 0.05 && Math.abs(w1 + 1) < 0.05);
});

test('maxSteps stops mid-epoch; shouldStop stops and says so', async () => {
  const a = problem();
  const r = await trainLoop({ optimizer: new SGD([a.w], { lr: 0.1 }), batches: a.batches, loss: a.loss, epochs: 10, maxSteps: 3 });
  assert.deepEqual([r.steps, r.epochs, r.stopped], [3, 2, false]);
  const b = problem();
  let polls = 0;
  const events: TrainEvent[] = [];
  const s = await trainLoop({ optimizer: new SGD([b.w], { lr: 0.1 }), batches: b.batches, loss: b.loss, epochs: 10, shouldStop: () => ++polls > 5, onEvent: (e) => events.push(e) });
  assert.deepEqual([s.steps, s.stopped], [5, true]);
  assert.deepEqual(events.at(-1), { ...events.at(-1), type: 'done', steps: 5, stopped: true });
});

test('clipping reports the gradient norm; the scheduler sets each step\'s lr', async () => {
  const { w, batches, loss } = problem();
  const opt = new AdamW([w], { lr: 0.1, weightDecay: 0 });
  const steps: Extract<TrainEvent, { type: 'step' }>[] = [];
  await trainLoop({
    optimizer: opt, batches, loss, epochs: 2, clipGradNorm: 0.5,
    scheduler: new LRScheduler(opt, warmupLinear({ warmupSteps: 2, totalSteps: 4 })),
    onEvent: (e) => e.type === 'step' && steps.push(e),
  });
  assert.deepEqual(steps.map((e) => e.lr), [0, 0.05, 0.1, 0.05]);
  assert.ok(steps.every((e) => e.gradNorm! > 0));
});

test('a loss that is not finite stops the loop with an AttnError naming the step', async () => {
  const w = tensor([1], undefined, { requiresGrad: true });
  const opt = new SGD([w], { lr: 10 });
  await assert.rejects(
    trainLoop({ optimizer: opt, batches: () => [0, 0, 0, 0], loss: () => log(sum(mul(w, 1))), epochs: 1 }),
    (e: unknown) => e instanceof AttnError && /the loss is NaN at step 2/.test(e.message),
  );
});

test('a NaN input to a layer stops the loop with the layer\'s error, on every backend (async ones at the step\'s loss read)', async () => {
  const mha = new MultiheadAttention(4, 2, { rng: new Rng(0) });
  const x = randn([1, 3, 4], new Rng(1));
  setValue(x, 5, NaN);
  await assert.rejects(
    trainLoop({ optimizer: new SGD(mha.parameters(), { lr: 0.1 }), batches: () => [x], loss: (b) => sum(mha.forward(b).outputs), epochs: 1 }),
    (e: unknown) => e instanceof AttnError && e.code === 'E_INPUT' && /^MultiheadAttention: query \(1, 3, 4\) holds NaN at \[0, 1, 1\]/.test(e.message),
  );
});

test('every step runs in tidy: intermediates are disposed, parameters and optimizer state are not', async () => {
  const { w, batches, loss } = problem();
  const opt = new AdamW([w]);
  let seen: ReturnType<typeof tensor> | null = null;
  await trainLoop({ optimizer: opt, batches, loss: (b) => (seen = loss(b)), epochs: 1 });
  assert.ok(seen!.disposed);
  assert.ok(!w.disposed && !(opt.state.get(w)!.expAvg as { disposed: boolean }).disposed);
});
