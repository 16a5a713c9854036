// The validation protocol: folds are disjoint and shaped like the official splits (SST-2: no phrase of a held-out
// sentence in training; WiC: no target word on both sides; idioms: no expression on both sides, one-shot moving
// the first example of each label of each held-out expression into training), mean ± sd worked by hand, and
// crossValidate's runs, spreads and events on tiny synthetic data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  validationFolds, validationSplit, crossValidate, meanSd, defaultModelConfig, WordVectors, Rng, AttnError,
  type Sst2Example, type WicExample, type IdiomExample, type CrossValidateEvent,
} from '../../src/index.js';

const WORDS = ['bank', 'river', 'money', 'sat', 'on', 'the', 'in', 'good', 'bad', 'film', 'plot', 'was', 'very', 'a', 'it', 'is'];

/** SST-2 in GLUE's shape: each sentence, and its sub-phrases as rows of their own, plus a few short rows. */
function sst2Rows(): Sst2Example[] {
  const rng = new Rng(1), rows: Sst2Example[] = [];
  for (let s = 0; s < 30; s++) {
    const w = Array.from({ length: 6 + rng.int(4) }, () => WORDS[rng.int(WORDS.length)]);
    w.push(`w${s}`); // each sentence unique
    const label = s % 2;
    rows.push({ task: 'sst2', text: w.join(' '), label, line: rows.length + 2 });
    for (let k = 0; k < 4; k++) {
      const a = rng.int(w.length - 2), b = a + 1 + rng.int(w.length - a - 1);
      rows.push({ task: 'sst2', text: w.slice(a, b).join(' '), label, line: rows.length + 2 });
    }
  }
  rows.push({ task: 'sst2', text: 'very good', label: 1, line: rows.length + 2 });
  return rows;
}

const spans = (text: string) => {
  const w = text.split(' '), out = new Set<string>();
  for (let s = 0; s < w.length; s++) for (let e = s + 1; e <= w.length; e++) out.add(w.slice(s, e).join(' '));
  return out;
};

test('SST-2 folds: whole sentences, each held out once; no phrase of a held-out sentence in training', () => {
  const rows = sst2Rows(), folds = validationFolds(rows, { folds: 5, seed: 3 });
  assert.equal(folds.length, 5);
  const held = folds.flatMap((f) => f.val.map((e) => e.text));
  assert.equal(new Set(held).size, held.length, 'validation sets are disjoint');
  const sentences = rows.filter((e) => /w\d+$/.test(e.text) && e.text.split(' ').length >= 7).map((e) => e.text);
  assert.deepEqual([...held].sort(), [...new Set(sentences)].sort(), 'every whole sentence is held out by exactly one fold');
  for (const f of folds) {
    const inside = new Set(f.val.flatMap((e) => [...spans(e.text)]));
    assert.ok(f.val.length > 0);
    assert.equal(f.train.filter((e) => inside.has(e.text)).length, 0, 'a held-out sentence or its phrase is in training');
    assert.equal(f.train.length + f.val.length + f.dropped, rows.length);
    assert.ok(f.dropped > 0);
  }
});

function wicRows(): WicExample[] {
  const rng = new Rng(2), targets = ['bank', 'river', 'money', 'film', 'plot', 'bad', 'good', 'sat'];
  return Array.from({ length: 80 }, (_, i) => {
    const word = targets[i % targets.length];
    const side = () => [WORDS[rng.int(WORDS.length)], word, WORDS[rng.int(WORDS.length)]].join(' ');
    return { task: 'wic', word: i % 3 ? word : word.toUpperCase(), pos: 'N', index1: 1, index2: 1, sentence1: side(), sentence2: side(), label: i % 2, line: i + 1 };
  });
}

test('WiC folds: no target word (case-folded) on both sides of a fold; folds disjoint and covering', () => {
  const rows = wicRows(), folds = validationFolds(rows, { folds: 4, seed: 0 });
  const seen = new Set<number>();
  for (const f of folds) {
    const val = new Set(f.val.map((e) => e.word.toLowerCase()));
    assert.ok(val.size >= 2, 'balanced: 8 words over 4 folds');
    assert.equal(f.train.filter((e) => val.has(e.word.toLowerCase())).length, 0);
    for (const e of f.val) {
      assert.ok(!seen.has(e.line));
      seen.add(e.line);
    }
  }
  assert.equal(seen.size, rows.length);
  assert.throws(() => validationFolds(rows, { folds: 9 }), /9 folds need at least 9 target words, the data has 8/);
  assert.throws(() => validationFolds(rows, { folds: 1 }), /at least 2/);
});

