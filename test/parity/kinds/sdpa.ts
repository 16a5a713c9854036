// Parity check for `scaled_dot_product_attention` fixtures: weights, outputs and grad_q/k/v of
// sum(outputs · grad_outputs), with the (B, S) key padding mask (1 = masked) and the causal flag.
import { scaledDotProductAttention, backward, sum, mul, reshape } from '../../../src/index.js';
import { fromFixture, type FixtureTensor } from '../../../src/testing/index.js';
import { assertFixture } from './tolerance.js';

type Fx = Record<'q' | 'k' | 'v' | 'weights' | 'outputs' | 'grad_outputs' | 'grad_q' | 'grad_k' | 'grad_v', FixtureTensor> & {
  causal: boolean;
  key_padding_mask?: FixtureTensor;
};

export async function checkSdpa(fx: Fx): Promise<void> {
  const [q, k, v] = [fx.q, fx.k, fx.v].map((t) => {
    const x = fromFixture(t);
    x.requiresGrad = true;
    return x;
  });
  const [B, S] = [k.shape[0], k.shape[k.rank - 2]];
  const mask = fx.key_padding_mask ? reshape(fromFixture(fx.key_padding_mask), [B, 1, 1, S]) : null; // (B, 1, 1, S)
  const { outputs, weights } = scaledDotProductAttention(q, k, v, { mask, causal: fx.causal });
  await assertFixture(weights, fx.weights, 'weights');
  await assertFixture(outputs, fx.outputs, 'outputs');
  backward(sum(mul(outputs, fromFixture(fx.grad_outputs))));
  await assertFixture(q.grad!, fx.grad_q, 'grad_q');
  await assertFixture(k.grad!, fx.grad_k, 'grad_k');
  await assertFixture(v.grad!, fx.grad_v, 'grad_v');
}
