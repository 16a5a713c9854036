// Contextual embeddings on words: contextualize, polysemy and order on a small hand-made vocabulary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WordVectors, contextualize, polysemy, order, AttnError } from '../../src/index.js';

const words = ['bank', 'money', 'river', 'water', 'cash', 'he', 'sat'];
const vecs = [
  [1, 1, 0, 0], // bank: half money, half river
  [2, 0, 0, 0.1], // money
  [0, 2, 0.1, 0], // river
  [0, 1.5, 0.5, 0], // water
  [1.8, 0, 0.3, 0], // cash
  [0, 0, 1, 1], // he
  [0, 0.2, 0.8, 1], // sat
];
const wv = new WordVectors(words, Float32Array.from(vecs.flat()), 4);

test('contextualize stacks static vectors and attends', async () => {
  const s = await contextualize(wv, ['money', 'bank']);
  assert.deepEqual(Array.from(await s.static.data()), [2, 0, 0, Math.fround(0.1), 1, 1, 0, 0]);
  assert.equal(s.input, s.static);
  assert.deepEqual(s.attention.outputs.shape, [2, 4]);
  const p = await contextualize(wv, ['money', 'bank'], { positions: 'sinusoidal' });
  assert.notEqual(p.input, p.static);
  await assert.rejects(contextualize(wv, []), /no words/);
  await assert.rejects(contextualize(wv, ['bank', 'zzz', 'qqq']), (e: unknown) => e instanceof AttnError && e.code === 'E_UNKNOWN_WORD' && /zzz/.test(e.message) && /qqq/.test(e.message));
});

test('polysemy: static cosine 1, contextual < 1, each bank moves toward its context', async () => {
  const res = await polysemy(wv, 'bank', ['money', 'bank'], ['river', 'bank']);
  assert.equal(res.static.cosine, 1);
  assert.ok(res.contextual.cosine < 0.99);
  assert.ok(res.sentences[0].movements.find((m) => m.word === 'money')!.delta > 0);
  assert.ok(res.sentences[1].movements.find((m) => m.word === 'river')!.delta > 0);
  assert.equal(res.sentences[0].neighbours[0].word, 'money');
  assert.ok(res.sentences[0].neighbours.every((n) => n.word !== 'bank'));
  await assert.rejects(polysemy(wv, 'bank', ['money'], ['river', 'bank']), /does not occur in sentence 1/);
});

test('order: identical without positions, not with; repeated words paired by occurrence', async () => {
  const res = await order(wv, ['he', 'sat', 'bank', 'he'], ['bank', 'he', 'he', 'sat']);
  assert.equal(res.withoutPositions.identical, true);
  assert.equal(res.withPositions.identical, false);
  assert.deepEqual(res.withoutPositions.words.map((w) => w.positions), [[0, 1], [1, 3], [2, 0], [3, 2]]);
  await assert.rejects(order(wv, ['he', 'sat'], ['he', 'bank']), /same words/);
});
