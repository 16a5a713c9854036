// Parity check for `first_principles` fixtures: parameter-free self-attention, scaled and unscaled.
import { selfAttention } from '../../../src/index.js';
import { fromFixture, assertClose, type FixtureTensor } from '../../../src/testing/index.js';
import { TOL } from './tolerance.js';

type Part = { scores: FixtureTensor; weights: FixtureTensor; outputs: FixtureTensor };
export async function checkFirstPrinciples(fx: { embeddings: FixtureTensor; scaled: Part; unscaled: Part }): Promise<void> {
  const x = fromFixture(fx.embeddings);
  for (const scale of [false, true]) {
    const want = scale ? fx.scaled : fx.unscaled;
    const got = await selfAttention(x, { scale });
    const tag = scale ? 'scaled' : 'unscaled';
    for (const k of ['scores', 'weights', 'outputs'] as const) assertClose(await got[k].data(), await fromFixture(want[k]).data(), { ...TOL, name: `${tag}.${k}` });
  }
}
