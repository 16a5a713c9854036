// The js attention kernel takes query rows two at a time where their key tiles coincide (each key and value row
// read then serves both). This checks that the pairing changes no bit: every row's output, log-sum-exp and dq equal
// those of the same row run alone (one query, the keys it may see), over odd sizes, several tiles, a per-row mask
// with fully masked rows, an additive bias, causal rows and float32 and float64. Not checked here: dk and dv (they
// sum over blocks of query rows, which a single row does not reproduce) and dq of causal rows (a block's rows share
// its longest row's key tiles in the backward); the composed path checks those within rounding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attention, attentionBackward } from '../../src/backends/js/attention.js';
import { Rng } from '../../src/index.js';
import type { Data, KTensor } from '../../src/index.js';

type Arr = Float32Array | Float64Array;
const view = (buf: Arr, shape: number[], strides?: number[]): KTensor<Data> => {
  const st = strides ?? shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  return { buf, offset: 0, shape, strides: st, size: shape.reduce((a, b) => a * b, 1), dtype: buf instanceof Float64Array ? 'float64' : 'float32' };
};

function check(F: typeof Float32Array | typeof Float64Array, L: number, T: number, S: number, D: number, causal: boolean) {
  const rng = new Rng(L * 1000 + T * 10 + S);
  const draw = (n: number, f: () => number) => {
    const a = new F(n);
    for (let i = 0; i < n; i++) a[i] = f();
    return a;
  };
  const fill = (n: number) => draw(n, () => rng.normal());
  const [q, k, v, g] = [fill(L * T * D), fill(L * S * D), fill(L * S * D), fill(L * T * D)];
  const mask = draw(L * T * S, () => (rng.uniform() < 0.25 ? 1 : 0));
  mask.fill(1, 2 * S, 3 * S); // row 2 of block 0 fully masked
  const bias = fill(T * S); // (T, S), broadcast over the blocks by a stride 0
  const args = { scale: 0.4, causal };
  const out = new F(L * T * D), lse = new F(L * T), dq = new F(L * T * D), dk = new F(L * S * D), dv = new F(L * S * D);
  const [mk, bk] = [view(mask, [L, T, S]), view(bias, [L, T, S], [0, S, 1])];
  attention(view(q, [L, T, D]), view(k, [L, S, D]), view(v, [L, S, D]), mk, bk, view(out, [L, T, D]), view(lse, [L, T]), args);
  attentionBackward(view(q, [L, T, D]), view(k, [L, S, D]), view(v, [L, S, D]), mk, bk, view(out, [L, T, D]), view(lse, [L, T]),
    view(g, [L, T, D]), view(dq, [L, T, D]), view(dk, [L, S, D]), view(dv, [L, S, D]), args);
  for (let l = 0; l < L; l++) {
    for (let i = 0; i < T; i++) {
      // Row i alone: one query against the keys it may see (causal: the first i + S − T + 1), so its tiles are the same.
      const end = causal ? Math.max(0, Math.min(S, i + S - T + 1)) : S;
      const row = (a: Arr, n: number) => a.slice((l * T + i) * n, (l * T + i + 1) * n);
      const keys = (a: Arr) => a.slice(l * S * D, (l * S + end) * D);
      const q1 = row(q, D), g1 = row(g, D), m1 = mask.slice((l * T + i) * S, (l * T + i) * S + end), b1 = bias.slice(i * S, i * S + end);
      const o1 = new F(D), s1 = new F(1), dq1 = new F(D);
      const [qv, kv, vv, mv, bv] = [view(q1, [1, 1, D]), view(keys(k), [1, end, D]), view(keys(v), [1, end, D]), view(m1, [1, 1, end]), view(b1, [1, 1, end])];
      const one = { scale: args.scale, causal: false };
      attention(qv, kv, vv, mv, bv, view(o1, [1, 1, D]), view(s1, [1, 1]), one);
      attentionBackward(qv, kv, vv, mv, bv, view(o1, [1, 1, D]), view(s1, [1, 1]), view(g1, [1, 1, D]), view(dq1, [1, 1, D]),
        view(new F(end * D), [1, end, D]), view(new F(end * D), [1, end, D]), one);
      const at = `${F.name} L${L} T${T} S${S} D${D}${causal ? ' causal' : ''}, block ${l} row ${i}`;
      assert.deepEqual(Array.from(row(out, D)), Array.from(o1), `output, ${at}`);
      assert.ok(Object.is(lse[l * T + i], s1[0]), `log-sum-exp ${lse[l * T + i]} vs ${s1[0]}, ${at}`);
      if (!causal) assert.deepEqual(Array.from(row(dq, D)), Array.from(dq1), `dq, ${at}`);
    }
  }
}

for (const F of [Float32Array, Float64Array]) {
  test(`js attention: rows taken in pairs give every row's bits as alone (${F.name})`, () => {
    check(F, 2, 7, 9, 5, false); // odd T: the last row goes alone
    check(F, 2, 6, 150, 8, false); // three key tiles, the last partial
    check(F, 2, 9, 5, 3, true); // causal, T > S: early rows see nothing
    check(F, 1, 70, 140, 4, true); // causal over tiles: pairs split at the last tile of each row
  });
}
