// The inspectable online softmax: after the last key tile, the partial output is the attention output row and
// lse is the log-sum-exp of the row's scores, for every tile size; the running max never decreases; causal rows
// stop at their last visible key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, randn, attention, attentionTiles, selfAttention, tensor } from '../../src/index.js';
import { compareClose } from '../../src/testing/index.js';
import { bestDtype } from '../_backend-caps.js';

test('the last tile gives the attention output row, and lse the log-sum-exp, for any tile size', async () => {
  const rng = new Rng(11);
  // float64 where the backend stores it (agreement to rounding), else float32: the tiles are read back and
  // recombined on the host in float64, the reference row comes from the device's attention kernel
  const dtype = bestDtype(), tol = dtype === 'float64' ? 1e-12 : 1e-5;
  const [q, k, v] = [randn([4, 5], rng, { dtype }), randn([7, 5], rng, { dtype }), randn([7, 3], rng, { dtype })];
  for (const causal of [false, true]) {
    const want = (await attention(q, k, v, { causal }).array()) as number[][];
    for (const tileSize of [1, 2, 3, 7, 50]) {
      for (let row = 0; row < 4; row++) {
        const r = await attentionTiles(q, k, v, { row, tileSize, causal });
        assert.equal(r.tiles.length, Math.ceil(7 / tileSize));
        const c = compareClose(r.output, want[row], { atol: tol, rtol: tol, name: `row ${row}, tiles of ${tileSize}${causal ? ', causal' : ''}` });
        assert.ok(c.ok, c.message);
        const scores = r.tiles.flatMap((t) => t.scores);
        const m = Math.max(...scores);
        assert.ok(Math.abs(r.lse - (m + Math.log(scores.reduce((a, s) => a + Math.exp(s - m), 0)))) < tol);
        r.tiles.forEach((t, i) => i > 0 && assert.ok(t.max >= r.tiles[i - 1].max, 'the running max never decreases'));
        if (causal) assert.equal(scores.filter((s) => s === -Infinity).length, 7 - (row + 7 - 4 + 1));
      }
    }
  }
});

test('attentionTiles with q = k = v = X and scale 1/divisor reproduces selfAttention', async () => {
  const x = tensor([[1, 0, 2], [0, 1, 1], [2, 2, 0], [1, 1, 1], [0, 3, 1]]);
  const sa = await selfAttention(x);
  const r = await attentionTiles(x, x, x, { row: 2, tileSize: 2, scale: 1 / sa.divisor });
  const c = compareClose(r.output, ((await sa.outputs.array()) as number[][])[2], { atol: 1e-6 });
  assert.ok(c.ok, c.message);
  assert.equal(r.tiles[0].rescale, 0);
  assert.deepEqual(r.tiles.map((t) => [t.start, t.end]), [[0, 2], [2, 4], [4, 5]]);
});

test('attentionTiles names a bad row, tile size or shape', async () => {
  const x = tensor([[1, 0], [0, 1]]);
  await assert.rejects(attentionTiles(x, x, x, { row: 2, tileSize: 1 }), /row 2 is out of range 0\.\.1/);
  await assert.rejects(attentionTiles(x, x, x, { row: 0, tileSize: 0 }), /tileSize must be a positive integer/);
  await assert.rejects(attentionTiles(x, tensor([[1, 2, 3]]), x, { row: 0, tileSize: 1 }), /should be \(T, D\), \(S, D\), \(S, Dv\)/);
});
