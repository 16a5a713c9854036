// The wasm fused Adam/AdamW step against the js kernel (src/backends/js/adam.ts) on seeded random data: plain
// Adam, Adam with an L2 penalty, AdamW (decoupled decay); five steps each, both SIMD variants, 1 and 2 threads.
// The wasm kernel computes in float64 like JavaScript, so the results must be bit-identical.
import { test, after } from 'node:test';
import { Rng } from '../../src/random.js';
import { adam } from '../../src/backends/js/adam.js';
import type { AdamStep } from '../../src/primitives.js';
import { runtime, disposeAll, VARIANTS, randArray, put, expectClose } from './_helpers.js';

after(disposeAll);

const base = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
const settings: [string, { lrDecay: number; l2: number }][] = [
  ['Adam', { lrDecay: 0, l2: 0 }],
  ['Adam with L2 0.01', { lrDecay: 0, l2: 0.01 }],
  ['AdamW, decay 0.01', { lrDecay: 1e-3 * 0.01, l2: 0 }],
];

for (const simd of VARIANTS) for (const threads of [1, 2]) {
  test(`adam (${simd} SIMD, ${threads} thread${threads > 1 ? 's' : ''}) is bit-identical to the js kernel`, async () => {
    const rt = await runtime(simd, threads), rng = new Rng(11);
    const n = 40_001; // odd, and large enough to be split over two threads
    for (const [name, s] of settings) {
      const p = randArray(n, rng), m = randArray(n, rng, -0.1, 0.1), v = randArray(n, rng, 0, 0.01);
      const pp = put(rt, p), pm = put(rt, m), pv = put(rt, v), pg = rt.alloc(n * 4);
      for (let t = 1; t <= 5; t++) {
        const g = randArray(n, rng, -2, 2);
        g[t] = 0; // a zero gradient
        const step: AdamStep = { ...base, ...s, bc1: 1 - base.beta1 ** t, bc2: 1 - base.beta2 ** t };
        adam(p, g, m, v, step);
        rt.write(pg, g);
        rt.adam(pp, pg, pm, pv, n, step);
      }
      expectClose(rt.read(pp, n), p, 0, 0, `${name} p`);
      expectClose(rt.read(pm, n), m, 0, 0, `${name} m`);
      expectClose(rt.read(pv, n), v, 0, 0, `${name} v`);
      [pp, pm, pv, pg].forEach((x) => rt.free(x));
    }
  });
}
