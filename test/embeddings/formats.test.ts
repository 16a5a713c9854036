// File formats: every writer's output reads back identically, through auto-detection, in chunks of any
// size (down to one byte); limit, progress, and the wink JSON layout on a small sample.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  WordVectors, parseVectors, createVectorParser, detectFormat, encodeText, encodeWord2vecBinary, encodeAttnvec,
  formatFloat32, decodeFloat16, encodeFloat16,
} from '../../src/index.js';
import type { VectorFormat } from '../../src/index.js';
import { randomVectors, concat, rng } from './_helpers.js';

const wv = randomVectors(300, 7, 11, Array.from({ length: 300 }, (_, i) => (i === 5 ? 'café' : i === 6 ? 'naïve-ü' : i === 7 ? '"' : `w${i}`)));
const encoders: [VectorFormat, () => Uint8Array][] = [
  ['glove', () => concat(encodeText(wv))],
  ['word2vec', () => concat(encodeText(wv, { header: true }))],
  ['word2vec-binary', () => concat(encodeWord2vecBinary(wv))],
  ['attnvec', () => concat(encodeAttnvec(wv))],
];

function assertSame(a: WordVectors, b: WordVectors) {
  assert.deepEqual(a.words, b.words);
  assert.equal(a.dim, b.dim);
  assert.deepEqual(a.vectors, b.vectors);
}

/** Feeds `bytes` in pieces of random sizes (1 … max). */
function parseChunked(bytes: Uint8Array, max: number, seed: number, options = {}) {
  const r = rng(seed);
  const p = createVectorParser(options);
  for (let o = 0; o < bytes.length; ) {
    const n = 1 + Math.floor(r() * max);
    p.push(bytes.slice(o, o + n));
    o += n;
  }
  return p.end();
}

for (const [format, encode] of encoders) {
  test(`${format}: round trip is exact, detected automatically, in any chunking`, () => {
    const bytes = encode();
    assert.equal(detectFormat(bytes, true), format);
    assertSame(parseVectors(bytes), wv);
    assertSame(parseVectors(bytes, { format }), wv);
    assertSame(parseChunked(bytes, 1, 1), wv);
    assertSame(parseChunked(bytes, 97, 2), wv);
    assertSame(parseChunked(bytes, 5000, 3), wv);
  });

  test(`${format}: limit keeps the first N words and says when it is full`, () => {
    const bytes = encode();
    const p = createVectorParser({ limit: 10 });
    let pushed = 0;
    for (let o = 0; o < bytes.length && !p.full; o += 64) {
      p.push(bytes.subarray(o, o + 64));
      pushed += 64;
    }
    assert.ok(p.full);
    assert.ok(pushed < bytes.length, 'stopped reading early');
    assertSame(p.end(), wv.head(10));
  });
}

test('float16 .attnvec reads back as the float16-rounded values', () => {
  const back = parseVectors(concat(encodeAttnvec(wv, { dtype: 'float16' })));
  assert.deepEqual(back.words, wv.words);
  assert.deepEqual(back.vectors, decodeFloat16(encodeFloat16(wv.vectors)));
});

test('reusing the pushed buffer does not corrupt any parser (callers may recycle their chunk)', () => {
  for (const [, encode] of encoders) {
    const bytes = encode();
    const p = createVectorParser();
    const scratch = new Uint8Array(33);
    for (let o = 0; o < bytes.length; o += 33) {
      const piece = bytes.subarray(o, o + 33);
      scratch.set(piece);
      p.push(scratch.subarray(0, piece.length));
      scratch.fill(0xee);
    }
    assertSame(p.end(), wv);
  }
});

test('progress reports bytes consumed and words read', () => {
  const bytes = concat(encodeText(wv));
  const seen: { bytes: number; words: number }[] = [];
  const p = createVectorParser({ onProgress: (e) => seen.push(e) });
  for (let o = 0; o < bytes.length; o += 1000) p.push(bytes.subarray(o, o + 1000));
  p.end();
  assert.equal(seen.length, Math.ceil(bytes.length / 1000));
  assert.equal(seen.at(-1)!.bytes, bytes.length);
  assert.ok(seen.every((e, i) => i === 0 || (e.bytes > seen[i - 1].bytes && e.words >= seen[i - 1].words)));
});

test('text: CRLF, tabs, repeated spaces, trailing spaces and blank lines are accepted', () => {
  const text = '3 2 \r\nthe 1 2 \r\n\r\nof\t3   4\n  and 5e-1 -6E+0\n\n';
  const v = parseVectors(new TextEncoder().encode(text));
  assert.deepEqual(v.words, ['the', 'of', 'and']);
  assert.deepEqual([...v.vectors], [1, 2, 3, 4, 0.5, -6]);
});

test('formatFloat32 writes the shortest of 6–9 digits that reads back exactly', () => {
  assert.equal(formatFloat32(Math.fround(0.1)), '0.1');
  assert.equal(formatFloat32(Math.fround(-0.51725)), '-0.51725');
  assert.equal(formatFloat32(1), '1');
  assert.equal(formatFloat32(Math.fround(1e-7)), '1e-7');
  const r = rng(5);
  for (let i = 0; i < 2000; i++) {
    const x = Math.fround((r() - 0.5) * 10 ** Math.floor(r() * 12 - 6));
    assert.equal(Math.fround(Number(formatFloat32(x))), x);
  }
});

test('wink-embeddings JSON: vectors in index order with escapes, extra keys skipped, numbers rounded like JSON.parse', () => {
  const words = ['the', ',', '"', 'naïve', 'a\\b'];
  const vectors: Record<string, number[]> = {};
  const r = rng(9);
  words.forEach((w, i) => (vectors[w] = [...Array.from({ length: 3 }, () => +(r() * 4 - 2).toFixed(6)), 1.2345, i]));
  vectors['the'][0] = 1.5e-7;
  vectors[','][1] = -0.1234567890123456789;
  const json = JSON.stringify({ precision: 8, l2NormIndex: 3, wordIndex: 4, size: 5, dimensions: 3, words, vectors, unkVector: [0, 0, 0, 0, -1] });
  const bytes = new TextEncoder().encode(json);
  assert.equal(detectFormat(bytes, true), 'wink-json');
  for (const v of [parseVectors(bytes), parseChunked(bytes, 1, 4), parseChunked(bytes, 50, 5)]) {
    assert.deepEqual(v.words, words);
    assert.deepEqual([...v.vectors], words.flatMap((w) => vectors[w].slice(0, 3).map(Math.fround)));
  }
  assert.deepEqual(parseVectors(bytes, { limit: 2 }).words, ['the', ',']);
});
