// Parity check for `multihead_attention` fixtures (torch.nn.MultiheadAttention, batch_first, self-attention):
// outputs, averaged and per-head weights, grad_x and every parameter gradient, with or without biases.
import { MultiheadAttention, backward, sum, mul, type Tensor } from '../../../src/index.js';
import { fromFixture, type FixtureTensor } from '../../../src/testing/index.js';
import { assertFixture } from './tolerance.js';

type Fx = Record<string, FixtureTensor> & { embed_dim: number; num_heads: number; bias: boolean; causal: boolean };

// fixture field -> PyTorch parameter name
const PARAMS = { in_proj_weight: 'in_proj_weight', in_proj_bias: 'in_proj_bias', out_proj_weight: 'out_proj.weight', out_proj_bias: 'out_proj.bias' };

export async function checkMha(fx: Fx): Promise<void> {
  const mha = new MultiheadAttention(fx.embed_dim, fx.num_heads, { bias: fx.bias });
  const state = new Map<string, Tensor>();
  for (const [field, name] of Object.entries(PARAMS)) if (fx[field]) state.set(name, fromFixture(fx[field]));
  mha.loadStateDict(state); // strict: a bias-free fixture must meet a bias-free layer
  const x = fromFixture(fx.x);
  x.requiresGrad = true;
  const opts = { keyPaddingMask: fx.key_padding_mask ? fromFixture(fx.key_padding_mask) : null, causal: fx.causal };
  const avg = mha.forward(x, x, x, { ...opts, needWeights: true, averageAttnWeights: true });
  const perHead = mha.forward(x, x, x, { ...opts, needWeights: true, averageAttnWeights: false });
  await assertFixture(avg.outputs, fx.outputs, 'outputs');
  await assertFixture(avg.weights!, fx.weights_averaged, 'weights_averaged');
  await assertFixture(perHead.weights!, fx.weights_per_head, 'weights_per_head');
  backward(sum(mul(avg.outputs, fromFixture(fx.grad_outputs))));
  await assertFixture(x.grad!, fx.grad_x, 'grad_x');
  const params = mha.namedParameters();
  for (const [field, name] of Object.entries(PARAMS)) {
    if (!fx[field]) continue;
    await assertFixture(params.get(name)!.grad!, fx[`grad_${field}`], `grad_${field}`);
  }
}
