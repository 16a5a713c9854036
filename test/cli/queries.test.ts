// CLI end-to-end: static-embedding commands through the built binary, --json schemas and reference values
// (GloVe 6B 100d as gensim reports them; the bundled file is float16, so allow 0.002).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attn, json } from './_run.js';

test('attn --help lists every command; subcommand --help shows examples', () => {
  const r = attn(['--help']);
  assert.equal(r.code, 0);
  for (const c of ['demo', 'similar', 'similarity', 'analogy', 'attend', 'polysemy', 'order', 'evaluate']) assert.match(r.stdout, new RegExp(c));
  const s = attn(['similar', '--help']);
  assert.equal(s.code, 0);
  assert.match(s.stdout, /EXAMPLES/);
  assert.match(s.stdout, /attn similar bank/);
});

test('similarity --json', () => {
  const out = json(['similarity', 'cat', 'dog']);
  assert.deepEqual(Object.keys(out).sort(), ['a', 'b', 'metric', 'value']);
  assert.equal(out.metric, 'cosine');
  assert.ok(Math.abs(out.value - 0.8798) < 0.002, `cosine(cat, dog) = ${out.value}`);
  const dot = json(['similarity', 'cat', 'dog', '--metric', 'dot']);
  assert.ok(dot.value > out.value, 'dot products of GloVe vectors exceed their cosines');
});

test('similar king --json matches gensim most_similar', () => {
  const out = json(['similar', 'king', '-k', '5']);
  const expected = [['prince', 0.7682], ['queen', 0.7508], ['son', 0.7021], ['brother', 0.6986], ['monarch', 0.6978]];
  assert.deepEqual(out.neighbours.map((n: any) => n.word), expected.map((e) => e[0]));
  out.neighbours.forEach((n: any, i: number) => assert.ok(Math.abs(n.cosine - (expected[i][1] as number)) < 0.002, `${n.word} ${n.cosine}`));
});

test('analogy man king woman → queen', () => {
  const out = json(['analogy', 'man', 'king', 'woman']);
  assert.equal(out.neighbours[0].word, 'queen');
  const cm = json(['analogy', 'man', 'king', 'woman', '--method', '3cosmul']);
  assert.equal(cm.neighbours[0].word, 'queen');
});

test('unknown word: exit 1, names the word and suggests close ones, no stack', () => {
  const r = attn(['similar', 'smartphonez']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /smartphonez/);
  assert.match(r.stderr, /smartphones/);
  assert.ok(r.stderr.trim().split('\n').length <= 3, r.stderr);
});

test('usage errors exit 2', () => {
  assert.equal(attn(['similarity', 'cat']).code, 2);
  assert.equal(attn(['similarity', 'cat', 'dog', '--metric', 'euclid']).code, 2);
  assert.equal(attn(['similar', 'cat', '--frobnicate']).code, 2);
  assert.equal(attn(['similar', 'cat', '-k', 'many']).code, 2);
  assert.equal(attn(['no-such-command']).code, 2);
});
