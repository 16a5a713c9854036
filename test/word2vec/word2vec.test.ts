// The word2vec library: sampling tables against their formulas, the vocabulary's order, deterministic
// training for a seed, neighbours that follow the corpus, file ranges that tile a file, and a resumed
// run equal to an uninterrupted one.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VocabCounter, unigramTable, keepThresholds, trainWord2vec, trainSentence, AttnError } from '../../src/index.js';
import { trainWord2vecFile, forEachLine, splitRanges } from '../../src/node/index.js';
import { tempDir } from '../embeddings/_helpers.js';
import { topicLines, writeTopicCorpus } from './_corpus.js';

const tmp = tempDir();
after(tmp.remove);

test('vocabulary: most frequent first, ties in order of first appearance, minCount applied', () => {
  const c = new VocabCounter();
  c.add(['b', 'a', 'c', 'a']);
  c.add(['c', 'd', 'b']);
  const v = c.finish(2);
  assert.deepEqual(v.words, ['b', 'a', 'c']);
  assert.deepEqual(Array.from(v.counts), [2, 2, 2]);
  assert.equal(v.totalWords, 7);
  assert.equal(v.retainedWords, 6);
  assert.equal(v.sentences, 2);
});

test('unigram table: shares follow count^0.75', () => {
  const counts = new Float64Array([1000, 100, 10]);
  const t = unigramTable(counts, 0.75, 100_000);
  const z = [...counts].reduce((a, c) => a + c ** 0.75, 0);
  for (let w = 0; w < 3; w++) {
    const share = t.filter((x) => x === w).length / t.length;
    assert.ok(Math.abs(share - counts[w] ** 0.75 / z) < 1e-3, `word ${w}: ${share}`);
  }
});

test("subsampling: gensim's keep probability, 1 for rare words, all kept with sample 0", () => {
  const counts = new Float64Array([100_000, 10]);
  const k = keepThresholds(counts, 100_010, 1e-3);
  const t = 1e-3 * 100_010;
  assert.ok(Math.abs(k[0] / 2 ** 32 - (Math.sqrt(100_000 / t) + 1) * (t / 100_000)) < 1e-9);
  assert.equal(k[1], 2 ** 32);
  assert.deepEqual(Array.from(keepThresholds(counts, 100_010, 0)), [2 ** 32, 2 ** 32]);
});

test('training: deterministic for a seed, different for another, neighbours stay in their topic', () => {
  const lines = topicLines();
  const opts = { dim: 20, minCount: 2, epochs: 5, sample: 0, window: 3 };
  for (const arch of ['sg', 'cbow'] as const) {
    const a = trainWord2vec(() => lines, { ...opts, arch, seed: 3 }).vectors;
    const b = trainWord2vec(() => lines, { ...opts, arch, seed: 3 }).vectors;
    const c = trainWord2vec(() => lines, { ...opts, arch, seed: 4 }).vectors;
    assert.deepEqual(a.vectors, b.vectors, `${arch}: same seed, same vectors`);
    assert.notDeepEqual(a.vectors, c.vectors);
    for (const w of ['a0', 'b5']) {
      const near = a.mostSimilar({ positive: [w], topk: 5 }).map((n) => n.word);
      assert.ok(near.every((n) => n[0] === w[0]), `${arch}: ${w} → ${near.join(' ')}`);
    }
  }
});

test('settings are checked, naming the bad one', () => {
  assert.throws(() => trainWord2vec(() => [['a', 'a']], { dim: 0 }), (e: unknown) => e instanceof AttnError && /dim must be an integer ≥ 1, got 0/.test(e.message));
  assert.throws(() => trainWord2vec(() => [], {}), /empty corpus/);
  assert.throws(() => trainWord2vec(() => [['a', 'b']], { minCount: 5 }), /no word appears --min-count 5 times/);
});

test('file ranges tile the file: every line read once, for any number of parts', () => {
  const file = join(tmp.dir, 'lines.txt');
  const lines = Array.from({ length: 500 }, (_, i) => `w${i} é${'x'.repeat(i % 17)} ${i}`);
  writeFileSync(file, lines.join('\n') + '\n\n');
  for (const n of [1, 2, 3, 7, 64]) {
    const seen: string[] = [];
    for (const [s, e] of splitRanges(Buffer.byteLength(lines.join('\n') + '\n\n'), n)) forEachLine(file, s, e, (t) => seen.push(t.join(' ')));
    assert.deepEqual(seen, lines, `${n} parts`);
  }
});

