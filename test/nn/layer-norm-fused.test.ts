// The layerNorm op (one fused kernel forward and backward where the backend has it) against its composed reference
// (layerNormComposed: mean, sub, mul, sqrt, div with autograd through them) on the backend under test: outputs and
// the gradients of x, weight and bias over odd widths, C = 1, a width past one workgroup (300), rank 1, without
// weight or bias, a constant row; the module on the op; clear errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Rng, randn, tensor, full, layerNorm, layerNormComposed, LayerNorm, backward, sum, mul, getBackend, AttnError, type Tensor, type DType,
} from '../../src/index.js';
import { compareCloseAsync } from '../../src/testing/index.js';
import { bestDtype } from '../_backend-caps.js';

const dtype = bestDtype();
/** float64: rounding only; float32: sums over ≤ 300 values in another order (a workgroup's tree, SIMD lanes). */
const TOLS = { float64: { atol: 1e-12, rtol: 1e-10 }, float32: { atol: 2e-5, rtol: 1e-4 } };
const TOL = TOLS[dtype];
/** float64 where stored (wasm runs it on the js kernel), and float32, the dtype of the wasm and webgpu kernels. */
const dtypes = dtype === 'float64' ? (['float64', 'float32'] as const) : (['float32'] as const);

/** Values and gradients of f(x, weight, bias) under a fixed output weighting; fresh leaves each time. */
async function run(f: (x: Tensor, w: Tensor | null, b: Tensor | null) => Tensor, inputs: (Tensor | null)[], dtype: DType) {
  const leaves: (Tensor | null)[] = [];
  for (const t of inputs) leaves.push(t && tensor(await t.data(), t.shape, { dtype, requiresGrad: true }));
  const out = f(leaves[0]!, leaves[1], leaves[2]);
  const w = tensor(Float64Array.from({ length: out.size }, (_, i) => Math.sin(i * 0.37) + 0.5), out.shape, { dtype });
  backward(sum(mul(out, w)));
  return { out, grads: leaves.map((l) => l?.grad ?? null) };
}

const cases: { name: string; shape: number[]; weight: boolean; bias: boolean }[] = [
  { name: '(2, 3, 5) with weight and bias', shape: [2, 3, 5], weight: true, bias: true },
  { name: 'odd width 7, weight only', shape: [4, 7], weight: true, bias: false },
  { name: 'C = 1 (every x̂ is 0)', shape: [3, 1], weight: true, bias: true },
  { name: 'a width past one workgroup, 300', shape: [3, 300], weight: true, bias: true },
  { name: 'rank 1, no weight, no bias', shape: [9], weight: false, bias: false },
  { name: 'many rows, bias only', shape: [70, 6], weight: false, bias: true },
];

for (const dtype of dtypes) for (const c of cases) {
  test(`layerNorm equals layerNormComposed (${dtype}, ${getBackend().name}): ${c.name}`, async () => {
    const rng = new Rng(c.shape.reduce((a, b) => a * 31 + b, 7));
    const C = c.shape[c.shape.length - 1];
    const inputs = [randn(c.shape, rng, { dtype }), c.weight ? randn([C], rng, { dtype }) : null, c.bias ? randn([C], rng, { dtype }) : null];
    const got = await run((x, w, b) => layerNorm(x, w, b), inputs, dtype);
    const want = await run((x, w, b) => layerNormComposed(x, w, b), inputs, dtype);
    assert.deepEqual(got.out.shape, c.shape);
    const r = await compareCloseAsync(got.out, want.out, { ...TOLS[dtype], name: 'outputs' });
    assert.ok(r.ok, r.message);
    for (const [i, g] of got.grads.entries()) {
      if (!g) continue;
      const rg = await compareCloseAsync(g, want.grads[i]!, { ...TOLS[dtype], name: `gradient of ${['x', 'weight', 'bias'][i]}` });
      assert.ok(rg.ok, rg.message);
    }
  });
}

test('a constant row normalises to the bias (variance 0: x̂ = 0, rstd = 1/√eps), with a zero gradient of x', async () => {
  const x = tensor([[2, 2, 2, 2], [1, 2, 3, 4]], undefined, { dtype, requiresGrad: true });
  const bias = tensor([0.5, -1, 0, 3], undefined, { dtype });
  const y = layerNorm(x, full([4], 2, { dtype }), bias);
  assert.deepEqual(Array.from((await y.data()).slice(0, 4)), [0.5, -1, 0, 3]);
  backward(sum(mul(y, tensor([[1, 2, 3, 4], [1, 1, 1, 1]], undefined, { dtype }))));
  const g = await x.grad!.data();
  // row 0: dx = rstd·(ĝ − mean ĝ − 0): nonzero (the row is flat, the weighting is not); row 1: a uniform weighting
  // shifts nothing, so its gradient is 0
  assert.ok(Array.from(g.slice(4)).every((v) => Math.abs(v) < 1e-5), `row 1: ${g.slice(4)}`);
});

test('the LayerNorm module runs the op: same outputs as layerNormComposed with its parameters', async () => {
  const ln = new LayerNorm(6, { dtype });
  const x = randn([2, 4, 6], new Rng(3), { dtype });
  const r = await compareCloseAsync(ln.forward(x), layerNormComposed(x, ln.weight, ln.bias, ln.eps), { ...TOL, name: 'LayerNorm' });
  assert.ok(r.ok, r.message);
});

test('layerNorm names a weight or bias that is not (C), and a bad eps', () => {
  const x = randn([2, 5], new Rng(1), { dtype });
  assert.throws(() => layerNorm(x, randn([4], new Rng(2), { dtype })), (e: unknown) => e instanceof AttnError && /weight \(4\) must be \(5\), the last axis of x \(2, 5\)/.test(e.message));
  assert.throws(() => layerNorm(x, null, randn([1, 5], new Rng(2), { dtype })), /bias \(1, 5\) must be \(5\)/);
  assert.throws(() => layerNorm(x, null, null, -1), /eps must be ≥ 0, got -1/);
});
