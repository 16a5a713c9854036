// The wasm fused layer norm, forward and backward, against a float64 reference (biased variance, eps inside
// the root, as src/nn/layer-norm.ts): odd and size-1 widths, with and without gamma/beta, a constant row,
// both SIMD variants; bit-identical for 1, 2 and 3 threads. Tolerance 2e-6 + 1e-5·|y| (float32 sums over
// ≤ 300 values); 1e-5 + 1e-4·|g| for the gradients (dx cancels two sums; dgamma, dbeta sum ≤ 3001 rows).
import { test, after } from 'node:test';
import { Rng } from '../../src/random.js';
import type { WasmRuntime } from '../../src/backends/wasm/runtime.js';
import { runtime, disposeAll, VARIANTS, randArray, put, expectClose } from './_helpers.js';

after(disposeAll);

function reference(x: Float32Array, rows: number, cols: number, eps: number, gamma: Float32Array | null, beta: Float32Array | null) {
  const y = new Float64Array(rows * cols), mean = new Float64Array(rows), rstd = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0, ss = 0;
    for (let j = 0; j < cols; j++) s += x[r * cols + j];
    const mu = s / cols;
    for (let j = 0; j < cols; j++) ss += (x[r * cols + j] - mu) ** 2;
    const rs = 1 / Math.sqrt(ss / cols + eps);
    for (let j = 0; j < cols; j++) y[r * cols + j] = (x[r * cols + j] - mu) * rs * (gamma ? gamma[j] : 1) + (beta ? beta[j] : 0);
    mean[r] = mu;
    rstd[r] = rs;
  }
  return { y, mean, rstd };
}

/** Gradients of sum(y·dy) in float64: dx = rstd·(g − mean(g) − xhat·mean(g·xhat)), g = dy·gamma. */
function referenceBackward(x: Float32Array, rows: number, cols: number, eps: number, gamma: Float32Array | null, dy: Float32Array) {
  const { mean, rstd } = reference(x, rows, cols, eps, null, null);
  const dx = new Float64Array(rows * cols), dgamma = new Float64Array(cols), dbeta = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    let a = 0, b = 0;
    const h = (j: number) => (x[r * cols + j] - mean[r]) * rstd[r], g = (j: number) => dy[r * cols + j] * (gamma ? gamma[j] : 1);
    for (let j = 0; j < cols; j++) { a += g(j); b += g(j) * h(j); dgamma[j] += dy[r * cols + j] * h(j); dbeta[j] += dy[r * cols + j]; }
    for (let j = 0; j < cols; j++) dx[r * cols + j] = rstd[r] * (g(j) - a / cols - h(j) * (b / cols));
  }
  return { dx, dgamma, dbeta };
}

function onWasm(rt: WasmRuntime, x: Float32Array, rows: number, cols: number, eps: number, gamma: Float32Array | null, beta: Float32Array | null) {
  const px = put(rt, x), pg = gamma ? put(rt, gamma) : 0, pb = beta ? put(rt, beta) : 0;
  const py = put(rt, new Float32Array(rows * cols).fill(NaN)), pm = put(rt, new Float32Array(rows)), ps = put(rt, new Float32Array(rows));
  rt.layerNorm(px, rows, cols, eps, pg, pb, py, pm, ps);
  const r = { y: rt.read(py, rows * cols), mean: rt.read(pm, rows), rstd: rt.read(ps, rows) };
  [px, pg, pb, py, pm, ps].filter((p) => p).forEach((p) => rt.free(p));
  return r;
}

