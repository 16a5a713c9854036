// The wasm GEMM against the js matmul kernel: every transpose flag, odd and size-1 dims, k = 0, broadcast
// batches, both SIMD variants; and bit-identical results for 1, 2 and 3 threads.
import { test, after } from 'node:test';
import { Rng } from '../../src/random.js';
import { matmul as jsMatmul } from '../../src/backends/js/matmul.js';
import type { MatmulArgs } from '../../src/primitives.js';
import { runtime, disposeAll, VARIANTS, randArray, put, expectClose } from './_helpers.js';

after(disposeAll);
const prod = (s: number[]) => s.reduce((a, b) => a * b, 1);

interface Case { m: number; k: number; n: number; aBatch?: number[]; bBatch?: number[]; outBatch?: number[] }
const cases: Case[] = [
  { m: 1, k: 1, n: 1 },
  { m: 5, k: 3, n: 7 },
  { m: 1, k: 17, n: 9 },
  { m: 13, k: 1, n: 1 },
  { m: 3, k: 0, n: 4 },
  { m: 37, k: 300, n: 19 },
  { m: 9, k: 513, n: 1030 }, // more than one K block and one N block
  { m: 6, k: 10, n: 8, aBatch: [2, 3], bBatch: [2, 3], outBatch: [2, 3] },
  { m: 7, k: 5, n: 3, aBatch: [2, 1], bBatch: [3], outBatch: [2, 3] }, // broadcast batches
  { m: 4, k: 6, n: 5, aBatch: [], bBatch: [4], outBatch: [4] },
];

function run(c: Case, tA: boolean, tB: boolean, rng: Rng) {
  const aBatch = c.aBatch ?? [], bBatch = c.bBatch ?? [], outBatch = c.outBatch ?? [];
  const args: MatmulArgs = { aBatch, bBatch, outBatch, m: c.m, k: c.k, n: c.n, transA: tA, transB: tB };
  const a = randArray(prod(aBatch) * c.m * c.k, rng), b = randArray(prod(bBatch) * c.k * c.n, rng);
  const want = new Float32Array(prod(outBatch) * c.m * c.n);
  jsMatmul(a, b, want, args);
  return { args, a, b, want };
}

for (const simd of VARIANTS) {
  test(`gemm (${simd} SIMD) matches the js kernel for every flag, size and batch layout`, async () => {
    const rt = await runtime(simd);
    const rng = new Rng(1);
    for (const c of cases) for (const tA of [false, true]) for (const tB of [false, true]) {
      const { args, a, b, want } = run(c, tA, tB, rng);
      const pa = put(rt, a), pb = put(rt, b), po = put(rt, new Float32Array(want.length).fill(NaN));
      rt.matmul(pa, pb, po, args);
      expectClose(rt.read(po, want.length), want, 2e-6 * (c.k + 1), 1e-5, `${simd} ${JSON.stringify(c)} tA=${tA} tB=${tB}`);
      [pa, pb, po].forEach((p) => rt.free(p));
    }
  });
}

test('gemm results are bit-identical for 1, 2 and 3 threads (both variants)', async () => {
  const rng = new Rng(2);
  const big: Case[] = [
    { m: 137, k: 301, n: 95 },
    { m: 61, k: 64, n: 77, aBatch: [5], bBatch: [5], outBatch: [5] },
    { m: 50, k: 40, n: 130, aBatch: [3, 1], bBatch: [4], outBatch: [3, 4] },
  ];
  for (const simd of VARIANTS) {
    const rts = [await runtime(simd, 1), await runtime(simd, 2), await runtime(simd, 3)];
    for (const c of big) for (const tA of [false, true]) for (const tB of [false, true]) {
      const { args, a, b, want } = run(c, tA, tB, rng);
      const outs = rts.map((rt) => {
        const pa = put(rt, a), pb = put(rt, b), po = rt.alloc(want.length * 4);
        rt.matmul(pa, pb, po, args);
        const o = rt.read(po, want.length);
        [pa, pb, po].forEach((p) => rt.free(p));
        return o;
      });
      expectClose(outs[0], want, 2e-6 * (c.k + 1), 1e-5, `${simd} 1 thread vs js`);
      expectClose(outs[1], outs[0], 0, 0, `${simd} ${JSON.stringify(c)} tA=${tA} tB=${tB}: 2 threads vs 1`);
      expectClose(outs[2], outs[0], 0, 0, `${simd} ${JSON.stringify(c)} tA=${tA} tB=${tB}: 3 threads vs 1`);
    }
  }
});
