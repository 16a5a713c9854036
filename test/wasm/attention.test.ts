// The wasm tiled attention (forward, backward) against a straightforward scalar reference in float64 written
// here: odd sizes (T, S, D off the tiles, T != S, D = 1), causal with S > T and S < T, a strided key-padding
// mask, an additive bias, fully masked rows; both SIMD variants; bit-identical for 1, 2 and 3 threads.
// Tolerances: float32 kernels against float64, inputs in [-1, 1): 2e-6 + 2e-5·|x| for out, lse and the
// gradients (the largest difference measured was 4.9e-7; float32 sums of up to 230 terms, exp about 1 ulp).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/random.js';
import type { AttentionArgs, WasmRuntime } from '../../src/backends/wasm/runtime.js';
import { runtime, disposeAll, VARIANTS, randArray, put, expectClose } from './_helpers.js';

after(disposeAll);
const prod = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

interface Strided { data: Float32Array; strides: number[] }
interface Case { lead: number[]; t: number; s: number; d: number; dv: number; causal?: boolean; mask?: Strided; bias?: Strided }
interface Result { out: ArrayLike<number>; lse: ArrayLike<number>; dq: ArrayLike<number>; dk: ArrayLike<number>; dv: ArrayLike<number> }

/** Element offset of (problem n, query i, key j) in an operand with strides over [...lead, T, S]. */
function at(lead: number[], st: number[], n: number, i: number, j: number): number {
  let o = 0;
  for (let d = lead.length - 1; d >= 0; d--) {
    o += (n % lead[d]) * st[d];
    n = Math.floor(n / lead[d]);
  }
  return o + i * st[lead.length] + j * st[lead.length + 1];
}

/** The textbook computation in float64: scores, softmax, weighted sum; gradients of sum(out·dOut). */
function reference(c: Case, q: Float32Array, k: Float32Array, v: Float32Array, dOut: Float32Array, scale: number): Result {
  const { t: T, s: S, d: D, dv: Dv } = c, N = prod(c.lead);
  const out = new Float64Array(N * T * Dv), lse = new Float64Array(N * T);
  const dq = new Float64Array(N * T * D), dk = new Float64Array(N * S * D), dv = new Float64Array(N * S * Dv);
  for (let n = 0; n < N; n++) for (let i = 0; i < T; i++) {
    const sc = new Float64Array(S);
    for (let j = 0; j < S; j++) {
      let x = 0;
      for (let e = 0; e < D; e++) x += q[(n * T + i) * D + e] * k[(n * S + j) * D + e];
      x = scale * x + (c.bias ? c.bias.data[at(c.lead, c.bias.strides, n, i, j)] : 0);
      const masked = (c.mask && c.mask.data[at(c.lead, c.mask.strides, n, i, j)] !== 0) || (c.causal && j > i + S - T);
      sc[j] = masked ? -Infinity : x;
    }
    const m = Math.max(-Infinity, ...sc);
    if (m === -Infinity) { lse[n * T + i] = -Infinity; continue; } // out row stays zero, no gradient
    let sum = 0;
    for (let j = 0; j < S; j++) sum += Math.exp(sc[j] - m);
    lse[n * T + i] = m + Math.log(sum);
    const p = sc.map((x) => Math.exp(x - m) / sum);
    for (let j = 0; j < S; j++) for (let e = 0; e < Dv; e++) out[(n * T + i) * Dv + e] += p[j] * v[(n * S + j) * Dv + e];
    const dp = new Float64Array(S);
    let delta = 0;
    for (let j = 0; j < S; j++) {
      for (let e = 0; e < Dv; e++) dp[j] += dOut[(n * T + i) * Dv + e] * v[(n * S + j) * Dv + e];
      delta += p[j] * dp[j];
    }
    for (let j = 0; j < S; j++) {
      const ds = p[j] * (dp[j] - delta);
      for (let e = 0; e < D; e++) {
        dq[(n * T + i) * D + e] += scale * ds * k[(n * S + j) * D + e];
        dk[(n * S + j) * D + e] += scale * ds * q[(n * T + i) * D + e];
      }
      for (let e = 0; e < Dv; e++) dv[(n * S + j) * Dv + e] += p[j] * dOut[(n * T + i) * Dv + e];
    }
  }
  return { out, lse, dq, dk, dv };
}

function inputs(c: Case, seed: number) {
  const rng = new Rng(seed), N = prod(c.lead);
  return { q: randArray(N * c.t * c.d, rng), k: randArray(N * c.s * c.d, rng), v: randArray(N * c.s * c.dv, rng),
    dOut: randArray(N * c.t * c.dv, rng), scale: 1 / Math.sqrt(c.d) };
}

/** Forward and backward on the runtime; outputs start as NaN so that every value must be written. */
function onWasm(rt: WasmRuntime, c: Case, x: ReturnType<typeof inputs>): Result {
  const N = prod(c.lead);
  const nan = (n: number) => put(rt, new Float32Array(n).fill(NaN));
  const pq = put(rt, x.q), pk = put(rt, x.k), pv = put(rt, x.v), pg = put(rt, x.dOut);
  const po = nan(N * c.t * c.dv), pl = nan(N * c.t), pdq = nan(N * c.t * c.d), pdk = nan(N * c.s * c.d), pdv = nan(N * c.s * c.dv);
  const pm = c.mask ? put(rt, c.mask.data) : 0, pb = c.bias ? put(rt, c.bias.data) : 0;
  const a: AttentionArgs = { lead: c.lead, t: c.t, s: c.s, d: c.d, dv: c.dv, scale: x.scale, causal: c.causal,
    mask: c.mask ? { ptr: pm, strides: c.mask.strides } : null, bias: c.bias ? { ptr: pb, strides: c.bias.strides } : null };
  rt.attention(pq, pk, pv, po, pl, a);
  rt.attentionBackward(pq, pk, pv, po, pg, pl, pdq, pdk, pdv, a);
  const r = { out: rt.read(po, N * c.t * c.dv), lse: rt.read(pl, N * c.t), dq: rt.read(pdq, N * c.t * c.d),
    dk: rt.read(pdk, N * c.s * c.d), dv: rt.read(pdv, N * c.s * c.dv) };
  [pq, pk, pv, pg, po, pl, pdq, pdk, pdv, pm, pb].filter((p) => p).forEach((p) => rt.free(p));
  return r;
}