/** Forward (for mean and rstd) then backward on the runtime. */
function backwardOnWasm(rt: WasmRuntime, x: Float32Array, rows: number, cols: number, eps: number, gamma: Float32Array | null, dy: Float32Array) {
  const px = put(rt, x), pg = gamma ? put(rt, gamma) : 0, pdy = put(rt, dy), py = rt.alloc(rows * cols * 4);
  const pm = rt.alloc(rows * 4), ps = rt.alloc(rows * 4), pdx = put(rt, new Float32Array(rows * cols).fill(NaN));
  const pdg = put(rt, new Float32Array(cols).fill(NaN)), pdb = put(rt, new Float32Array(cols).fill(NaN));
  rt.layerNorm(px, rows, cols, eps, pg, 0, py, pm, ps);
  rt.layerNormBackward(px, rows, cols, pg, pm, ps, pdy, pdx, pdg, pdb);
  const r = { dx: rt.read(pdx, rows * cols), dgamma: rt.read(pdg, cols), dbeta: rt.read(pdb, cols) };
  [px, pg, pdy, py, pm, ps, pdx, pdg, pdb].filter((p) => p).forEach((p) => rt.free(p));
  return r;
}

const SHAPES: [number, number][] = [[7, 13], [5, 1], [3, 64], [4, 3], [9, 301]];

for (const simd of VARIANTS) {
  test(`layerNorm (${simd} SIMD) matches a float64 reference`, async () => {
    const rt = await runtime(simd), rng = new Rng(21);
    for (const [rows, cols] of SHAPES) for (const affine of [false, true]) {
      const x = randArray(rows * cols, rng, -3, 5);
      x.fill(0.75, 0, cols); // a constant row: variance 0, output beta
      const gamma = affine ? randArray(cols, rng, 0.5, 2) : null, beta = affine ? randArray(cols, rng) : null;
      const want = reference(x, rows, cols, 1e-5, gamma, beta), got = onWasm(rt, x, rows, cols, 1e-5, gamma, beta);
      const what = `${rows}x${cols} affine=${affine} (${simd})`;
      expectClose(got.y, want.y, 2e-6, 1e-5, `${what} y`);
      expectClose(got.mean, want.mean, 2e-6, 1e-5, `${what} mean`);
      expectClose(got.rstd, want.rstd, 2e-6, 1e-5, `${what} rstd`);
    }
  });
}

for (const simd of VARIANTS) {
  test(`layerNormBackward (${simd} SIMD) matches a float64 reference`, async () => {
    const rt = await runtime(simd), rng = new Rng(23);
    for (const [rows, cols] of [...SHAPES, [40, 35]] as [number, number][]) for (const affine of [false, true]) {
      const x = randArray(rows * cols, rng, -3, 5), dy = randArray(rows * cols, rng);
      const gamma = affine ? randArray(cols, rng, 0.5, 2) : null;
      const want = referenceBackward(x, rows, cols, 1e-5, gamma, dy), got = backwardOnWasm(rt, x, rows, cols, 1e-5, gamma, dy);
      for (const k of ['dx', 'dgamma', 'dbeta'] as const) expectClose(got[k], want[k], 1e-5, 1e-4, `${rows}x${cols} affine=${affine} (${simd}) ${k}`);
    }
  });
}

test('layerNorm forward and backward are bit-identical for 1, 2 and 3 threads (both variants)', async () => {
  const rng = new Rng(22), rows = 3001, cols = 77;
  const x = randArray(rows * cols, rng, -2, 2), gamma = randArray(cols, rng), beta = randArray(cols, rng);
  for (const simd of VARIANTS) {
    const rs = [];
    for (const t of [1, 2, 3]) rs.push(onWasm(await runtime(simd, t), x, rows, cols, 1e-5, gamma, beta));
    for (const k of ['y', 'mean', 'rstd'] as const) {
      expectClose(rs[1][k], rs[0][k], 0, 0, `${simd} ${k}: 2 threads vs 1`);
      expectClose(rs[2][k], rs[0][k], 0, 0, `${simd} ${k}: 3 threads vs 1`);
    }
    const dy = randArray(rows * cols, rng), bs = [];
    for (const t of [1, 2, 3]) bs.push(backwardOnWasm(await runtime(simd, t), x, rows, cols, 1e-5, gamma, dy));
    for (const k of ['dx', 'dgamma', 'dbeta'] as const) {
      expectClose(bs[1][k], bs[0][k], 0, 0, `${simd} ${k}: 2 threads vs 1`);
      expectClose(bs[2][k], bs[0][k], 0, 0, `${simd} ${k}: 3 threads vs 1`);
    }
  }
});
