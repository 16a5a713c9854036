// The dropout mask drawn by a kernel (js and wasm, 1, 2 and 3 threads, both SIMD variants) equals the host loop's,
// its reference, bit for bit, for several p (0 < p < 1, and p near 0 and 1) and sizes that cut the work pieces
// unevenly; and the generator ends in the same state, so later draws are unchanged too.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/random.js';
import { dropoutMask } from '../../src/backends/js/dropout.js';
import { runtime, disposeAll, VARIANTS } from './_helpers.js';

after(disposeAll);

/** The reference: one Rng.uniform() draw per element, in order. */
function hostMask(n: number, p: number, keep: number, rng: Rng): Float32Array {
  const m = new Float32Array(n);
  for (let i = 0; i < n; i++) m[i] = rng.uniform() < p ? 0 : keep;
  return m;
}

const CASES: [number, number][] = [[0.1, 1], [0.1, 70001], [0.5, 4099], [1e-9, 3000], [0.999999, 3000], [0.25, 200000]];

test('dropout masks: js kernel and host loop draw the same mask and leave the generator in the same state', () => {
  for (const [p, n] of CASES) {
    const keep = 1 / (1 - p), a = new Rng(n), b = new Rng(n);
    const want = hostMask(n, p, keep, a);
    const got = new Float32Array(n);
    dropoutMask(got, b.take(n), p, keep);
    assert.deepEqual(got, want, `p ${p}, n ${n}`);
    assert.equal(b.nextU32(), a.nextU32(), `the next draw after p ${p}, n ${n}`);
  }
});

for (const simd of VARIANTS) {
  test(`dropout masks: the wasm kernel (${simd}) on 1, 2 and 3 threads equals the host loop`, async () => {
    for (const threads of [1, 2, 3]) {
      const rt = await runtime(simd, threads);
      for (const [p, n] of CASES) {
        const keep = 1 / (1 - p), want = hostMask(n, p, keep, new Rng(n + 1));
        const out = rt.alloc(n * 4);
        rt.dropoutMask(out, n, new Rng(n + 1).take(n), p, keep);
        assert.deepEqual(rt.read(out, n), want, `p ${p}, n ${n}, ${threads} threads`);
        rt.free(out);
      }
    }
  });
}