const rng = new Rng(7);
const B = 2, H = 3;
// Key padding (B, 1, 1, S) expanded to (B, H, T, S) by strides: batch 0 pads its last 10 keys, batch 1 all.
const keyPad = (S: number): Strided => ({ data: Float32Array.from({ length: B * S }, (_, x) => (x >= S || x % S >= S - 10 ? 1 : 0)), strides: [S, 0, 0, 1] });
// Query padding (B, 1, T, 1): rows 3 and T-1 of batch 0 fully masked.
const queryPad = (T: number): Strided => ({ data: Float32Array.from({ length: B * T }, (_, x) => (x === 3 || x === T - 1 ? 1 : 0)), strides: [T, 0, 1, 0] });
const cases: [string, Case][] = [
  ['small odd sizes', { lead: [B, H], t: 5, s: 7, d: 3, dv: 5 }],
  ['D = 1, Dv = 1', { lead: [4], t: 37, s: 70, d: 1, dv: 1 }],
  ['causal, S > T, several tiles', { lead: [2], t: 70, s: 130, d: 17, dv: 9, causal: true }],
  ['causal, several query and key blocks (visited out of order)', { lead: [], t: 200, s: 230, d: 24, dv: 16, causal: true }],
  ['D and Dv larger than a tile', { lead: [2], t: 9, s: 70, d: 100, dv: 130 }],
  ['causal, S < T (first rows fully masked)', { lead: [], t: 45, s: 20, d: 8, dv: 8, causal: true }],
  ['strided key-padding mask, a fully padded batch', { lead: [B, H], t: 33, s: 75, d: 16, dv: 12, mask: keyPad(75) }],
  ['additive bias (T, S) broadcast, query mask, causal', { lead: [B, H], t: 40, s: 40, d: 6, dv: 7, causal: true, mask: queryPad(40),
    bias: { data: randArray(40 * 40, rng, -2, 2), strides: [0, 0, 40, 1] } }],
  ['bias stored transposed (S, T), strides (0, 1, T)', { lead: [3], t: 11, s: 70, d: 4, dv: 3,
    bias: { data: randArray(70 * 11, rng, -2, 2), strides: [0, 1, 11] } }],
  ['per-head bias (H, T, S) with -inf entries', { lead: [B, H], t: 9, s: 66, d: 5, dv: 4,
    bias: { data: randArray(H * 9 * 66, rng, -1, 1).map((x) => (x > 0.8 ? -Infinity : x)), strides: [0, 9 * 66, 66, 1] } }],
];

for (const simd of VARIANTS) {
  test(`attention forward and backward (${simd} SIMD) match a float64 reference`, async () => {
    const rt = await runtime(simd);
    cases.forEach(([name, c], ci) => {
      const x = inputs(c, 100 + ci);
      const want = reference(c, x.q, x.k, x.v, x.dOut, x.scale), got = onWasm(rt, c, x);
      const what = (o: string) => `${name} (${simd}): ${o}`;
      expectClose(got.out, want.out, 2e-6, 2e-5, what('out'));
      expectClose(got.lse, want.lse, 2e-6, 2e-5, what('lse'));
      for (const g of ['dq', 'dk', 'dv'] as const) expectClose(got[g], want[g], 2e-6, 2e-5, what(g));
    });
  });
}

test('attention forward and backward are bit-identical for 1, 2 and 3 threads (both variants)', async () => {
  const c: Case = { lead: [2, 2], t: 150, s: 210, d: 20, dv: 12, causal: true, mask: { data: keyPad(210).data, strides: [210, 0, 0, 1] },
    bias: { data: randArray(150 * 210, rng, -1, 1), strides: [0, 0, 210, 1] } };
  const x = inputs(c, 9);
  for (const simd of VARIANTS) {
    const rs = [onWasm(await runtime(simd, 1), c, x), onWasm(await runtime(simd, 2), c, x), onWasm(await runtime(simd, 3), c, x)];
    for (const g of ['out', 'lse', 'dq', 'dk', 'dv'] as const) {
      expectClose(rs[1][g], rs[0][g], 0, 0, `${simd} ${g}: 2 threads vs 1`);
      expectClose(rs[2][g], rs[0][g], 0, 0, `${simd} ${g}: 3 threads vs 1`);
    }
  }
});

test('attention names the bad size or stride count', async () => {
  const rt = await runtime('plain');
  assert.throws(() => rt.attention(0, 0, 0, 0, 0, { lead: [2], t: 1.5, s: 2, d: 2, dv: 2, scale: 1 }), /wasm attention: t = 1.5 \(expected a non-negative integer\)/);
  assert.throws(() => rt.attention(0, 0, 0, 0, 0, { lead: [2], t: 1, s: 2, d: 2, dv: 2, scale: 1, mask: { ptr: 16, strides: [1, 2] } }),
    /mask strides \[1,2\] \(expected 3, one per dim of \[...lead, T, S\]\)/);
});
