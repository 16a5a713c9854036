// CLI end-to-end for `attn attend --tiles N`: the online softmax of one query word, tile by tile, whose last
// partial output is that word's row of `attn attend --json`; usage errors for --query without --tiles and out
// of range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attn, json } from './_run.js';

test('attend --tiles --json: one entry per tile, the last partial output is the attention output row', () => {
  const sentence = 'the bank of the river';
  const full = json(['attend', sentence]);
  const t = json(['attend', sentence, '--tiles', '2', '--query', '5']);
  assert.deepEqual(t.query, { index: 4, word: 'river' });
  assert.deepEqual(t.tiles.map((x: any) => x.keys), [['the', 'bank'], ['of', 'the'], ['river']]);
  assert.ok(t.tiles[2].max > t.tiles[1].max && t.tiles[2].rescale < 1, 'the max moves on the last tile and rescales the sum');
  t.output.forEach((v: number, d: number) => assert.ok(Math.abs(v - full.outputs[4][d]) < 1e-5, `dim ${d}: ${v} vs ${full.outputs[4][d]}`));
  assert.deepEqual(t.tiles[2].output, t.output);
});

test('attend --tiles prints a table per tile', () => {
  const r = attn(['attend', 'Humans love smartphones', '--tiles', '1']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /tile 3 of 3: keys 3–3/);
  assert.match(r.stdout, /m = [\d.]+ {3}rescale = [\d.]+ {3}l = [\d.]+/);
});

test('attend: --query needs --tiles and a word of the sentence; --tiles needs a positive integer', () => {
  assert.equal(attn(['attend', 'Humans love smartphones', '--query', '2']).code, 2);
  assert.match(attn(['attend', 'Humans love smartphones', '--tiles', '2', '--query', '4']).stderr, /--query 4: the sentence has 3 words/);
  assert.equal(attn(['attend', 'Humans love smartphones', '--tiles', '0']).code, 2);
});
