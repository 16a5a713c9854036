// Malformed vector files, written to a temporary folder and loaded through attnlab/node: each is one
// E_FORMAT (or E_NOT_FOUND / E_INPUT) AttnError on one line, naming the file and, for text, the line.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AttnError, encodeAttnvec, encodeWord2vecBinary, WordVectors } from '../../src/index.js';
import { loadVectors } from '../../src/node/index.js';
import { concat, tempDir } from './_helpers.js';

const tmp = tempDir();
after(tmp.remove);
let n = 0;

/** Writes `content` to a new file and expects loading it to fail with `code` and a message matching `re`. */
async function rejects(content: string | Uint8Array, re: RegExp, code = 'E_FORMAT', name = `f${n++}.txt`) {
  const file = join(tmp.dir, name);
  writeFileSync(file, content);
  await assert.rejects(loadVectors(file), (e: unknown) => {
    assert.ok(e instanceof AttnError, `not an AttnError: ${e}`);
    assert.equal(e.code, code, e.message);
    assert.match(e.message, re);
    assert.ok(!e.message.includes('\n'), 'one line');
    if (code === 'E_FORMAT') assert.ok(e.message.startsWith(file), `names the file: ${e.message}`);
    return true;
  });
}

const small = new WordVectors(['a', 'b', 'c'], new Float32Array([1, 2, 3, 4, 5, 6]), 2);

test('text: wrong number of values, with file and line', async () => {
  await rejects('a 1 2\nb 3 4\nc 5\n', /:3: expected 2 values after "c" \(as on the first line\), found 1/);
  await rejects('2 3\na 1 2 3\nb 1 2\n', /:3: expected 3 values after "b" \(as the header says\), found 2/);
  await rejects('lonely\n', /:1: "lonely" has no values/);
});

test('text: a non-number, NaN, Infinity', async () => {
  await rejects('a 1 2\nb 3 x4\n', /:2: "x4" is not a number: value 2 of "b"/);
  await rejects('a 1 2\nb 0x1F 4\n', /:2: "0x1F" is not a number/);
  await rejects('a 1 NaN\n', /:1: NaN \(NaN and Infinity are not allowed\): value 2 of "a"/);
  await rejects('a 1 2\nb -inf 4\n', /:2: -inf \(NaN and Infinity are not allowed\)/);
  await rejects('a 1e999 2\n', /:1: 1e999 is beyond the float32 range/);
});

test('text: duplicate word names both lines', async () => {
  await rejects('a 1 2\nb 3 4\n\na 5 6\n', /:4: duplicate word "a" \(first seen on line 1\)/);
});

test('empty file, whitespace only, header only', async () => {
  await rejects('', /: empty file$/);
  await rejects('\n\n  \n', /no word vectors/);
  await rejects('0 5\n', /no word vectors/);
});

test('a header that lies about the count: fewer or more rows than announced', async () => {
  await rejects('5 2\na 1 2\nb 3 4\nc 5 6\n', /:1: the header announces 5 words but the file has 3/);
  await rejects('2 2\na 1 2\nb 3 4\nc 5 6\n', /:4: the header announces 2 words but the file has more/);
  const bin = concat(encodeWord2vecBinary(small));
  const lying = (count: number) => concat([new TextEncoder().encode(`${count} 2\n`), bin.subarray(bin.indexOf(10) + 1)]);
  await rejects(lying(4), /truncated: the header announces 4 words but the file ends after 3/, 'E_FORMAT', 'lie4.bin');
  await rejects(lying(2), /the header announces 2 words but there is more data at byte \d+/, 'E_FORMAT', 'lie2.bin');
});

test('binary garbage and broken UTF-8', async () => {
  const garbage = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 256);
  await rejects(garbage, /binary data at byte \d+ that is no known vector format/);
  await rejects(concat([new TextEncoder().encode('a 1 2\n'.repeat(1000)), Uint8Array.of(0xff, 0xfe), new TextEncoder().encode(' 1 2\n')]), /:1001: not UTF-8 text/);
});

