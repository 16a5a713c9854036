// CLI end-to-end for `attn embed`: training writes every format that `--vectors` then reads, --json reports
// the run, and bad input (empty, nothing reaching --min-count, binary, non-UTF-8, an unwritable --out) is
// one line on stderr with exit 1 (bad options: exit 2), leaving no output file behind.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { attn, json, noStack } from './_run.js';
import { tempDir } from '../embeddings/_helpers.js';
import { writeTopicCorpus } from '../word2vec/_corpus.js';

const tmp = tempDir();
after(tmp.remove);
const corpus = join(tmp.dir, 'topics.txt');
writeTopicCorpus(corpus, 1500);
const small = ['--dim', '16', '--min-count', '2', '--sample', '0', '--window', '3'];

test('embed train writes word2vec text and binary, GloVe text and .attnvec; every one loads with --vectors', () => {
  for (const [name, format] of [['v.vec', 'word2vec'], ['v.bin', 'word2vec-binary'], ['v.txt', 'glove'], ['v.attnvec', 'attnvec'], ['v.out', 'word2vec']] as const) {
    const out = join(tmp.dir, name);
    const res = json(['embed', 'train', corpus, '--out', out, ...small, ...(name === 'v.out' ? ['--format', format] : [])]);
    assert.equal(res.vocabSize, 23);
    assert.equal(res.totalWords, 1500 * 12);
    assert.equal(res.settings.arch, 'sg');
    assert.ok(res.wordsPerSec > 0 && res.loss > 0);
    const near = json(['similar', 'a3', '--vectors', out, '--k', '5']).neighbours.map((n: { word: string }) => n.word);
    assert.ok(near.every((w: string) => w[0] === 'a'), `${name}: ${near.join(' ')}`);
  }
});

test('embed train: cbow on two threads, with a checkpoint, human output and a summary line', () => {
  const out = join(tmp.dir, 'cbow.bin');
  const r = attn(['embed', 'train', corpus, '--out', out, '--arch', 'cbow', '--threads', '2', '--checkpoint', join(tmp.dir, 'c.ckpt'), ...small]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^wrote .*cbow\.bin: 23 words × 16 \(cbow, 5 epochs/);
  assert.match(r.stderr, /epoch 5\/5 loss/);
  assert.ok(existsSync(join(tmp.dir, 'c.ckpt')));
  assert.equal(json(['embed', 'train', corpus, '--out', out, '--resume', join(tmp.dir, 'c.ckpt')]).vocabSize, 23);
});

test('embed train: bad input is one line, exit 1, and nothing is written', () => {
  const bad = (name: string, content: string | Uint8Array) => {
    const p = join(tmp.dir, name);
    writeFileSync(p, content);
    return p;
  };
  const folder = join(tmp.dir, 'a-folder');
  mkdirSync(folder);
  const cases: [string[], RegExp][] = [
    [[bad('empty.txt', '\n  \n')], /empty\.txt: empty corpus/],
    [[bad('rare.txt', 'one two three\nfour five\n')], /rare\.txt: no word appears --min-count 5 times \(the most frequent word appears 1 time in 5 tokens/],
    [[bad('binary.dat', new Uint8Array([0x41, 0x20, 0x42, 0x0a, 0x00, 0x01, 0x02, 0xff]))], /binary\.dat: binary data \(a NUL byte at byte 4\)/],
    [[bad('latin1.txt', Buffer.from('caf\xe9 na\xefve\n', 'latin1'))], /latin1\.txt: not UTF-8 text/],
    [[join(tmp.dir, 'missing.txt')], /missing\.txt: no such file/],
    [[corpus, '--out', folder], /--out .*a-folder: cannot be written \(it is a folder\)/],
    [[corpus, '--out', join(corpus, 'under-a-file.vec')], /--out .*under-a-file\.vec: cannot be written \(E(NOTDIR|EXIST)\)/],
    // a device: renaming over it would replace /dev/null itself (as root)
    [[corpus, '--out', '/dev/null'], /--out \/dev\/null: cannot be written \(it is not a regular file\)/],
    [[corpus, '--out', join(tmp.dir, 'v.vec'), '--checkpoint', '/dev/null'], /--checkpoint \/dev\/null: cannot be written \(it is not a regular file\)/],
  ];
  for (const [args, re] of cases) {
    const before = readdirSync(tmp.dir).length;
    const r = attn(['embed', 'train', ...(args.length === 1 ? [...args, '--out', join(tmp.dir, 'never.vec')] : args), ...small.slice(0, 2)]);
    assert.equal(r.code, 1, `${args[0]}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(noStack(r.stderr));
    assert.ok(!existsSync(join(tmp.dir, 'never.vec')));
    assert.equal(readdirSync(tmp.dir).length, before, 'no temporary file left');
  }
});

test('embed train: bad options are usage errors (exit 2)', () => {
  for (const args of [['--arch', 'glove'], ['--format', 'csv'], ['--dim', '0'], ['--sample', '2'], ['--threads', 'x']]) {
    const r = attn(['embed', 'train', corpus, '--out', join(tmp.dir, 'x.vec'), ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /Run 'attn embed train --help'/);
  }
  assert.equal(attn(['embed', 'train', '--help']).code, 0);
});

test('embed demo: neighbours after each epoch, as JSON', () => {
  const out = json(['embed', 'demo', '--epochs', '2']);
  assert.equal(out.epochs.length, 2);
  assert.ok(out.vocabSize > 1000 && out.epochs[1].loss < out.epochs[0].loss);
  assert.equal(out.epochs[1].neighbours.iron.length, 5);
});