test('a run resumed from its epoch-1 checkpoint ends with the same vectors as an uninterrupted one', async () => {
  const corpus = join(tmp.dir, 'topics.txt');
  writeTopicCorpus(corpus, 600);
  const ckpt = join(tmp.dir, 'run.ckpt'), epoch1 = join(tmp.dir, 'epoch1.ckpt');
  const opts = { dim: 16, minCount: 2, epochs: 3, seed: 5 };
  const whole = await trainWord2vecFile(corpus, { ...opts, checkpoint: ckpt, onEvent: (e) => e.type === 'checkpoint' && e.epoch === 0 && copyFileSync(ckpt, epoch1) });
  const resumed = await trainWord2vecFile(corpus, { resume: epoch1 });
  assert.deepEqual(resumed.vectors.vectors, whole.vectors.vectors);
  const file = await trainWord2vecFile(corpus, opts);
  assert.deepEqual(file.vectors.vectors, whole.vectors.vectors, 'checkpointing changes nothing');
});

test('two threads (Hogwild) train every line and learn the topics too', async () => {
  const corpus = join(tmp.dir, 'topics2.txt');
  writeTopicCorpus(corpus, 2000);
  const r = await trainWord2vecFile(corpus, { dim: 20, minCount: 2, epochs: 5, sample: 0, window: 3, threads: 2 });
  assert.equal(r.effectiveWords, 5 * r.vocab.retainedWords);
  const near = r.vectors.mostSimilar({ positive: ['a1'], topk: 5 }).map((n) => n.word);
  assert.ok(near.every((n) => n[0] === 'a'), near.join(' '));
});

test('kernel: a two-word skip-gram sentence updates the matrices as the formulas say', () => {
  // Word 0 and word 1, window 1, one negative drawn from a table that holds only word 0, no subsampling.
  const C = 6, alpha = 0.1;
  const r = (i: number) => Math.sin(i + 1) / 4;
  const syn0 = Float32Array.from({ length: 2 * C }, (_, i) => r(i)), syn1 = Float32Array.from({ length: 2 * C }, (_, i) => r(i + 50));
  const m = { arch: 'sg' as const, dim: C, window: 1, negative: 1, syn0: syn0.slice(), syn1: syn1.slice(), table: new Int32Array(8), keep: new Float64Array([2 ** 32, 2 ** 32]), work: new Float32Array(C), neu1: new Float32Array(C) };
  trainSentence(m, new Int32Array([0, 1]), 2, alpha, new Uint32Array([12345]), new Float64Array(3));
  // The slow version: sigmoid from the same table, float32 rounding at each store.
  const sig = (f: number) => { const i = Math.floor((f + 6) * (1000 / 12)); const e = Math.exp(((i / 1000) * 2 - 1) * 6); return e / (e + 1); };
  const row = (a: Float32Array, w: number) => a.subarray(w * C, (w + 1) * C);
  const step = (ctx: number, target: number, label: number, work: Float64Array) => {
    const a = row(syn0, ctx), b = row(syn1, target);
    const g = (label - sig(a.reduce((s, x, k) => s + x * b[k], 0))) * alpha;
    for (let k = 0; k < C; k++) { work[k] += g * b[k]; b[k] += g * a[k]; }
  };
  const pair = (ctx: number, word: number, negatives: number[]) => {
    const work = new Float64Array(C);
    step(ctx, word, 1, work);
    for (const n of negatives) if (n !== word) step(ctx, n, 0, work);
    const a = row(syn0, ctx);
    for (let k = 0; k < C; k++) a[k] += work[k];
  };
  pair(1, 0, [0]); // word 0 at position 0, predicted by its context word 1; the negative (0) is the word itself: skipped
  pair(0, 1, [0]); // word 1, predicted by word 0, against the negative word 0
  const close = (a: Float32Array, b: Float32Array) => a.every((x, i) => Math.abs(x - b[i]) < 1e-6);
  assert.ok(close(m.syn0, syn0), `syn0 ${m.syn0} vs ${syn0}`);
  assert.ok(close(m.syn1, syn1), `syn1 ${m.syn1} vs ${syn1}`);
});