test('word2vec binary: truncated inside a vector, NaN value, a word without its space', async () => {
  const bin = concat(encodeWord2vecBinary(small));
  await rejects(bin.subarray(0, bin.length - 3), /truncated: the header announces 3 words but the file ends after 2, inside word #3/, 'E_FORMAT', 't.bin');
  const nan = bin.slice();
  new DataView(nan.buffer).setFloat32(nan.indexOf(32, 5) + 1, NaN, true); // the first value of "a"
  await rejects(nan, /word #1 \(byte 4\): value 1 of "a" is NaN/, 'E_FORMAT', 'nan.bin');
  await rejects(concat([new TextEncoder().encode('1 2\n'), new Uint8Array(1200).fill(0x80)]), /no space after 1000 bytes/, 'E_FORMAT', 'nospace.bin');
});

test('.attnvec: truncated, trailing bytes, bad version, duplicate words, NaN', async () => {
  const f32 = concat(encodeAttnvec(small));
  await rejects(f32.subarray(0, f32.length - 2), /truncated: the file ends inside the data of word #3 "c"/, 'E_FORMAT', 'a.attnvec');
  await rejects(f32.subarray(0, 20), /truncated: the file ends inside the header/, 'E_FORMAT', 'b.attnvec');
  await rejects(concat([f32, Uint8Array.of(0)]), /unexpected bytes after the data/, 'E_FORMAT', 'c.attnvec');
  const v2 = f32.slice();
  v2[8] = 2;
  await rejects(v2, /unsupported \.attnvec version 2 \(this build reads version 1\)/, 'E_FORMAT', 'd.attnvec');
  const dup = f32.slice();
  dup[24 + 2] = 'a'.charCodeAt(0); // words blob "a\nb\nc" → "a\na\nc"
  await rejects(dup, /duplicate word "a"/, 'E_FORMAT', 'e.attnvec');
  const nan = f32.slice();
  new DataView(nan.buffer).setFloat32(nan.length - 4, NaN, true);
  await rejects(nan, /"c" has a non-finite value \(NaN\) at component 2/, 'E_FORMAT', 'f.attnvec');
});

test('wink JSON: truncated or out of order', async () => {
  const json = '{"l2NormIndex":2,"wordIndex":3,"dimensions":2,"size":2,"words":["a","b"],"vectors":{"a":[1,2,2.2,0],"b":[3,4,5,1]}}';
  await rejects(json.slice(0, -10), /truncated or malformed JSON/, 'E_FORMAT', 'a.json');
  await rejects(json.replace('"b":[3,4,5,1]', '"b":[3,4,5,7]'), /"b" \(byte \d+\) has index 7, expected 1/, 'E_FORMAT', 'b.json');
  await rejects(json.replace('[3,4,5,1]', '[3,4,1]'), /"b" \(byte \d+\) has 3 numbers; expected 4/, 'E_FORMAT', 'c.json');
});

test('a missing file is E_NOT_FOUND, a folder E_INPUT', async () => {
  await assert.rejects(loadVectors(join(tmp.dir, 'nope.txt')), (e: unknown) => e instanceof AttnError && e.code === 'E_NOT_FOUND' && /nope\.txt: no such file/.test(e.message));
  mkdirSync(join(tmp.dir, 'folder'));
  await assert.rejects(loadVectors(join(tmp.dir, 'folder')), (e: unknown) => e instanceof AttnError && e.code === 'E_INPUT' && /is a folder/.test(e.message));
  await assert.rejects(loadVectors(join(tmp.dir, 'x.txt'), { limit: 0 }), /limit must be a positive integer/);
});

/** Loads `content` from a new file and returns the vectors (for inputs that must read correctly). */
async function loads(content: string | Uint8Array, name = `ok${n++}.txt`) {
  const file = join(tmp.dir, name);
  writeFileSync(file, content);
  return loadVectors(file);
}

test('text: a field that is only a Unicode space is not a number (never 0), and is shown escaped', async () => {
  for (const space of ['\u00a0', '\u3000', '\ufeff', '\u2028', '\u2009']) {
    const hex = space.charCodeAt(0).toString(16).padStart(4, '0');
    await rejects(`a 1 ${space}\n`, new RegExp(`:1: "\\\\u${hex}" is not a number: value 2 of "a"`));
    await rejects(`a 1 2${space}\n`, /:1: ".*" is not a number: value 2 of "a"/);
  }
  await rejects('a 1 2\nb 3 0x10\n', /:2: "0x10" is not a number/);
  await rejects('a 1 2\nb 3 0b1\n', /:2: "0b1" is not a number/);
});

test('text and wink JSON: a value beyond float32 is an error with the file (never Infinity)', async () => {
  await rejects('a 1 2\nb 1e39 4\n', /:2: 1e39 is beyond the float32 range \(±3\.4e38\): value 1 of "b"/);
  await rejects('{"dimensions":2,"vectors":{"a":[1,-1e39,3,0]}}', /byte \d+: value 2 of "a" is -1e\+39, beyond the float32 range/, 'E_FORMAT', 'big.json');
});

test('a UTF-8 byte order mark before a word2vec header or a JSON object is not part of the data', async () => {
  const w2v = await loads('\ufeff2 2\nking 1 2\nqueen 3 4\n');
  assert.deepEqual(w2v.words, ['king', 'queen']);
  const glove = await loads('\ufeffking 1 2\n');
  assert.deepEqual(glove.words, ['king']);
  const wink = await loads('\ufeff{"dimensions":2,"vectors":{"a":[1,2,3,0]}}', 'bom.json');
  assert.deepEqual(wink.words, ['a']);
});

test('a header that declares more than the file can hold is refused before anything is allocated', async () => {
  await rejects('1000000000 3\na 1 2 3\n', /:1: the header declares 1000000000 words of dimension 3, which need at least \d+ bytes, but the file has 21/);
  await rejects('2 2147483648\na 1\n', /:1: the header declares dimension 2147483648; it must be between 1 and 65536/);
  await rejects(concat([new TextEncoder().encode('1000000000 3\n'), new Uint8Array(200).fill(7)]), /:1: the header declares 1000000000 words/, 'E_FORMAT', 'big.bin');
  const att = concat(encodeAttnvec(small));
  const view = new DataView(att.buffer, att.byteOffset);
  view.setUint32(16, 1 << 30, true); // C
  await rejects(att, /declares dimension 1073741824; it must be at most 65536/, 'E_FORMAT', 'c.attnvec');
  view.setUint32(16, 2, true);
  view.setUint32(20, 1e6, true); // W
  await rejects(att, /the header's word list of 1000000 bytes runs past the end of the \d+-byte file/, 'E_FORMAT', 'd.attnvec');
  const wide = concat(encodeAttnvec(new WordVectors(Array.from({ length: 100 }, (_, i) => `w${i}`), new Float32Array(100), 1)));
  new DataView(wide.buffer, wide.byteOffset).setUint32(16, 65536, true);
  await rejects(wide, /declares 100 words of dimension 65536 \(float32\) in \d+ bytes, but the file has \d+/, 'E_FORMAT', 'e.attnvec');
});

test('a device or pipe is refused as a vector file (no unbounded read)', async () => {
  await assert.rejects(loadVectors('/dev/zero'), (e: unknown) => e instanceof AttnError && /is not a regular file/.test(e.message));
});
