// gensim 4.2's Google-analogy accuracy over the full GloVe 6B 100d vocabulary (341,479 words): 0.6330.
// In its own file so it runs beside glove-reference.test.ts. Skipped, saying why, without the wink package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedData } from './_helpers.js';
import { gloveSkip, loadGlove } from './_glove.js';

test('Google analogies over the full vocabulary: accuracy 0.6330', { skip: gloveSkip }, async () => {
  const glove = await loadGlove();
  const r = glove.evaluateAnalogies(readFileSync(join(sharedData, 'google_analogy/questions-words.txt'), 'utf8'), { restrictVocab: 400_000 });
  assert.ok(Math.abs(r.accuracy - 0.633) <= 2e-4, `accuracy ${r.accuracy} vs gensim 0.6330`);
  assert.equal(r.total, 19_544);
  assert.equal(r.oov, 0);
});
