// The wasm SIMD word2vec kernel against the js reference: one thread and a seed give bit-identical vectors
// (both round to float32 at every step, in the same lane order), for skip-gram and CBOW, for dims that are and
// are not multiples of 4 and 16, through the library and through the file trainer; two wasm threads learn the
// topics too; 'auto' picks wasm here, and the choice is checked.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { trainWord2vec } from '../../src/index.js';
import { trainWord2vecFile } from '../../src/node/index.js';
import { tempDir } from '../embeddings/_helpers.js';
import { topicLines, writeTopicCorpus } from './_corpus.js';

const tmp = tempDir();
after(tmp.remove);

/** The first few differing values, side by side. */
function sameVectors(a: Float32Array, b: Float32Array, what: string): void {
  const bad: string[] = [];
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
      if (bad.length < 5) bad.push(`[${i}] js ${a[i]} wasm ${b[i]}`);
    }
  }
  assert.ok(bad.length === 0, `${what}: wasm differs from js (max |Δ| ${max}): ${bad.join(', ')}`);
}

test('wasm kernel = js kernel, bit for bit, with one thread and a seed (sg and cbow, several dims)', () => {
  const lines = topicLines(800);
  for (const arch of ['sg', 'cbow'] as const) {
    for (const dim of [7, 16, 100]) {
      const o = { arch, dim, minCount: 2, epochs: 2, sample: 1e-2, window: 4, negative: 3, seed: 11 };
      const js = trainWord2vec(() => lines, { ...o, kernel: 'js' });
      const wasm = trainWord2vec(() => lines, { ...o, kernel: 'wasm' });
      assert.equal(js.kernel, 'js');
      assert.equal(wasm.kernel, 'wasm');
      sameVectors(js.vectors.vectors, wasm.vectors.vectors, `${arch} dim ${dim}`);
      assert.ok(Math.abs(js.loss - wasm.loss) < 1e-9, `${arch} dim ${dim}: loss ${js.loss} vs ${wasm.loss}`);
    }
  }
});

test('wasm = js bit for bit where targets repeat and dot products leave the sigmoid table (23 words, lr 1)', () => {
  // The wasm kernel folds each target's update into the next target's dot product: a negative drawn twice in
  // a row, or a target skipped for |f| ≥ 6, must still give the js kernel's vectors.
  const lines = topicLines(300);
  for (const arch of ['sg', 'cbow'] as const) {
    const o = { arch, dim: 20, minCount: 1, epochs: 2, sample: 0, window: 5, negative: 15, alpha: 1, minAlpha: 0.5, seed: 3 };
    const js = trainWord2vec(() => lines, { ...o, kernel: 'js' });
    const wasm = trainWord2vec(() => lines, { ...o, kernel: 'wasm' });
    sameVectors(js.vectors.vectors, wasm.vectors.vectors, `${arch}, lr 1`);
  }
});

test("'auto' picks the wasm kernel in Node; a bad choice is named", () => {
  const lines = topicLines(50);
  assert.equal(trainWord2vec(() => lines, { dim: 8, minCount: 2, epochs: 1 }).kernel, 'wasm');
  assert.throws(() => trainWord2vec(() => lines, { dim: 8, minCount: 2, epochs: 1, kernel: 'gpu' as never }), /kernel must be auto, wasm or js, got 'gpu'/);
});

test('file trainer: wasm = js for one thread; two wasm threads train every word and learn the topics', async () => {
  const corpus = join(tmp.dir, 'topics.txt');
  writeTopicCorpus(corpus, 1500);
  const o = { arch: 'cbow' as const, dim: 24, minCount: 2, epochs: 2, seed: 4, sample: 1e-3 };
  const js = await trainWord2vecFile(corpus, { ...o, kernel: 'js' });
  const wasm = await trainWord2vecFile(corpus, { ...o, kernel: 'wasm' });
  sameVectors(js.vectors.vectors, wasm.vectors.vectors, 'file, cbow');
  assert.equal(wasm.effectiveWords, js.effectiveWords);
  const two = await trainWord2vecFile(corpus, { dim: 20, minCount: 2, epochs: 5, sample: 0, window: 3, threads: 2, kernel: 'wasm' });
  assert.equal(two.kernel, 'wasm');
  assert.equal(two.effectiveWords, 5 * two.vocab.retainedWords);
  const near = two.vectors.mostSimilar({ positive: ['b2'], topk: 5 }).map((n) => n.word);
  assert.ok(near.every((n) => n[0] === 'b'), near.join(' '));
});
