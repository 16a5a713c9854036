// Losses against PyTorch (fixtures from scripts/fixtures/make_train_fixtures.py), gradient checks of the
// compositions, and the error cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crossEntropy, binaryCrossEntropyWithLogits, mseLoss, backward, tensor, randn, Rng, AttnError } from '../../src/index.js';
import { fromFixture, assertClose, gradcheckAsync } from '../../src/testing/index.js';
import { bestDtype } from '../_backend-caps.js';
import { checkCrossEntropy } from '../parity/kinds/cross-entropy.js';
import { TOL } from '../parity/kinds/tolerance.js';
import { trainFixtures } from './_fixtures.js';

for (const [f, fx] of trainFixtures('cross_entropy_')) {
  test(`crossEntropy matches PyTorch: ${f} (ignore ${fx.ignore_index}, smoothing ${fx.label_smoothing}, ${fx.reduction})`, () => checkCrossEntropy(fx));
}

test('binaryCrossEntropyWithLogits matches PyTorch, also with posWeight and |x| ≈ 30', async () => {
  const [[, fx]] = trainFixtures('bce_with_logits');
  for (const c of fx.cases) {
    const x = fromFixture(c.logits);
    x.requiresGrad = true;
    const loss = binaryCrossEntropyWithLogits(x, fromFixture(c.targets), { posWeight: c.pos_weight ? fromFixture(c.pos_weight) : undefined });
    assertClose(await loss.data(), [c.loss], { ...TOL, name: 'loss' });
    backward(loss);
    assertClose(await x.grad!.data(), await fromFixture(c.grad_logits).data(), { ...TOL, name: 'grad_logits' });
  }
});

test('mseLoss matches PyTorch', async () => {
  const [[, fx]] = trainFixtures('mse');
  const x = fromFixture(fx.input);
  x.requiresGrad = true;
  const loss = mseLoss(x, fromFixture(fx.target));
  assertClose(await loss.data(), [fx.loss], { ...TOL, name: 'loss' });
  backward(loss);
  assertClose(await x.grad!.data(), await fromFixture(fx.grad_input).data(), { ...TOL, name: 'grad_input' });
});

test('the loss compositions pass finite-difference gradient checks (every reduction; float64 where stored)', async () => {
  const rng = new Rng(3), dtype = bestDtype();
  const x = randn([5, 4], rng, { dtype });
  const y = randn([5, 4], rng, { dtype });
  const target = [3, -100, 0, 2, 1];
  for (const reduction of ['mean', 'sum', 'none'] as const) {
    const checks = [
      await gradcheckAsync((l) => crossEntropy(l, target, { labelSmoothing: 0.2, reduction }), [x]),
      await gradcheckAsync((l) => binaryCrossEntropyWithLogits(l, y, { posWeight: 1.5, reduction }), [x]),
      await gradcheckAsync((a, b) => mseLoss(a, b, { reduction }), [x, y]),
    ];
    for (const r of checks) assert.ok(r.ok, `${reduction}: ${r.message}`);
  }
});

test('crossEntropy: every target ignored gives 0 and a zero gradient (PyTorch gives NaN)', async () => {
  const x = tensor([[1, 2], [3, 4]], undefined, { requiresGrad: true });
  const loss = crossEntropy(x, [-100, -100]);
  assert.equal((await loss.data())[0], 0);
  backward(loss);
  assert.deepEqual(Array.from(await x.grad!.data()), [0, 0, 0, 0]);
});

test('crossEntropy takes (B, T, V) logits with B·T targets', async () => {
  const x = randn([2, 3, 4], new Rng(1));
  const [flat] = await crossEntropy(tensor(await x.data(), [6, 4]), [0, 1, 2, 3, 0, 1]).data();
  assert.ok(Math.abs((await crossEntropy(x, [0, 1, 2, 3, 0, 1]).data())[0] - flat) < 1e-7);
});

test('losses reject bad targets, shapes and options with E_INPUT / E_SHAPE', async () => {
  const x = tensor([[1, 2, 3]]);
  const code = (c: string) => (e: unknown) => e instanceof AttnError && e.code === c;
  assert.throws(() => crossEntropy(x, [3]), code('E_INPUT'));
  assert.throws(() => crossEntropy(x, [1.5]), code('E_INPUT'));
  assert.throws(() => crossEntropy(x, [0, 1]), code('E_SHAPE'));
  assert.throws(() => crossEntropy(x, [0], { labelSmoothing: 1.5 }), code('E_INPUT'));
  assert.throws(() => crossEntropy(x, [0], { reduction: 'avg' as 'mean' }), code('E_INPUT'));
  assert.throws(() => binaryCrossEntropyWithLogits(x, tensor([1, 0, 1])), code('E_SHAPE'));
  assert.throws(() => mseLoss(x, tensor([1, 0, 1])), code('E_SHAPE'));
});
