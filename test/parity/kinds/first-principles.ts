// Parity check for `first_principles` fixtures: parameter-free self-attention, scaled and unscaled.
import { selfAttention } from '../../../src/index.js';
import { fromFixture, assertClose, type FixtureTensor } from '../../../src/testing/index.js';
import { TOL } from './tolerance.js';

type Part = { scores: FixtureTensor; weights: FixtureTensor; outputs: FixtureTensor };
export function checkFirstPrinciples(fx: { embeddings: FixtureTensor; scaled: Part; unscaled: Part }): void {
  const x = fromFixture(fx.embeddings);
  for (const scale of [false, true]) {
    const want = scale ? fx.scaled : fx.unscaled;
    const got = selfAttention(x, { scale });
    const tag = scale ? 'scaled' : 'unscaled';
    assertClose(got.scores, fromFixture(want.scores), { ...TOL, name: `${tag}.scores` });
    assertClose(got.weights, fromFixture(want.weights), { ...TOL, name: `${tag}.weights` });
    assertClose(got.outputs, fromFixture(want.outputs), { ...TOL, name: `${tag}.outputs` });
  }
}
