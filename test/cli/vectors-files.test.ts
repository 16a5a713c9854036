// CLI end-to-end: --vectors with other formats and malformed files (file and line in one clear message).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attn, json, noStack } from './_run.js';

const dir = mkdtempSync(join(tmpdir(), 'attn-cli-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

test('a small GloVe text file works for every query', () => {
  const p = file('tiny.txt', 'king 1 0 0\nqueen 0.9 0.1 0\nman 0.5 0.5 0\nwoman 0.4 0.6 0\n');
  const out = json(['similarity', 'king', 'queen', '--vectors', p]);
  assert.ok(Math.abs(out.value - 0.9 / Math.sqrt(0.82)) < 1e-6);
  const att = json(['attend', 'king queen', '--vectors', p]);
  assert.equal(att.outputs[0].length, 3);
});

test('malformed vector files: exit 1, file:line named, no stack', () => {
  const cases: [string, string, RegExp][] = [
    ['short.txt', 'a 1 2 3\nb 1 2\n', /short\.txt:2/],
    ['nan.txt', 'a 1 2 3\nb 1 NaN 3\n', /nan\.txt:2/],
    ['word.txt', 'a 1 2 3\nb 1 x 3\n', /word\.txt:2/],
    ['dup.txt', 'a 1 2 3\na 1 2 3\n', /dup\.txt:2/],
    ['empty.txt', '', /empty\.txt/],
    ['liar.txt', '5 3\na 1 2 3\nb 1 2 3\n', /liar\.txt/],
  ];
  for (const [name, text, re] of cases) {
    const r = attn(['similar', 'a', '--vectors', file(name, text)]);
    assert.equal(r.code, 1, `${name}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.ok(noStack(r.stderr), r.stderr);
  }
  const missing = attn(['similar', 'a', '--vectors', join(dir, 'nope.txt')]);
  assert.equal(missing.code, 1);
  assert.ok(noStack(missing.stderr));
});

test('evaluate pairs and analogies --json schemas', () => {
  const pairs = file('pairs.csv', 'Word 1,Word 2,Human (mean)\nking,queen,8\nman,woman,8.3\nking,woman,3\nqueen,man,2.5\nking,zzz,1\n');
  const vec = file('v.txt', 'king 1 0 0\nqueen 0.9 0.1 0\nman 0.5 0.5 0\nwoman 0.4 0.6 0\n');
  const out = json(['evaluate', 'pairs', pairs, '--vectors', vec]);
  assert.deepEqual(Object.keys(out).filter((k) => k !== 'file').sort(), ['oovRatio', 'pairs', 'pearson', 'spearman']);
  assert.equal(out.pairs, 4);
  assert.equal(out.oovRatio, 20);
  const q = file('q.txt', ': gender\nking queen man woman\nman woman king queen\n');
  const a = json(['evaluate', 'analogies', q, '--vectors', vec]);
  assert.equal(a.total, 2);
  assert.equal(a.sections[0].name, 'gender');
  assert.ok(a.accuracy >= 0 && a.accuracy <= 1);
});
