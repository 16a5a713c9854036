// Metrics against hand-worked cases (the same numbers scikit-learn gives), and the validation splits: seeded,
// group-disjoint, leak-free for SST-2's phrases, and one-shot moving one example per label into training.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classificationReport, validationSplit, AttnError, type Sst2Example, type IdiomExample, type WicExample } from '../../src/index.js';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

test('classificationReport: a hand-worked 10-example case', () => {
  // gold   0 0 0 0 0 0 1 1 1 1
  // pred   0 0 0 0 1 1 1 1 1 0
  // class 0: tp 4, fp 1, fn 2 → P 4/5, R 4/6, F1 2·0.8·0.667/1.467 = 8/11
  // class 1: tp 3, fp 2, fn 1 → P 3/5, R 3/4, F1 2·0.6·0.75/1.35 = 2/3
  const r = classificationReport([0, 0, 0, 0, 0, 0, 1, 1, 1, 1], [0, 0, 0, 0, 1, 1, 1, 1, 1, 0], ['neg', 'pos']);
  close(r.accuracy, 0.7);
  close(r.perClass[0].precision, 0.8);
  close(r.perClass[0].recall, 4 / 6);
  close(r.perClass[0].f1, 8 / 11);
  close(r.perClass[1].precision, 0.6);
  close(r.perClass[1].recall, 0.75);
  close(r.perClass[1].f1, 2 / 3);
  close(r.macroF1, (8 / 11 + 2 / 3) / 2);
  assert.deepEqual(r.confusion, [[4, 2], [1, 3]]);
  assert.deepEqual(r.perClass.map((c) => c.support), [6, 4]);
});

test('classificationReport: a class never predicted has precision 0 (sklearn zero_division=0); bad input throws', () => {
  const r = classificationReport([0, 1, 1], [0, 0, 0], ['a', 'b']);
  close(r.perClass[1].precision, 0);
  close(r.perClass[1].f1, 0);
  close(r.perClass[0].precision, 1 / 3);
  close(r.macroF1, 0.25); // F1(a) = 2·(1/3)·1/(4/3) = 0.5
  assert.throws(() => classificationReport([0], [0, 1], ['a', 'b']), AttnError);
  assert.throws(() => classificationReport([0, 2], [0, 1], ['a', 'b']), /integers in \[0, 2\)/);
  assert.throws(() => classificationReport([], [], ['a', 'b']), /no examples/);
});

const wic = (word: string, i: number): WicExample => ({ task: 'wic', word, pos: 'N', index1: 0, index2: 0, sentence1: `${word} a`, sentence2: `${word} b`, label: i % 2, line: i + 1 });

test('WiC split: seeded, deterministic, and no target word on both sides', () => {
  const ex = Array.from({ length: 200 }, (_, i) => wic(`w${i % 37}`, i));
  const a = validationSplit(ex, { fraction: 0.2, seed: 3 }), b = validationSplit(ex, { fraction: 0.2, seed: 3 });
  assert.deepEqual(a.val.map((e) => e.line), b.val.map((e) => e.line));
  assert.equal(a.train.length + a.val.length, 200);
  const trainWords = new Set(a.train.map((e) => e.word));
  assert.ok(a.val.every((e) => !trainWords.has(e.word)));
  assert.ok(a.val.length >= 40 && a.val.length < 60, `val ${a.val.length}`);
  assert.notDeepEqual(validationSplit(ex, { fraction: 0.2, seed: 4 }).val.map((e) => e.line), a.val.map((e) => e.line));
  assert.throws(() => validationSplit(ex, { fraction: 1 }), /fraction/);
});

test('SST-2 split: held-out sentences are whole, none is inside a training row, and their phrases leave training', () => {
  const words = 'the film is a gorgeous witty seductive movie with dull plot and bad acting but great music'.split(' ');
  const sentences = Array.from({ length: 120 }, (_, i) => Array.from({ length: 8 + (i % 5) }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ') + ` s${i}`);
  const ex: Sst2Example[] = [];
  sentences.forEach((s, i) => {
    const w = s.split(' ');
    ex.push({ task: 'sst2', text: s, label: i % 2, line: ex.length + 2 });
    for (let k = 2; k < w.length; k += 3) ex.push({ task: 'sst2', text: w.slice(k).join(' '), label: i % 2, line: ex.length + 2 });
  });
  const sp = validationSplit(ex, { fraction: 0.2, seed: 0 });
  assert.ok(sp.val.length > 0 && sp.dropped > 0);
  for (const v of sp.val) {
    assert.ok(sentences.includes(v.text), `held out "${v.text}" is not a whole sentence`);
    assert.ok(!sp.train.some((t) => ` ${t.text} `.includes(` ${v.text} `) || ` ${v.text} `.includes(` ${t.text} `)), `"${v.text}" overlaps training`);
  }
  assert.equal(sp.train.length + sp.val.length + sp.dropped, ex.length);
});

const idiom = (mwe: string, label: number, i: number): IdiomExample => ({ task: 'idiom', id: `x.${i}`, language: 'EN', mwe, previous: '', target: `a ${mwe} here`, next: '', label, line: i + 2 });

test('idiom split: zero-shot holds out whole expressions; one-shot moves one example per label of each back', () => {
  const ex = Array.from({ length: 120 }, (_, i) => idiom(`m${i % 12} x`, Math.floor(i / 12) % 2, i));
  const z = validationSplit(ex, { fraction: 0.25, seed: 1 });
  const heldOut = new Set(z.val.map((e) => e.mwe));
  assert.ok(z.train.every((e) => !heldOut.has(e.mwe)));
  const o = validationSplit(ex, { fraction: 0.25, seed: 1, setting: 'one-shot' });
  assert.deepEqual(new Set(o.val.map((e) => e.mwe)), heldOut);
  for (const m of heldOut) {
    const shots = o.train.filter((e) => e.mwe === m);
    assert.deepEqual(shots.map((e) => e.label).sort(), [0, 1], `${m}: one shot per label`);
  }
  assert.equal(o.train.length + o.val.length, 120);
});
