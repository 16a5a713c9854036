// The gradient check can fail: ops with a deliberately wrong backward (a softmax without its −Σ g·y term, a mul
// whose second gradient uses the wrong factor, a gradient 3 % too large) must be reported, in float64 and in
// float32, element by element and along random directions, on the backend under test; the right backwards of the same ops pass beside them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mul } from '../../src/index.js';
import { sumTo } from '../../src/ops/broadcast.js';
import { softmaxOp } from '../../src/ops/softmax.js';
import { mulOp } from '../../src/ops/arithmetic.js';
import { gradcheckOpAsync } from '../../src/testing/index.js';
import type { OpDef } from '../../src/ops/define.js';
import { needsFloat64 } from '../_backend-caps.js';

type Def = OpDef<any, any>;
/** `op` with another backward; not passed through defineOp, so it does not join the registry the op suite checks. */
const withBackward = (op: Def, backward: Def['backward']): Def => ({ ...op, backward });
const wrong: [string, Def][] = [
  // dx = y·g: the term −y·Σ g·y dropped
  ['softmax without −Σ g·y', withBackward(softmaxOp, ({ out: y }, g) => [mul(y, g)])],
  // d/db = g·b instead of g·a (summed over the broadcast rows: mul's sample has b (3) against a (2, 3))
  ['mul, gradient of b from b', withBackward(mulOp, ({ inputs: [a, b] }, g) => [sumTo(mul(g, b), a.shape), sumTo(mul(g, b), b.shape)])],
  // the right gradient, 3 % too large: the tolerance of the float32 check is tighter than that
  ['softmax gradient × 1.03', withBackward(softmaxOp, (ctx, g) => softmaxOp.backward(ctx, g).map((d) => d && mul(d, 1.03)))],
];

// Element by element, and along three random directions (the cheaper check for large inputs on a slow device).
for (const [mode, extra] of [['every element', {}], ['3 random projections', { projections: 3 }]] as const) {
  for (const dtype of ['float64', 'float32'] as const) {
    const opts = dtype === 'float64' ? needsFloat64() : {};
    for (const [what, op] of wrong) {
      test(`the ${dtype} check (${mode}) reports a wrong backward: ${what}`, opts, async () => {
        const r = await gradcheckOpAsync(op, 0, dtype, extra);
        assert.equal(r.ok, false, `${what} passed: ${r.message}`);
        assert.match(r.message, /gradient mismatch[^]*analytic .* vs numeric/);
      });
    }
    test(`the ${dtype} check (${mode}) passes the right backwards of the same ops`, opts, async () => {
      for (const op of [softmaxOp, mulOp]) {
        const r = await gradcheckOpAsync(op, 0, dtype, extra);
        assert.ok(r.ok, `${op.name}: ${r.message}`);
      }
    });
  }
}
