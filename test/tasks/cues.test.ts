// The idioms' surface cues (src/tasks/cues.ts): what each cue reads off the written sentence, that encoding and
// batching carry them, and that a model which reads them learns a label that only the writing shows ("Big Fish",
// a name, against "big fish") while the same model without them cannot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WordVectors, Rng, trainTask, defaultModelConfig, encodeFor, modelVocabulary, explainWithModel, predictTask, type IdiomExample, type TaskModelConfig } from '../../src/index.js';
import { idiomCues, IDIOM_CUES } from '../../src/tasks/cues.js';
import { makeBatch } from '../../src/tasks/batch.js';

const row = (target: string, mwe = 'big fish', label: number | null = null, i = 0): IdiomExample =>
  ({ task: 'idiom', id: `${i}`, language: 'EN', mwe, previous: '', target, next: '', label, line: i + 2 });

test('idiomCues: capitalised mid-sentence or at the start, partly capitalised, in quotation marks', () => {
  assert.deepEqual(IDIOM_CUES.length, 4);
  assert.deepEqual(idiomCues(row('We watched Big Fish last night.')), [1, 0, 0, 0]);
  assert.deepEqual(idiomCues(row('Big Fish is a film.')), [0, 1, 0, 0]); // a sentence's first word is capitalised anyway: "Fish" decides
  assert.deepEqual(idiomCues(row('Big fish are rare.')), [0, 0, 0, 0]);
  assert.deepEqual(idiomCues(row('He is a Big fish here.')), [0, 0, 1, 0]);
  assert.deepEqual(idiomCues(row('He is a “big fish” in town.')), [0, 0, 0, 1]);
  assert.deepEqual(idiomCues(row("He is a 'big fish' in town.")), [0, 0, 0, 1]);
  assert.deepEqual(idiomCues(row('He caught a big fish.')), [0, 0, 0, 0]);
  assert.deepEqual(idiomCues(row('No such words here.')), [0, 0, 0, 0]); // not found as written: nothing marked
  assert.deepEqual(idiomCues(row('It rained. Big Fish opened.')), [0, 1, 0, 0]); // after a full stop: a sentence start
});

const WORDS = ['we', 'saw', 'big', 'fish', 'the', 'in', 'sea', 'town'];
const C = 8;
function vectors(): WordVectors {
  const rng = new Rng(3);
  return new WordVectors(WORDS, Float32Array.from({ length: WORDS.length * C }, () => 0.5 * rng.normal()), C);
}
// The same words either way: only the capitals say which is the name.
const named = (i: number) => row(i % 2 ? 'we saw Big Fish in the town' : 'we saw big fish in the town', 'big fish', i % 2, i);

const small = (kind: 'attention' | 'static', cues: boolean): TaskModelConfig => {
  const c = { ...defaultModelConfig('idiom', kind, C), dModel: 8, heads: 2, ffDim: 16, hidden: 8, maxLen: 12, dropout: 0 };
  return cues ? c : { ...c, cues: false };
};

test('idiom defaults read cues (both kinds) and the attention model also reads the static features', () => {
  assert.equal(defaultModelConfig('idiom', 'attention', C).cues, true);
  assert.equal(defaultModelConfig('idiom', 'attention', C).staticFeatures, true);
  assert.equal(defaultModelConfig('idiom', 'static', C).cues, true);
  assert.equal(defaultModelConfig('idiom', 'static', C).staticFeatures, undefined);
  assert.equal(defaultModelConfig('sst2', 'attention', C).cues, undefined);
});

test('a label only the writing shows: learned with cues, not without (attention and static)', async () => {
  const wv = vectors();
  const train = Array.from({ length: 32 }, (_, i) => named(i)), val = Array.from({ length: 8 }, (_, i) => named(i + 100));
  for (const kind of ['attention', 'static'] as const) {
    const opts = { wv, train, val, epochs: 30, lr: 2e-2, batchSize: 8, seed: 0, patience: 99 };
    const withCues = await trainTask({ ...opts, config: small(kind, true) });
    const without = await trainTask({ ...opts, config: small(kind, false) });
    assert.equal(withCues.validation.accuracy, 1, `${kind} with cues`);
    assert.ok(without.validation.accuracy <= 0.5 + 1e-9, `${kind} without cues: ${without.validation.accuracy}`);

    const b = makeBatch(encodeFor(withCues.model, wv, [named(1), named(2)]), modelVocabulary(withCues.model, wv));
    assert.deepEqual(Array.from(await b.cues!.data()), [1, 0, 0, 0, 0, 0, 0, 0]);
    assert.equal(makeBatch(encodeFor(without.model, wv, [named(1)]), modelVocabulary(without.model, wv)).cues, null);
    // A prediction from raw text reads the capitals; an explanation from tokens reads them as unmarked.
    assert.equal((await predictTask(withCues.model, wv, { expression: 'big fish', sentence: 'we saw Big Fish in the town' })).label, 1);
    assert.equal((await explainWithModel(withCues.model, wv, ['we', 'saw', 'big', 'fish'], { expression: 'big fish' })).prediction?.label, 0);
  }
});
