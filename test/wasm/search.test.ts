// Neighbour search on the wasm backend: the dotRows kernel (bit-identical for 1, 2, 3 threads, close to a
// float64 reference) and mostSimilar / 3CosAdd analogies returning exactly the js backend's answer — words,
// order and cosines — on the bundled vocabulary, on raw vectors, and on exact ties.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setBackend, getBackend, WordVectors, Rng, analogy, memory } from '../../src/index.js';
import { loadDefaultVectors } from '../../src/node/index.js';
import { runtime, put, randArray, VARIANTS } from './_helpers.js';

test('dotRows: 1, 2 and 3 threads give the same bits; values match a float64 reference', async () => {
  const rng = new Rng(3);
  for (const simd of VARIANTS) {
    for (const [rows, cols, nq] of [[4099, 100, 1], [1027, 37, 3], [9, 4, 4], [5, 1, 2]]) {
      const M = randArray(rows * cols, rng), Q = randArray(nq * cols, rng);
      const results: Float32Array[] = [];
      for (const threads of [1, 2, 3]) {
        const rt = await runtime(simd, threads);
        const m = put(rt, M), q = put(rt, Q), out = rt.alloc(nq * rows * 4);
        rt.dotRows(m, rows, cols, q, nq, out);
        results.push(rt.read(out, nq * rows));
        rt.free(m); rt.free(q); rt.free(out);
      }
      assert.deepEqual(results[1], results[0], `${simd} ${rows}×${cols}×${nq}: 2 threads`);
      assert.deepEqual(results[2], results[0], `${simd} ${rows}×${cols}×${nq}: 3 threads`);
      for (let k = 0; k < nq; k++) {
        for (let i = 0; i < rows; i++) {
          let s = 0;
          for (let c = 0; c < cols; c++) s += M[i * cols + c] * Q[k * cols + c];
          assert.ok(Math.abs(results[0][k * rows + i] - s) <= 1e-5 * cols, `${simd} row ${i} query ${k}: ${results[0][k * rows + i]} vs ${s}`);
        }
      }
    }
  }
});

async function onBoth<T>(f: () => T): Promise<{ js: T; wasm: T }> {
  const before = getBackend().name;
  try {
    await setBackend('js');
    const js = f();
    await setBackend('wasm');
    return { js, wasm: f() };
  } finally {
    await setBackend(before);
  }
}

test('mostSimilar on wasm is exactly the js answer: words, order, cosines', async () => {
  const wv = await loadDefaultVectors();
  const rng = new Rng(11);
  const word = () => wv.words[Math.floor(rng.uniform() * wv.size)];
  const queries = [
    { positive: ['king'], topk: 10 },
    { positive: ['bank'], topk: 50 },
    { positive: ['woman', 'king'], negative: ['man'], topk: 5 },
    { positive: ['paris'], topk: 2000 },
    { positive: ['the'], topk: 10, restrictVocab: 30_000 },
    { positive: [Array.from(wv.vector('river'), (v) => v * 0.5)], topk: 20 },
    ...Array.from({ length: 40 }, () => ({ positive: [word(), word()], negative: [word()], topk: 10 })),
  ];
  for (const q of queries) {
    const r = await onBoth(() => wv.mostSimilar(q));
    assert.deepEqual(r.wasm, r.js, `query ${JSON.stringify(q).slice(0, 80)}`);
  }
  // The fast path really ran: the vocabulary matrix lives in the wasm memory now.
  await setBackend('wasm');
  assert.ok(memory().wasm.bytes >= wv.size * wv.dim * 4, 'the vectors were copied to the wasm backend');
  await setBackend('js');
  const a = await onBoth(() => analogy(wv, 'man', 'king', 'woman', { topk: 5 }));
  assert.deepEqual(a.wasm, a.js);
  assert.equal(a.wasm[0].word, 'queen');
});

test('exact ties rank as on js (lower index first), also across the rows the fast pass lets through', async () => {
  const rng = new Rng(5);
  const V = 3000, C = 8;
  const base = randArray(C, rng);
  const vectors = randArray(V * C, rng);
  // Every 7th row is the same vector (ties), some scaled (same cosine, different dot products).
  for (let i = 0; i < V; i += 7) for (let c = 0; c < C; c++) vectors[i * C + c] = base[c] * (i % 2 ? 1 : 3);
  const wv = new WordVectors(Array.from({ length: V }, (_, i) => `w${i}`), vectors, C);
  const r = await onBoth(() => wv.mostSimilar({ positive: [Array.from(base)], topk: 30 }));
  assert.deepEqual(r.wasm, r.js);
});
