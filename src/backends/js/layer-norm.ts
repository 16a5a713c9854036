// js fused kernel: layer normalisation over the last axis of a contiguous (rows, C) x, and its backward from the
// saved mean and rstd — the oracle of the wasm and webgpu kernels. Sums in float64 (two passes: the mean, then the
// variance of the centred row), biased variance and eps inside the root, as PyTorch and src/ops/layer-norm.ts.
import type { Data } from '../../primitives.js';

/** out = (x − mean)·rstd·weight + bias row by row; mean, rstd (rows) saved. weight, bias null: 1 and 0. */
export function layerNorm(x: Data, rows: number, C: number, weight: Data | null, bias: Data | null, eps: number, out: Data, mean: Data, rstd: Data): void {
  for (let r = 0; r < rows; r++) {
    const at = r * C;
    let s = 0;
    for (let j = 0; j < C; j++) s += x[at + j];
    const mu = s / C;
    let ss = 0;
    for (let j = 0; j < C; j++) ss += (x[at + j] - mu) ** 2;
    const rs = 1 / Math.sqrt(ss / C + eps);
    for (let j = 0; j < C; j++) out[at + j] = (x[at + j] - mu) * rs * (weight ? weight[j] : 1) + (bias ? bias[j] : 0);
    mean[r] = mu;
    rstd[r] = rs;
  }
}

/**
 * With x̂ = (x − mean)·rstd and ĝ = dy·weight: dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) per row;
 * dweight = Σ_rows dy·x̂, dbias = Σ_rows dy (each overwritten; null when not needed).
 */
export function layerNormBackward(x: Data, rows: number, C: number, weight: Data | null, mean: Data, rstd: Data, dy: Data,
  dx: Data, dweight: Data | null, dbias: Data | null): void {
  const dw = new Float64Array(dweight ? C : 0), db = new Float64Array(dbias ? C : 0); // float64 column sums
  for (let r = 0; r < rows; r++) {
    const at = r * C, mu = mean[r], rs = rstd[r];
    let sg = 0, sgx = 0;
    for (let j = 0; j < C; j++) {
      const g = dy[at + j] * (weight ? weight[j] : 1), xh = (x[at + j] - mu) * rs;
      sg += g;
      sgx += g * xh;
    }
    const mg = sg / C, mgx = sgx / C;
    for (let j = 0; j < C; j++) {
      const xh = (x[at + j] - mu) * rs;
      dx[at + j] = rs * (dy[at + j] * (weight ? weight[j] : 1) - mg - xh * mgx);
      if (dweight) dw[j] += dy[at + j] * xh;
      if (dbias) db[j] += dy[at + j];
    }
  }
  dweight?.set(dw);
  dbias?.set(db);
}
