// The models shipped in data/models/ through the built `attn`: each folder is complete, small and carries its
// data licence; predict gives the expected answers on clear cases; eval scores a slice of the training data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, sharedDir } from '../fixtures-dir.js';
import { attn, json } from '../cli/_run.js';

const MODELS = { sst2: 'sst2', wic: 'wic', 'idiom-zero-shot': 'idiom', 'idiom-one-shot': 'idiom' } as const;
const LICENCE = { sst2: /no licence is stated/, wic: /CC BY-NC 4\.0/, idiom: /GPL-3\.0/ };
const data = join(sharedDir, 'data');

test('each shipped model: model.safetensors ≤ 5 MB, config.json, a model card naming data, licence, metrics and time; its baseline beside it', () => {
  for (const [name, task] of Object.entries(MODELS)) {
    const dir = join(repoRoot, 'data/models', name);
    for (const d of [dir, join(dir, 'baseline')]) {
      assert.ok(statSync(join(d, 'model.safetensors')).size <= 5 * 2 ** 20, `${d} is over 5 MB`);
      const config = JSON.parse(readFileSync(join(d, 'config.json'), 'utf8'));
      assert.equal(config.format, 'attnlab-task-model');
      assert.equal(config.model.task, task);
      const card = readFileSync(join(d, 'README.md'), 'utf8');
      assert.match(card, LICENCE[task], `${d}/README.md licence`);
      assert.match(card, /\| this model \| \d+\.\d \| \d+\.\d \| \d+ s \| \d+ \|/, `${d}/README.md metrics`);
    }
    assert.match(readFileSync(join(dir, 'README.md'), 'utf8'), /static baseline \(same code, no encoder\)/);
  }
});

test('predict with the shipped models: sentiment, "bank" in two senses, an idiom', () => {
  assert.equal(json(['predict', '--model', 'sst2', 'a gorgeous , witty , seductive movie']).label, 'positive');
  assert.equal(json(['predict', '--model', 'sst2', 'a dull , lifeless and boring mess']).label, 'negative');
  const wic = json(['predict', '--model', 'wic', 'bank', 'He deposited money in the bank', 'He sat on the river bank']);
  assert.equal(wic.label, 'different'); // money in a bank, and a river bank: two senses, as any reader says
  assert.deepEqual(wic.sequences.map((s: { tokens: string[]; focus: number[] }) => s.tokens[s.focus[0]]), ['bank', 'bank']);
  for (const m of ['idiom-zero-shot', 'idiom-one-shot']) {
    const p = json(['predict', '--model', m, 'graveyard shift', 'Nurses on the graveyard shift rarely see daylight.']);
    // The night shift of nurses: idiomatic as any reader says (the expression has 25 rows in the training file).
    assert.equal(p.label, 'idiomatic', `${m}: P(idiomatic) ${p.probability}`);
    assert.deepEqual(p.sequences[0].focus.map((f: number) => p.sequences[0].tokens[f]), ['graveyard', 'shift']);
    assert.ok(Math.abs(p.sequences[0].weights.reduce((a: number, b: number) => a + b, 0) - 1) < 1e-3);
  }
});

test('the demo ends with the shipped models and marks each answer right or wrong against what a person would say', () => {
  const r = attn(['demo']);
  assert.equal(r.code, 0, r.stderr);
  const chapter = r.stdout.slice(r.stdout.indexOf('7. Trained attention'));
  assert.equal((chapter.match(/ (✓|✗ \(a person would say \w+\))$/gm) ?? []).length, 5, chapter);
  // Which words each idiom sentence's prediction attended to (the expression itself left out).
  assert.equal((chapter.match(/^ {6}attended to: \p{L}+ \d\.\d\d(, \p{L}+ \d\.\d\d){0,2}$/gmu) ?? []).length, 2, chapter);
  assert.ok(!/attended to:.*\b(break|leg) \d/.test(chapter), 'the expression is not listed as attended to');
  const j = json(['demo']).trained;
  assert.deepEqual(j.sst2.map((c: { expected: string }) => c.expected), ['positive', 'negative']);
  assert.deepEqual(j.idioms.map((c: { expected: string }) => c.expected), ['idiomatic', 'literal']);
});

test('eval with the shipped models on a slice of each training file', { skip: !existsSync(data) && `no ${data}` }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'attn-shipped-'));
  const head = (file: string, n: number) => readFileSync(join(data, file), 'utf8').split('\n').slice(0, n).join('\n') + '\n';
  writeFileSync(join(dir, 'sst2.tsv'), head('sst2/train.tsv', 301));
  writeFileSync(join(dir, 'wic.data.txt'), head('wic/train.data.txt', 200));
  writeFileSync(join(dir, 'wic.gold.txt'), head('wic/train.gold.txt', 200));
  writeFileSync(join(dir, 'idioms.csv'), head('semeval2022_task2a_idiomaticity/train_zero_shot.csv', 201));
  const sst2 = json(['eval', '--model', 'sst2', '--task', 'sst2', '--data', join(dir, 'sst2.tsv')]);
  assert.equal(sst2.n, 300);
  assert.ok(sst2.accuracy > 0.75, `sst2 accuracy ${sst2.accuracy}`);
  const wic = json(['eval', '--model', 'wic', '--task', 'wic', '--data', join(dir, 'wic.data.txt'), '--gold', join(dir, 'wic.gold.txt')]);
  assert.equal(wic.n, 200);
  assert.deepEqual(wic.confusion.labels, ['different', 'same']);
  // Rows of the training files (most of them trained on): well above chance unless loading, encoding or the label order broke.
  assert.ok(wic.accuracy > 0.65, `wic accuracy ${wic.accuracy} on training rows`);
  const idiom = json(['eval', '--model', 'idiom-zero-shot', '--task', 'idiom', '--data', join(dir, 'idioms.csv')]);
  assert.equal(idiom.n + Object.values(idiom.filtered as Record<string, number>).reduce((a, b) => a + b, 0), 200);
  assert.ok(idiom.macroF1 > 0.8, `idiom macro-F1 ${idiom.macroF1} on training rows`);
});

test('the idiom models on expressions no training file has (data/probes/idioms-unseen.csv): well above chance', () => {
  // 24 expressions, each in an idiomatic and a literal sentence of our own: the zero-shot setting's point.
  // 48 rows give macro-F1 to about ±0.07; chance is 0.5 and labelling everything one way gives 0.33.
  const probe = join(repoRoot, 'data', 'probes', 'idioms-unseen.csv');
  for (const m of ['idiom-zero-shot', 'idiom-one-shot']) {
    const r = json(['eval', '--model', m, '--data', probe]);
    assert.equal(r.n, 48);
    assert.ok(r.macroF1 >= 0.6, `${m}: macro-F1 ${r.macroF1} on the probe`);
    assert.ok(r.perClass.every((c: { recall: number }) => c.recall >= 0.4), `${m}: recall ${r.perClass.map((c: { recall: number }) => c.recall)}`);
  }
});
