// Finite-difference gradient checks (float64) of the composites in nn/ and ops/ that have no backward of
// their own: layerNorm, dropout with a fixed mask, RoPE, attention with masks and bias, and whole modules
// (MultiheadAttention, encoder layers, a positional encoder stack) with respect to input and every parameter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Rng, randn, tensor, sum, mul, backward, noGrad, zeroGrad, reshape, dropout, layerNorm, applyRope, alibiBias,
  scaledDotProductAttention, MultiheadAttention, TransformerEncoderLayer, TransformerEncoder, Embedding,
  type Tensor, type Module,
} from '../../src/index.js';
import { gradcheck, setValue } from '../../src/testing/index.js';

const f64 = { dtype: 'float64' as const };

test('layerNorm: x, weight and bias', () => {
  const rng = new Rng(1);
  const r = gradcheck((x, w, b) => layerNorm(x, w, b), [randn([2, 3, 5], rng, f64), randn([5], rng, f64), randn([5], rng, f64)]);
  assert.ok(r.ok, r.message);
});

test('dropout with a fixed mask (the same seed each call), and p = 0', () => {
  const x = randn([4, 6], new Rng(2), f64);
  const r = gradcheck((t) => dropout(t, 0.3, new Rng(5)), [x]);
  assert.ok(r.ok, r.message);
  assert.equal(dropout(x, 0, new Rng(5)), x);
});

test('RoPE, half-split and interleaved', () => {
  for (const interleaved of [false, true]) {
    const r = gradcheck((t) => applyRope(t, { interleaved, offset: 2 }), [randn([2, 3, 4, 6], new Rng(3), f64)]);
    assert.ok(r.ok, `interleaved=${interleaved}: ${r.message}`);
  }
});

test('scaled dot-product attention with causal + padding mask, a bias and a fully masked row', () => {
  const rng = new Rng(4);
  const mask = reshape(tensor([[0, 0, 0, 1, 1], [1, 1, 1, 1, 1]], undefined, f64), [2, 1, 1, 5]); // batch 1: all keys masked
  const bias = alibiBias(3, 4, 5, 'float64');
  const fn = (q: Tensor, k: Tensor, v: Tensor) => scaledDotProductAttention(q, k, v, { mask, causal: true, bias }).outputs;
  const r = gradcheck(fn, [randn([2, 3, 4, 6], rng, f64), randn([2, 3, 5, 6], rng, f64), randn([2, 3, 5, 2], rng, f64)]);
  assert.ok(r.ok, r.message);
});

/** Central differences on every element of the input and of every parameter of `m`. */
function checkModule(m: Module, x: Tensor, f: (x: Tensor) => Tensor, tol = 1e-5): void {
  const w = noGrad(() => randn(f(x).shape, new Rng(9), f64));
  const loss = () => sum(mul(f(x), w));
  x.requiresGrad = true;
  zeroGrad([x, ...m.parameters()]);
  backward(loss());
  const named: [string, Tensor][] = [['input', x], ...m.namedParameters()];
  for (const [name, p] of named) {
    if (!p.requiresGrad) continue;
    for (let i = 0; i < p.size; i++) {
      const orig = p.dataSync()[i];
      setValue(p, i, orig + 1e-6);
      const up = noGrad(() => loss().item());
      setValue(p, i, orig - 1e-6);
      const down = noGrad(() => loss().item());
      setValue(p, i, orig);
      const numeric = (up - down) / 2e-6, analytic = p.grad ? p.grad.dataSync()[i] : 0;
      assert.ok(Math.abs(numeric - analytic) <= tol + 1e-4 * Math.abs(numeric), `${name}[${i}]: analytic ${analytic} vs numeric ${numeric}`);
    }
  }
}

test('MultiheadAttention: input and all parameters, with padding + causal, with and without bias', () => {
  for (const bias of [true, false]) {
    const rng = new Rng(6);
    const mha = new MultiheadAttention(6, 2, { bias, rng, dtype: 'float64' });
    for (const p of mha.parameters()) for (let i = 0; i < p.size; i++) setValue(p, i, p.dataSync()[i] + 0.1 * rng.normal()); // non-zero biases
    const pad = tensor([[0, 0, 0, 1], [0, 0, 0, 0]], undefined, f64);
    checkModule(mha, randn([2, 4, 6], rng, f64), (x) => mha.forward(x, x, x, { keyPaddingMask: pad, causal: true }).outputs);
  }
});

test('TransformerEncoderLayer post- and pre-norm, GELU: input and all parameters', () => {
  for (const normFirst of [false, true]) {
    const rng = new Rng(7);
    const layer = new TransformerEncoderLayer(4, 2, { dimFeedforward: 6, dropout: 0, activation: 'gelu', normFirst, rng, dtype: 'float64' });
    checkModule(layer, randn([2, 3, 4], rng, f64), (x) => layer.forward(x));
  }
});

test('TransformerEncoder with learned positions, RoPE and ALiBi: input and all parameters', () => {
  for (const positional of ['learned', 'rope', 'alibi'] as const) {
    const rng = new Rng(8);
    const enc = new TransformerEncoder(4, 2, 1, { dimFeedforward: 4, dropout: 0, activation: 'gelu', positional, maxLen: 5, norm: true, rng, dtype: 'float64' });
    checkModule(enc, randn([1, 3, 4], rng, f64), (x) => enc.forward(x));
  }
});

test('Embedding: a trainable table gets row gradients summed over repeated ids', () => {
  const emb = new Embedding(5, 3, { rng: new Rng(1), dtype: 'float64' });
  const w = randn([2, 3, 3], new Rng(2), f64);
  backward(sum(mul(emb.forward([[1, 4, 1], [0, 1, 2]]), w)));
  const g = emb.weight.grad!.dataSync(), wd = w.dataSync();
  for (let c = 0; c < 3; c++) {
    assert.ok(Math.abs(g[3 + c] - (wd[c] + wd[6 + c] + wd[12 + c])) < 1e-12); // id 1 at three places
    assert.equal(g[9 + c], 0); // id 3 unused
  }
});
