// Parity check for `scaled_dot_product_attention` fixtures: weights, outputs and grad_q/k/v of
// sum(outputs · grad_outputs), with the (B, S) key padding mask (1 = masked) and the causal flag.
import { scaledDotProductAttention, backward, sum, mul, reshape } from '../../../src/index.js';
import { fromFixture, assertClose, type FixtureTensor } from '../../../src/testing/index.js';
import { TOL } from './tolerance.js';

type Fx = Record<'q' | 'k' | 'v' | 'weights' | 'outputs' | 'grad_outputs' | 'grad_q' | 'grad_k' | 'grad_v', FixtureTensor> & {
  causal: boolean;
  key_padding_mask?: FixtureTensor;
};

export function checkSdpa(fx: Fx): void {
  const [q, k, v] = [fx.q, fx.k, fx.v].map((t) => {
    const x = fromFixture(t);
    x.requiresGrad = true;
    return x;
  });
  const [B, S] = [k.shape[0], k.shape[k.rank - 2]];
  const mask = fx.key_padding_mask ? reshape(fromFixture(fx.key_padding_mask), [B, 1, 1, S]) : null; // (B, 1, 1, S)
  const { outputs, weights } = scaledDotProductAttention(q, k, v, { mask, causal: fx.causal });
  assertClose(weights, fromFixture(fx.weights), { ...TOL, name: 'weights' });
  assertClose(outputs, fromFixture(fx.outputs), { ...TOL, name: 'outputs' });
  backward(sum(mul(outputs, fromFixture(fx.grad_outputs))));
  assertClose(q.grad!, fromFixture(fx.grad_q), { ...TOL, name: 'grad_q' });
  assertClose(k.grad!, fromFixture(fx.grad_k), { ...TOL, name: 'grad_k' });
  assertClose(v.grad!, fromFixture(fx.grad_v), { ...TOL, name: 'grad_v' });
}
