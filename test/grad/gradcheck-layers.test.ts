// Finite-difference gradient checks (float64; float32 on a backend without it) of the composites in nn/ and ops/ that have no backward of
// their own: layerNorm, dropout with a fixed mask, RoPE, attention with masks and bias, and whole modules
// (MultiheadAttention, encoder layers, a positional encoder stack) with respect to input and every parameter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Rng, randn, tensor, sum, mul, backward, noGrad, tidy, zeroGrad, reshape, dropout, layerNorm, applyRope, alibiBias,
  scaledDotProductAttention, MultiheadAttention, TransformerEncoderLayer, TransformerEncoder, Embedding,
  type Tensor, type Module,
} from '../../src/index.js';
import { gradcheckAsync, setValue } from '../../src/testing/index.js';
import { bestDtype } from '../_backend-caps.js';

/** float64 where the backend stores it; float32 on a GPU, with the check's float32 step and tolerances. */
const f64 = { dtype: bestDtype() };
/** On a float32-only backend (a GPU; on SwiftShader each evaluation costs milliseconds): large inputs are checked
 *  along 4 random directions, and module parameters at 4 seeded elements per tensor, not every element. */
const SLOW = f64.dtype === 'float32' ? { projections: 4 } : {};

test('layerNorm: x, weight and bias', async () => {
  const rng = new Rng(1);
  const r = await gradcheckAsync((x, w, b) => layerNorm(x, w, b), [randn([2, 3, 5], rng, f64), randn([5], rng, f64), randn([5], rng, f64)]);
  assert.ok(r.ok, r.message);
});

test('dropout with a fixed mask (the same seed each call), and p = 0', async () => {
  const x = randn([4, 6], new Rng(2), f64);
  const r = await gradcheckAsync((t) => dropout(t, 0.3, new Rng(5)), [x]);
  assert.ok(r.ok, r.message);
  assert.equal(dropout(x, 0, new Rng(5)), x);
});

test('RoPE, half-split and interleaved', async () => {
  for (const interleaved of [false, true]) {
    const r = await gradcheckAsync((t) => applyRope(t, { interleaved, offset: 2 }), [randn([2, 3, 4, 6], new Rng(3), f64)]);
    assert.ok(r.ok, `interleaved=${interleaved}: ${r.message}`);
  }
});

test('scaled dot-product attention with causal + padding mask, a bias and a fully masked row', async () => {
  const rng = new Rng(4);
  const mask = reshape(tensor([[0, 0, 0, 1, 1], [1, 1, 1, 1, 1]], undefined, f64), [2, 1, 1, 5]); // batch 1: all keys masked
  const bias = alibiBias(3, 4, 5, f64.dtype);
  const fn = (q: Tensor, k: Tensor, v: Tensor) => scaledDotProductAttention(q, k, v, { mask, causal: true, bias }).outputs;
  const r = await gradcheckAsync(fn, [randn([2, 3, 4, 6], rng, f64), randn([2, 3, 5, 6], rng, f64), randn([2, 3, 5, 2], rng, f64)], SLOW);
  assert.ok(r.ok, r.message);
});

/** Central differences on every element of the input and of every parameter of `m` (step and tolerance of the
 *  dtype: float64 tight; float32 as gradcheck's float32 defaults). */
async function checkModule(m: Module, x: Tensor, f: (x: Tensor) => Tensor): Promise<void> {
  const [h, atol, rtol] = f64.dtype === 'float64' ? [1e-6, 1e-5, 1e-4] : [1e-2, 2e-3, 1e-2];
  const w = noGrad(() => randn(f(x).shape, new Rng(9), f64));
  const loss = () => sum(mul(f(x), w));
  const lossValue = async () => {
    const l = tidy(() => noGrad(loss)); // a GPU's buffers are not garbage-collected: free each evaluation's
    const v = (await l.data())[0];
    l.dispose();
    return v;
  };
  x.requiresGrad = true;
  zeroGrad([x, ...m.parameters()]);
  backward(loss());
  const named: [string, Tensor][] = [['input', x], ...m.namedParameters()];
  const pick = new Rng(10);
  for (const [name, p] of named) {
    if (!p.requiresGrad) continue;
    const values = await p.data(), analytic = p.grad ? await p.grad.data() : new Float32Array(p.size);
    const all = [...values.keys()], at = 'projections' in SLOW ? pick.shuffle(all).slice(0, 4) : all;
    for (const i of at) {
      setValue(p, i, values[i] + h);
      const up = await lossValue();
      setValue(p, i, values[i] - h);
      const down = await lossValue();
      setValue(p, i, values[i]);
      const numeric = (up - down) / (2 * h);
      assert.ok(Math.abs(numeric - analytic[i]) <= atol + rtol * Math.abs(numeric), `${name}[${i}] (${f64.dtype}): analytic ${analytic[i]} vs numeric ${numeric}`);
    }
  }
}

test('MultiheadAttention: input and all parameters, with padding + causal, with and without bias', async () => {
  for (const bias of [true, false]) {
    const rng = new Rng(6);
    const mha = new MultiheadAttention(6, 2, { bias, rng, dtype: f64.dtype });
    for (const p of mha.parameters()) {
      const v = await p.data();
      for (let i = 0; i < p.size; i++) setValue(p, i, v[i] + 0.1 * rng.normal()); // non-zero biases
    }
    const pad = tensor([[0, 0, 0, 1], [0, 0, 0, 0]], undefined, f64);
    await checkModule(mha, randn([2, 4, 6], rng, f64), (x) => mha.forward(x, x, x, { keyPaddingMask: pad, causal: true }).outputs);
  }
});

test('TransformerEncoderLayer post- and pre-norm, GELU: input and all parameters', async () => {
  for (const normFirst of [false, true]) {
    const rng = new Rng(7);
    const layer = new TransformerEncoderLayer(4, 2, { dimFeedforward: 6, dropout: 0, activation: 'gelu', normFirst, rng, dtype: f64.dtype });
    await checkModule(layer, randn([2, 3, 4], rng, f64), (x) => layer.forward(x));
  }
});

test('TransformerEncoder with learned positions, RoPE and ALiBi: input and all parameters', async () => {
  for (const positional of ['learned', 'rope', 'alibi'] as const) {
    const rng = new Rng(8);
    const enc = new TransformerEncoder(4, 2, 1, { dimFeedforward: 4, dropout: 0, activation: 'gelu', positional, maxLen: 5, norm: true, rng, dtype: f64.dtype });
    await checkModule(enc, randn([1, 3, 4], rng, f64), (x) => enc.forward(x));
  }
});

test('Embedding: a trainable table gets row gradients summed over repeated ids', async () => {
  const emb = new Embedding(5, 3, { rng: new Rng(1), dtype: f64.dtype });
  const w = randn([2, 3, 3], new Rng(2), f64);
  backward(sum(mul(emb.forward([[1, 4, 1], [0, 1, 2]]), w)));
  const g = await emb.weight.grad!.data(), wd = await w.data();
  for (let c = 0; c < 3; c++) {
    assert.ok(Math.abs(g[3 + c] - (wd[c] + wd[6 + c] + wd[12 + c])) < 1e-6); // id 1 at three places
    assert.equal(g[9 + c], 0); // id 3 unused
  }
});
