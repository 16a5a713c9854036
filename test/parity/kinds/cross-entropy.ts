// Parity check for `cross_entropy` fixtures: loss and gradient of the logits. Optional fields (written by
// scripts/fixtures/make_train_fixtures.py): ignore_index, label_smoothing, reduction ('none' stores the loss per row
// and the gradient of their sum).
import { crossEntropy, backward, sum, type Reduction } from '../../../src/index.js';
import { fromFixture, assertClose, isFixtureTensor, type FixtureTensor } from '../../../src/testing/index.js';
import { TOL } from './tolerance.js';

export interface CrossEntropyFixture {
  logits: FixtureTensor;
  target: number[];
  loss: number | FixtureTensor;
  grad_logits: FixtureTensor;
  ignore_index?: number;
  label_smoothing?: number;
  reduction?: Reduction;
}

export async function checkCrossEntropy(fx: CrossEntropyFixture): Promise<void> {
  const logits = fromFixture(fx.logits);
  logits.requiresGrad = true;
  const loss = crossEntropy(logits, fx.target, { ignoreIndex: fx.ignore_index, labelSmoothing: fx.label_smoothing, reduction: fx.reduction });
  assertClose(await loss.data(), isFixtureTensor(fx.loss) ? fx.loss.data : [fx.loss], { ...TOL, name: 'loss' });
  backward(loss.size === 1 ? loss : sum(loss));
  assertClose(await logits.grad!.data(), await fromFixture(fx.grad_logits).data(), { ...TOL, name: 'grad_logits' });
}
