// WordVectors: construction checks, lookups, the unknown-word error, norms and the unit matrix, head().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WordVectors, AttnError } from '../../src/index.js';
import { randomVectors } from './_helpers.js';

const wv = new WordVectors(['king', 'queen', 'apple', 'zero'], new Float32Array([3, 4, 0.6, 0.8, -1, 0, 0, 0]), 2);

test('lookups: has, indexOf, vector (a view), size', () => {
  assert.equal(wv.size, 4);
  assert.equal(wv.dim, 2);
  assert.ok(wv.has('queen'));
  assert.ok(!wv.has('Queen'));
  assert.equal(wv.indexOf('apple'), 2);
  assert.equal(wv.indexOf('pear'), -1);
  assert.deepEqual([...wv.vector('king')], [3, 4]);
  assert.equal(wv.vector('king').buffer, wv.vectors.buffer);
});

test('vector() of an unknown word throws E_UNKNOWN_WORD naming it, with suggestions', () => {
  assert.throws(() => wv.vector('kinq'), (e: unknown) => {
    assert.ok(e instanceof AttnError);
    assert.equal(e.code, 'E_UNKNOWN_WORD');
    assert.match(e.message, /unknown word "kinq" \(did you mean "king"\?\)/);
    assert.deepEqual(e.details.words, ['kinq']);
    assert.deepEqual(e.details.suggestions, { kinq: ['king'] });
    return true;
  });
});

test('norms, unit vectors (zero rows stay zero) and cosine/dot similarity', () => {
  assert.deepEqual([...wv.norms()], [5, 1, 1, 0]);
  const unit = wv.unitVectors();
  assert.deepEqual([...unit.subarray(0, 2)].map((x) => +x.toFixed(6)), [0.6, 0.8]);
  assert.deepEqual([...unit.subarray(6, 8)], [0, 0]);
  assert.equal(wv.unitVectors(), unit, 'cached');
  assert.ok(Math.abs(wv.similarity('king', 'queen') - 1) < 1e-6);
  assert.ok(Math.abs(wv.similarity('king', 'queen', 'dot') - 5) < 1e-6);
  assert.ok(Math.abs(wv.similarity('king', 'apple') + 0.6) < 1e-6);
  assert.equal(wv.similarity('king', 'zero'), 0);
});

test('head(n) keeps the first n words and shares memory', () => {
  const big = randomVectors(100, 8, 3);
  const top = big.head(10);
  assert.equal(top.size, 10);
  assert.deepEqual(top.words, big.words.slice(0, 10));
  assert.equal(top.vectors.buffer, big.vectors.buffer);
  assert.equal(top.indexOf('w9'), 9);
  assert.equal(top.indexOf('w10'), -1);
  assert.equal(big.head(1000), big);
  assert.throws(() => big.head(0), /positive integer/);
});

test('construction rejects inconsistent sizes, bad dims, duplicates, empty words and NaN/Infinity', () => {
  const bad = (f: () => unknown, re: RegExp) => assert.throws(f, (e: unknown) => e instanceof AttnError && re.test(e.message));
  bad(() => new WordVectors(['a', 'b'], new Float32Array(3), 2), /2 words × 2 dims needs 4 values, got 3/);
  bad(() => new WordVectors(['a'], new Float32Array(0), 0), /dim must be a positive integer/);
  bad(() => new WordVectors(['a', 'a'], new Float32Array(2), 1), /duplicate word "a" \(#1 and #2\)/);
  bad(() => new WordVectors(['a', ''], new Float32Array(2), 1), /word #2 is empty/);
  bad(() => new WordVectors(['a', 'b'], new Float32Array([1, NaN]), 1), /"b" has a non-finite value \(NaN\) at component 1/);
  bad(() => new WordVectors(['a'], new Float32Array([1, Infinity]), 2), /"a" has a non-finite value \(Infinity\) at component 2/);
});
