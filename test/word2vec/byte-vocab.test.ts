// The byte path of the word2vec reader against the string path it replaces: the scanner splits on exactly
// the code points /\s/ matches (all of Unicode checked), maps tokens to the ids a Map of the words gives,
// the byte reader sees the same lines of each file range, and a trainer fed bytes ends with the same vectors.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ByteVocab } from '../../src/embeddings/word2vec/byte-vocab.js';
import { countVocab, createModel, SentenceTrainer, WORD2VEC_DEFAULTS, MAX_SENTENCE } from '../../src/index.js';
import { forEachLine, splitRanges } from '../../src/node/index.js';
import { forEachLineBytes } from '../../src/node/corpus-file.js';
import { tempDir } from '../embeddings/_helpers.js';
import { topicLines } from './_corpus.js';

const tmp = tempDir();
after(tmp.remove);
const enc = new TextEncoder();

test('scan: a code point separates two tokens exactly when /\\s/ matches it (every code point)', () => {
  const v = new ByteVocab(['a', 'b']);
  const ids = new Int32Array(4);
  const wrong: string[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue; // not encodable in UTF-8
    const bytes = enc.encode(`a${String.fromCodePoint(cp)}b`);
    const tokens = v.scan(bytes, 0, bytes.length, ids, () => undefined);
    if ((tokens === 2) !== /\s/.test(String.fromCodePoint(cp))) wrong.push(cp.toString(16));
  }
  assert.deepEqual(wrong, [], 'code points split differently from /\\s/');
});

test('scan: the ids of a Map lookup of split(/\\s+/), words outside the vocabulary dropped, cut at ids.length', () => {
  const words = ['the', 'cat', 'naïve', '—', 'x', 'über', '日本', 'a\u0085b'];
  const v = new ByteVocab(words);
  const index = new Map(words.map((w, i) => [w, i]));
  const parts = [...words, 'dog', 'th', 'thee', '\u00a0', ' ', '\t', '\u3000', '\ufeff', '\u2028', '\r'];
  let s = 11;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let trial = 0; trial < 300; trial++) {
    let line = '';
    for (let k = Math.floor(rnd() * 40); k > 0; k--) line += parts[Math.floor(rnd() * parts.length)] + (rnd() < 0.7 ? ' ' : '');
    const tokens = line.split(/\s+/).filter(Boolean);
    const want = tokens.map((t) => index.get(t)).filter((x) => x !== undefined);
    const bytes = enc.encode(line);
    const got: number[] = [], ids = new Int32Array(3), chunks: number[] = [];
    const n = v.scan(bytes, 0, bytes.length, ids, (k) => { got.push(...ids.subarray(0, k)); chunks.push(k); });
    assert.equal(n, tokens.length, JSON.stringify(line));
    assert.deepEqual(got, want, JSON.stringify(line));
    assert.ok(chunks.slice(0, -1).every((k) => k === 3) && chunks.every((k) => k > 0), `chunks ${chunks}`);
  }
  assert.equal(v.lookup(enc.encode('über'), 0, 5), 5);
  assert.equal(v.lookup(enc.encode('übe'), 0, 4), -1);
});

test('forEachLineBytes: the same lines as forEachLine over every range split', () => {
  const lines = ['alpha beta', '', '  gamma\u00a0delta  ', 'ε ζ', '\t', 'last line without newline'];
  const file = join(tmp.dir, 'lines.txt');
  writeFileSync(file, lines.join('\n'));
  const size = Buffer.byteLength(lines.join('\n'));
  for (const n of [1, 2, 3, 5]) {
    const a: string[] = [], b: string[] = [];
    for (const [s, e] of splitRanges(size, n)) {
      forEachLine(file, s, e, (t) => a.push(t.join(' ')));
      forEachLineBytes(file, s, e, (buf, from, to) => {
        const t = new TextDecoder().decode(buf.subarray(from, to)).split(/\s+/).filter(Boolean);
        if (t.length) b.push(t.join(' '));
      });
    }
    assert.deepEqual(b, a, `${n} ranges`);
  }
});

test('SentenceTrainer: addBytes trains the same vectors as add (js kernel, one thread)', () => {
  // Lines longer than MAX_SENTENCE check that both cut them at the same places.
  const lines = topicLines(400).map((l, i) => (i % 50 === 0 ? Array.from({ length: MAX_SENTENCE + 7 }, (_, k) => l[k % l.length]) : l));
  lines.push(['a1', 'unknownword', 'b2']);
  const s = { ...WORD2VEC_DEFAULTS, dim: 16, minCount: 2, epochs: 1 };
  const vocab = countVocab(() => lines, s.minCount);
  const run = (bytes: boolean) => {
    const model = createModel(vocab, s);
    const t = new SentenceTrainer(model, vocab, s, new Float64Array(1), 0);
    t.startEpoch(0);
    for (const l of lines) {
      if (!bytes) t.add(l);
      else {
        const b = enc.encode(` ${l.join('  ')}\u2003`);
        t.addBytes(b, 0, b.length);
      }
    }
    t.flush();
    return { syn0: model.syn0, done: t.progress[0], totals: Array.from(t.totals) };
  };
  const a = run(false), b = run(true);
  assert.equal(b.done, a.done);
  assert.deepEqual(b.totals, a.totals);
  assert.ok(b.syn0.every((x, i) => Object.is(x, a.syn0[i])), 'syn0 differs');
});
