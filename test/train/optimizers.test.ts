// Optimizers, gradient clipping and schedules: PyTorch fixtures (scripts/fixtures/make_train_fixtures.py) and
// small hand-worked cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SGD, Adam, AdamW, clipGradNorm, warmupCosine, warmupLinear, LRScheduler, tensor, zeros, tidy, mul, sum, backward, AttnError,
} from '../../src/index.js';
import { fromFixture, assertClose } from '../../src/testing/index.js';
import { checkOptimizers } from '../parity/kinds/optimizers.js';
import { TOL } from '../parity/kinds/tolerance.js';
import { trainFixtures } from './_fixtures.js';

test('SGD (dampening, Nesterov, weight decay), Adam (weight decay, defaults), AdamW (defaults) match PyTorch', async () => {
  const [[, fx]] = trainFixtures('optimizers_extended');
  await checkOptimizers(fx);
});

test('clipGradNorm matches torch.nn.utils.clip_grad_norm_ (L2, L1, inf; clipping and not)', async () => {
  const [[, fx]] = trainFixtures('clip_grad_norm');
  for (const c of fx.cases) {
    const ps = c.grads.map((g: any) => {
      const p = zeros(g.shape, { requiresGrad: true });
      p.grad = fromFixture(g);
      return p;
    });
    const total = clipGradNorm(ps, c.max_norm, { normType: c.norm_type === 'inf' ? Infinity : c.norm_type });
    assertClose(await total.data(), [c.total_norm], { ...TOL, name: 'total_norm' });
    for (const [i, p] of ps.entries()) assertClose(await p.grad!.data(), await fromFixture(c.clipped[i]).data(), { ...TOL, name: `clipped[${i}]` });
  }
});

test('clipGradNorm scales a shared gradient once per parameter, not twice', async () => {
  const a = zeros([2], { requiresGrad: true }), b = zeros([2], { requiresGrad: true });
  a.grad = b.grad = tensor([3, 4]); // the same tensor object, as backward of add(a, b) can produce
  const [total] = await clipGradNorm([a, b], 1).data();
  assert.ok(Math.abs(total - Math.sqrt(50)) < 1e-6);
  assertClose(await a.grad!.data(), [3 / Math.sqrt(50), 4 / Math.sqrt(50)], { atol: 1e-6 });
  assertClose(await b.grad!.data(), [3 / Math.sqrt(50), 4 / Math.sqrt(50)], { atol: 1e-6 });
});

test('clipGradNorm errorIfNonfinite: a NaN norm is an error where the backend reads synchronously (js-async: test/conformance)', async () => {
  const q = zeros([1], { requiresGrad: true });
  q.grad = tensor([NaN]);
  if (q.backend.readSync) assert.throws(() => clipGradNorm([q], 1, { errorIfNonfinite: true }), /total gradient norm is NaN/);
});

test('Adam step 1 by hand: p − lr·sign(g) (bias correction makes the first step exactly lr)', async () => {
  const p = tensor([1, -2], undefined, { requiresGrad: true });
  const opt = new Adam([p], { lr: 0.1, eps: 0 });
  p.grad = tensor([0.5, -3]);
  opt.step();
  assertClose(await p.data(), [0.9, -1.9], { atol: 1e-6 });
});

test('AdamW defaults are PyTorch’s: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.01 (Adam: 0)', async () => {
  const p = zeros([1], { requiresGrad: true });
  const g = new AdamW([p]).groups[0];
  assert.deepEqual([g.lr, [...g.betas], g.eps, g.weightDecay], [1e-3, [0.9, 0.999], 1e-8, 0.01]);
  assert.equal(new Adam([p]).groups[0].weightDecay, 0);
});

test('parameter groups: per-group hyperparameters, params without grad are skipped', async () => {
  const w = tensor([1, 1], undefined, { requiresGrad: true }), b = tensor([1], undefined, { requiresGrad: true });
  const frozen = tensor([5], undefined, { requiresGrad: true });
  const opt = new SGD([{ params: [w], weightDecay: 0.5 }, { params: [b, frozen] }], { lr: 0.1 });
  w.grad = tensor([0, 1]);
  b.grad = tensor([1]);
  opt.step();
  assertClose(await w.data(), [1 - 0.1 * 0.5, 1 - 0.1 * 1.5], { atol: 1e-6 });
  assertClose(await b.data(), [0.9], { atol: 1e-6 });
  assert.equal((await frozen.data())[0], 5);
  opt.zeroGrad();
  assert.equal(w.grad, null);
});

