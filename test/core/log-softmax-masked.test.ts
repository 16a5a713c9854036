// logSoftmax on masked rows (README, "NaN policy"): a fully masked row (all −∞) gives −∞ = log 0 and a zero
// gradient, as softmax gives zeros; NaN still propagates; crossEntropy accepts masked logits. Values are read
// with `await t.data()`; float64 where the backend stores it, else float32 with tolerances to match (WebGPU).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, logSoftmax, softmax, maskedFill, crossEntropy, exp, sum, mul, backward, Rng, randn, type Tensor } from '../../src/index.js';
import { gradcheckAsync, assertCloseAsync } from '../../src/testing/index.js';
import { bestDtype } from '../_backend-caps.js';

const f64 = { dtype: bestDtype() };
/** Agreement with a hand-worked value: float64 nearly exact, float32 to its rounding. */
const TIGHT = f64.dtype === 'float64' ? 1e-12 : 1e-6;
const arr = async (t: Tensor) => Array.from(await t.data());
const item = async (t: Tensor) => (await t.data())[0];
const NI = -Infinity;

test('logSoftmax: a fully masked row is all −∞ (never NaN); a partly masked row keeps −∞ where masked', async () => {
  for (const dtype of new Set(['float32', f64.dtype] as const)) {
    const y = await arr(logSoftmax(tensor([[NI, NI, NI], [0, NI, 0], [1, 2, 3]], undefined, { dtype })));
    assert.deepEqual(y.slice(0, 3), [NI, NI, NI], `${dtype}: ${y}`);
    assert.equal(y[4], NI);
    assert.ok(Math.abs(y[3] - Math.log(0.5)) < 1e-6 && Math.abs(y[5] - Math.log(0.5)) < 1e-6, `${dtype}: ${y}`);
    assert.ok(!y.some(Number.isNaN), `${dtype}: NaN in ${y}`);
    // exp(logSoftmax) is softmax, masked rows included (softmax gives zeros there)
    const x = tensor([[NI, NI], [3, NI], [0.5, -1]], undefined, { dtype });
    await assertCloseAsync(exp(logSoftmax(x)), softmax(x), { atol: 1e-6 });
  }
  // along another axis: a fully masked column
  const c = await arr(logSoftmax(tensor([[NI, 0], [NI, 0]]), 0));
  assert.deepEqual(c.map((v) => (v === NI ? 'inf' : Math.abs(v - Math.log(0.5)) < 1e-6)), ['inf', true, 'inf', true]);
});

test('logSoftmax: NaN is not a mask — a row holding NaN stays NaN', async () => {
  const y = await arr(logSoftmax(tensor([[NaN, NaN], [1, NaN], [0, 0]])));
  assert.ok(y.slice(0, 4).every(Number.isNaN), `${y}`);
  assert.ok(Math.abs(y[4] - Math.log(0.5)) < 1e-6);
});

test('logSoftmax backward: zero for −∞ entries and fully masked rows; g − p·Σ g over the live entries', async () => {
  const x = tensor([[NI, NI, NI], [1, NI, 2]], undefined, { ...f64, requiresGrad: true });
  backward(logSoftmax(x), tensor([[1, 2, 3], [4, 5, 6]], undefined, f64)); // a gradient also on the −∞ outputs
  const g = await arr(x.grad!);
  assert.ok(g.every(Number.isFinite), `${g}`);
  assert.deepEqual(g.slice(0, 3), [0, 0, 0]);
  assert.equal(g[4], 0);
  const p1 = 1 / (1 + Math.E), p2 = Math.E / (1 + Math.E); // softmax([1, 2]); Σ g' = 4 + 6 (the 5 is dropped)
  assert.ok(Math.abs(g[3] - (4 - p1 * 10)) < TIGHT && Math.abs(g[5] - (6 - p2 * 10)) < TIGHT, `${g}`);
});

test('logSoftmax after maskedFill(−∞): finite differences match on every finite output, masked rows included', async () => {
  const m = tensor([[0, 1, 0, 0], [1, 1, 1, 1], [0, 0, 0, 1]], undefined, f64);
  // the −∞ outputs are replaced by 0 so that the finite-difference loss is finite
  const f = (t: Tensor) => { const y = logSoftmax(maskedFill(t, m, NI)); return maskedFill(y, m, 0); };
  const r = await gradcheckAsync(f, [randn([3, 4], new Rng(3), f64)]);
  assert.ok(r.ok, r.message);
  const s = await gradcheckAsync((t) => exp(logSoftmax(maskedFill(t, m, NI))), [randn([3, 4], new Rng(4), f64)]);
  assert.ok(s.ok, s.message);
});

test('crossEntropy with masked logits: a masked non-target class adds nothing (PyTorch); a masked target is +∞', async () => {
  const x = tensor([[2, NI, 0], [1, 1, NI]], undefined, { ...f64, requiresGrad: true });
  const loss = crossEntropy(x, [0, 1], { reduction: 'none' });
  const l = await arr(loss);
  const want0 = -(2 - Math.log(Math.exp(2) + 1)), want1 = Math.log(2);
  assert.ok(Math.abs(l[0] - want0) < TIGHT && Math.abs(l[1] - want1) < TIGHT, `${l}`);
  backward(sum(loss));
  assert.ok((await arr(x.grad!)).every(Number.isFinite), `${await arr(x.grad!)}`);
  assert.deepEqual(await arr(crossEntropy(tensor([[0, NI]]), [1], { reduction: 'none' })), [Infinity]);
  assert.deepEqual(await arr(crossEntropy(tensor([[NI, NI]]), [0], { reduction: 'none' })), [Infinity]);
  // with label smoothing every class has a target weight, so a masked class makes the loss +∞ (not NaN)
  assert.deepEqual(await arr(crossEntropy(tensor([[0, NI]]), [0], { reduction: 'none', labelSmoothing: 0.1 })), [Infinity]);
  // finite logits are unchanged: the loss equals −Σ w·logSoftmax
  const z = randn([2, 3], new Rng(1), f64);
  const ce = await item(crossEntropy(z, [2, 0]));
  const ref = -(await item(sum(mul(logSoftmax(z), tensor([[0, 0, 1], [1, 0, 0]], undefined, f64))))) / 2;
  assert.ok(Math.abs(ce - ref) < TIGHT);
});
