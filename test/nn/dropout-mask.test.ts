// The dropout op on the backend under test draws the host loop's mask (dropoutMaskHost: one Rng.uniform() per element,
// in order) bit for bit, whether the backend draws it with its own `dropoutMask` kernel (js, wasm, webgpu) or not
// (js-composed): several p, p near 0 and 1, sizes past one workgroup or work piece; and the generator ends in the
// same state, so the next draws are unchanged too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, full, dropout } from '../../src/index.js';
import { dropoutMaskHost } from '../../src/ops/dropout.js';
import { bestDtype } from '../_backend-caps.js';

const CASES: [number, number][] = [[0.1, 1], [0.1, 70001], [0.5, 4099], [1e-9, 3000], [0.999999, 3000], [0.25, 200000], [1, 513]];

test('dropout draws the host loop\'s mask on this backend, and leaves the generator where the host loop does', async () => {
  const dtype = bestDtype();
  for (const [p, n] of CASES) {
    const ones = full([n], 1, { dtype });
    const keep = p === 1 ? 0 : 1 / (1 - p);
    const a = new Rng(n), b = new Rng(n);
    const want = await dropoutMaskHost(ones, p, keep, a).data();
    const got = await dropout(ones, p, b).data();
    assert.equal(got.length, n);
    let differ = -1;
    for (let i = 0; i < n && differ < 0; i++) if (got[i] !== want[i]) differ = i;
    assert.equal(differ, -1, `p ${p}, n ${n}: element ${differ} is ${got[differ]}, the host loop's ${want[differ]}`);
    assert.equal(b.nextU32(), a.nextU32(), `the next draw after p ${p}, n ${n}`);
  }
});
