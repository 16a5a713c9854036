// Parity check for `transformer_encoder_layer` fixtures (torch.nn.TransformerEncoderLayer, batch_first, dropout 0):
// post- and pre-norm outputs, grad_x and every parameter gradient by PyTorch name. Optional fields written by
// test/parity/make_extra_fixtures.py: `activation`, `causal`, `src_key_padding_mask`, `layer_norm_eps`.
import { TransformerEncoderLayer, backward, sum, mul, type Tensor, type Activation } from '../../../src/index.js';
import { fromFixture, type FixtureTensor } from '../../../src/testing/index.js';
import { assertFixture } from './tolerance.js';

type Fx = {
  d_model: number; nhead: number; dim_feedforward: number; norm_first: boolean;
  activation?: Activation; causal?: boolean; layer_norm_eps?: number; src_key_padding_mask?: FixtureTensor;
  x: FixtureTensor; outputs: FixtureTensor; grad_outputs: FixtureTensor; grad_x: FixtureTensor;
  params: Record<string, FixtureTensor>; grads: Record<string, FixtureTensor>;
};

export async function checkEncoderLayer(fx: Fx): Promise<void> {
  const layer = new TransformerEncoderLayer(fx.d_model, fx.nhead, {
    dimFeedforward: fx.dim_feedforward, normFirst: fx.norm_first, dropout: 0,
    activation: fx.activation ?? 'relu', layerNormEps: fx.layer_norm_eps ?? 1e-5,
  });
  layer.loadStateDict(new Map(Object.entries(fx.params).map(([name, t]): [string, Tensor] => [name, fromFixture(t)])));
  const x = fromFixture(fx.x);
  x.requiresGrad = true;
  const y = layer.forward(x, {
    causal: fx.causal ?? false,
    srcKeyPaddingMask: fx.src_key_padding_mask ? fromFixture(fx.src_key_padding_mask) : null,
  });
  await assertFixture(y, fx.outputs, 'outputs');
  backward(sum(mul(y, fromFixture(fx.grad_outputs))));
  await assertFixture(x.grad!, fx.grad_x, 'grad_x');
  for (const [name, p] of layer.namedParameters()) {
    const want = fx.grads[`grad_${name}`];
    if (!want) throw new Error(`fixture has no grad_${name}`);
    await assertFixture(p.grad!, want, `grad ${name}`);
  }
}