function idiomRows(): IdiomExample[] {
  const mwes = ['break a leg', 'big fish', 'hot dog', 'red tape', 'old hat', 'cold feet'];
  return Array.from({ length: 60 }, (_, i) => ({
    task: 'idiom', id: `${i}`, language: 'EN', mwe: mwes[i % 6], previous: '', target: `they said ${mwes[i % 6]} again`, next: '', label: Math.floor(i / 6) % 2, line: i + 2,
  }));
}

test('idiom folds: no expression on both sides; one-shot moves the first example of each label of each held-out expression', () => {
  const rows = idiomRows();
  const zero = validationFolds(rows, { folds: 3, seed: 1 }), one = validationFolds(rows, { folds: 3, seed: 1, setting: 'one-shot' });
  zero.forEach((f, k) => {
    const val = new Set(f.val.map((e) => e.mwe));
    assert.equal(f.train.filter((e) => val.has(e.mwe)).length, 0);
    const moved = one[k].train.filter((e) => val.has(e.mwe));
    const firsts = [...val].flatMap((m) => [0, 1].map((l) => f.val.find((e) => e.mwe === m && e.label === l)!));
    assert.deepEqual(moved.map((e) => e.line).sort(), firsts.map((e) => e.line).sort());
    assert.equal(one[k].val.length, f.val.length - firsts.length);
    assert.equal(one[k].val.filter((e) => moved.includes(e)).length, 0);
  });
});

test('the single validation split still shapes as before (WiC: whole words)', () => {
  const s = validationSplit(wicRows(), { fraction: 0.25, seed: 0 });
  const val = new Set(s.val.map((e) => e.word.toLowerCase()));
  assert.equal(s.train.filter((e) => val.has(e.word.toLowerCase())).length, 0);
});

test('meanSd: mean and sample standard deviation', () => {
  const s = meanSd([0.6, 0.7, 0.8]);
  assert.ok(Math.abs(s.mean - 0.7) < 1e-12 && Math.abs(s.sd - 0.1) < 1e-12 && s.n === 3);
  const t = meanSd([1, 2, 3, 4]); // variance (2.25 + 0.25 + 0.25 + 2.25) / 3
  assert.ok(Math.abs(t.sd - Math.sqrt(5 / 3)) < 1e-12);
  assert.deepEqual(meanSd([0.5]), { mean: 0.5, sd: 0, n: 1 });
  assert.throws(() => meanSd([]), AttnError);
});

test('crossValidate: folds × seeds runs for model and baseline, spreads over them, events', async () => {
  const C = 8, rng = new Rng(3), v = new Float32Array(WORDS.length * C).map(() => rng.normal());
  const wv = new WordVectors(WORDS, v, C);
  const config = { ...defaultModelConfig('wic', 'attention', C), dModel: 8, heads: 2, ffDim: 16, hidden: 8, maxLen: 8, dropout: 0 };
  const events: CrossValidateEvent[] = [];
  const cv = await crossValidate({ config, wv, examples: wicRows(), folds: 3, seeds: 2, firstSeed: 5, baseline: true, epochs: 1, onEvent: (e) => events.push(e) });
  assert.equal(cv.runs.length, 6);
  assert.deepEqual(cv.runs.map((r) => `${r.seed}/${r.fold}`), ['5/0', '5/1', '5/2', '6/0', '6/1', '6/2']);
  assert.equal(cv.metric, 'accuracy');
  const values = cv.runs.map((r) => r.value), base = cv.runs.map((r) => r.baseline!);
  assert.deepEqual(cv.model, meanSd(values));
  assert.deepEqual(cv.baseline, meanSd(base));
  assert.deepEqual(cv.gain, meanSd(values.map((x, i) => x - base[i])));
  for (const r of cv.runs) assert.equal(r.trainExamples + r.stopExamples + r.valExamples, 80);
  for (const r of cv.runs) assert.ok(r.stopExamples > 0 && r.stopExamples < r.trainExamples, 'early stopping on its own split, not on the fold');
  assert.deepEqual([events[0].type, events.at(-1)!.type], ['start', 'done']);
  assert.equal(events.filter((e) => e.type === 'result').length, 12);
  assert.ok(events.some((e) => e.type === 'train' && e.event.type === 'step'));
  // The same seeds give the same numbers.
  const again = await crossValidate({ config, wv, examples: wicRows(), folds: 3, seeds: 2, firstSeed: 5, baseline: true, epochs: 1 });
  assert.deepEqual(again.runs, cv.runs);
  await assert.rejects(crossValidate({ config, wv, examples: wicRows(), folds: 1 }), /folds must be an integer of at least 2/);
  await assert.rejects(crossValidate({ config, wv, examples: wicRows(), seeds: 0 }), /seeds must be an integer of at least 1/);
});