test('optimizer state survives tidy; a training step inside tidy leaves parameters and state usable', async () => {
  const p = tensor([1, 2, 3], undefined, { requiresGrad: true });
  const opt = new AdamW([p], { lr: 0.01 });
  for (let i = 0; i < 3; i++) {
    tidy(() => {
      backward(sum(mul(p, p)));
      opt.step();
      opt.zeroGrad();
    });
  }
  const st = opt.state.get(p)!;
  assert.equal(st.step, 3);
  assert.ok(!(st.expAvg as any).disposed && !p.disposed);
});

test('optimizers reject bad hyperparameters and parameters', async () => {
  const p = zeros([1], { requiresGrad: true });
  const bad = (e: unknown) => e instanceof AttnError && e.code === 'E_INPUT';
  assert.throws(() => new SGD([p], { lr: -1 }), bad);
  assert.throws(() => new SGD([p], { lr: 0.1, nesterov: true }), bad);
  assert.throws(() => new Adam([p], { betas: [1, 0.999] }), bad);
  assert.throws(() => new AdamW([]), bad);
  assert.throws(() => new AdamW([p, p]), bad);
  assert.throws(() => new AdamW([mul(tensor([1], undefined, { requiresGrad: true }), 2)]), bad);
});

test('warm-up then cosine / linear decay, as Hugging Face schedules', async () => {
  const cos = warmupCosine({ warmupSteps: 10, totalSteps: 110 });
  assert.deepEqual([cos(0), cos(5), cos(10), cos(110), cos(500)], [0, 0.5, 1, 0, 0]);
  assert.ok(Math.abs(cos(60) - 0.5) < 1e-12);
  const lin = warmupLinear({ warmupSteps: 0, totalSteps: 100, minRatio: 0.1 });
  assert.deepEqual([lin(0), lin(50), lin(100)], [1, 0.55, 0.1]);
  assert.throws(() => warmupCosine({ warmupSteps: 5, totalSteps: 2 }), AttnError);
});

test('LRScheduler sets lr = initial × schedule(step), step 0 at construction (LambdaLR)', async () => {
  const p = zeros([1], { requiresGrad: true });
  const opt = new AdamW([{ params: [p], lr: 0.2 }], { lr: 0.1 });
  const sched = new LRScheduler(opt, warmupLinear({ warmupSteps: 4, totalSteps: 8 }));
  assert.deepEqual(sched.lastLr, [0]);
  sched.step();
  sched.step();
  assert.deepEqual(sched.lastLr, [0.1]);
});

test('the fused adam kernel and the composed reference (adamComposed) agree, Adam and AdamW, 20 steps', async () => {
  const { randn, Rng, adamComposed, noGrad } = await import('../../src/index.js');
  for (const decoupled of [false, true]) {
    const rng = new Rng(decoupled ? 2 : 1);
    const p0 = randn([7, 5], rng), m0 = zeros([7, 5]), v0 = zeros([7, 5]);
    const [p1, m1, v1] = await Promise.all([p0, m0, v0].map(async (t) => tensor(await t.data(), t.shape)));
    const fused = p0.backend.fused.adam!;
    for (let t = 1; t <= 20; t++) {
      const g = randn([7, 5], rng);
      const step = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, lrDecay: decoupled ? 0.01 * 0.1 : 0, l2: decoupled ? 0 : 0.1, bc1: 1 - 0.9 ** t, bc2: 1 - 0.999 ** t };
      fused(p0, g, m0, v0, step);
      noGrad(() => tidy(() => adamComposed(p1, g, m1, v1, step)));
    }
    assertClose(await p1.data(), await p0.data(), { atol: 1e-6, rtol: 1e-5, name: decoupled ? 'AdamW p' : 'Adam p' });
    assertClose(await v1.data(), await v0.data(), { atol: 1e-9, rtol: 1e-5, name: 'v' });
  }
});
