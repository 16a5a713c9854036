// Arguments and file contents a user (or an attacker) might give: options without a value, extra positionals,
// numbers spelled as hex or exponents, words that carry terminal escape sequences, query words on cased vectors.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attn, json } from './_run.js';

const dir = mkdtempSync(join(tmpdir(), 'attnlab-args-'));
after(() => rmSync(dir, { recursive: true, force: true }));
// More than the 4 KB the format detector looks at, so that the escape sequence is in a row the parser reads.
const rows = Array.from({ length: 600 }, (_, i) => `w${i} ${i + 1} 1`);
const cased = join(dir, 'cased.txt');
writeFileSync(cased, [...rows, 'ev\u001b]0;pwned\u0007il 300.5 1', 'clear\u001b[2Jme 300.4 1', 'Paris 3 1', 'paris 1 3'].join('\n') + '\n');

test('an option without its value, extra positionals, 0x10 and 1e3: usage errors (exit 2), never ignored', () => {
  const cases: [string[], RegExp][] = [
    [['similar', 'king', '--limit'], /--limit needs a value \(N\)/],
    [['similar', 'king', '-k'], /-k needs a value \(K\)/],
    [['similar', 'king', '-k', '--json'], /-k needs a value/],
    [['similar', 'king', 'queen'], /unexpected argument 'queen' \(attn similar takes WORD/],
    [['attend', 'money', 'bank', 'grows'], /unexpected arguments 'bank' 'grows' \(attn attend takes SENTENCE; quote a sentence\)/],
    [['similar', 'king', '--limit', '0x10'], /--limit must be an integer between 1 and \d+, got '0x10'/],
    [['similar', 'king', '--limit', '1e3'], /got '1e3'/],
    [['attend', 'money bank', '--temperature', '0x2'], /--temperature must be a positive number, got '0x2'/],
    [['attend', 'money bank', '--temperature', 'Infinity'], /--temperature must be a positive number/],
  ];
  for (const [args, re] of cases) {
    const r = attn(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re, args.join(' '));
  }
  assert.equal(attn(['attend', 'money bank', '--temperature', '2.5e-1']).code, 0);
});

test('words from a file never reach the terminal as escape sequences', () => {
  const r = attn(['similar', 'w300', '--vectors', cased, '-k', '600']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!r.stdout.includes('\u001b') && !r.stdout.includes('\u0007'), 'no raw ESC or BEL');
  assert.match(r.stdout, /ev\\u001b\]0;pwned\\u0007il/);
  assert.match(r.stdout, /clear\\u001b\[2Jme/);
});

test('query words keep their case when the vectors have it (cased vectors), else are lower-cased', () => {
  assert.deepEqual(json(['similar', 'Paris', '--vectors', cased, '-k', '1']).query.positive, ['Paris']);
  assert.deepEqual(json(['similar', 'paris', '--vectors', cased, '-k', '1']).query.positive, ['paris']);
  assert.equal(json(['similarity', 'Paris', 'paris', '--vectors', cased]).a, 'Paris');
  assert.deepEqual(json(['similar', 'KING']).query.positive, ['king'], 'GloVe is lower-case: KING reads as king');
});

test('with --json, errors are JSON on stderr (exit code unchanged); unknown words say the way out, once each', () => {
  const r = attn(['attend', 'the qzxv bank qzxv', '--json']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  const { error } = JSON.parse(r.stderr);
  assert.equal(error.code, 'E_UNKNOWN_WORD');
  assert.deepEqual(error.words, ['qzxv']);
  assert.match(error.hint, /--unknown skip/);
  const u = attn(['similar', 'king', '-k', '0', '--json']);
  assert.equal(u.code, 2);
  assert.equal(JSON.parse(u.stderr).error.code, 'E_USAGE');
  const human = attn(['attend', 'the qzxv bank qzxv']);
  assert.equal(human.stderr.match(/"qzxv"/g)?.length, 1, human.stderr);
  assert.match(human.stderr, /Add --unknown skip to leave it out, or use --vectors glove-100d/);
  const skipped = attn(['attend', 'the qzxv bank', '--unknown', 'skip']);
  assert.equal(skipped.code, 0);
  assert.match(skipped.stderr, /note: skipped "qzxv" \(--unknown skip/);
  // Suggestions are words: "x," is one edit from "x" and from ",", but only words are offered.
  const s = JSON.parse(attn(['similar', 'qz', '--json']).stderr).error;
  assert.ok(Object.values(s.suggestions as Record<string, string[]>).flat().every((w) => /[\p{L}\p{N}]/u.test(w)), JSON.stringify(s.suggestions));
});

test('options that --model ignores are refused by name (exit 2)', () => {
  const r = attn(['attend', 'money bank grows', '--model', 'sst2', '--no-scale', '--temperature', '2']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--no-scale, --temperature are for parameter-free attention; with --model the trained heads decide/);
  const p = attn(['polysemy', 'bank', 'money bank', 'river bank', '--model', 'wic', '--positions', 'sinusoidal']);
  assert.equal(p.code, 2);
  assert.match(p.stderr, /--positions is for parameter-free attention/);
});

test('no ANSI codes when stdout and stderr are not terminals, even under CI', () => {
  for (const args of [['similar', '--help'], ['similar', 'qzxq'], ['attend', 'money bank grows'], ['similar', 'king', '-k', 'x']]) {
    const r = attn(args, { env: { CI: '1', NO_COLOR: undefined as unknown as string } }); // NO_COLOR unset, not empty
    assert.ok(!/\u001b\[/.test(r.stdout + r.stderr), `attn ${args.join(' ')}`);
  }
});

test('predict --file and polysemy --file: tab-separated fields per line, one JSON object per line; a short line is reported in its place', () => {
  const wic = attn(['predict', '--model', 'wic', '--file', '-', '--json'], { input: 'bank\tHe deposited money in the bank\tHe sat on the river bank\nbank\tonly one\n' });
  assert.equal(wic.code, 1);
  const [a, b] = wic.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(['same', 'different'].includes(a.label));
  assert.match(b.error.message, /expected 3 tab-separated fields \(WORD<TAB>SENTENCE 1<TAB>SENTENCE 2\), found 2/);
  const many = Array.from({ length: 20 }, (_, i) => `a gorgeous film number ${i}`).join('\n');
  const sst2 = attn(['predict', '--model', 'sst2', '--file', '-', '--json'], { input: many });
  assert.equal(sst2.code, 0, sst2.stderr);
  assert.equal(sst2.stdout.trim().split('\n').length, 20);
  const pol = attn(['polysemy', '--file', '-', '--json', '--model', 'wic'], { input: 'bank\tmoney bank grows\triver bank floods\nbank\the sat on the bank\tthe bank lends money\n' });
  assert.equal(pol.code, 0, pol.stderr);
  assert.equal(pol.stdout.trim().split('\n').length, 2);
  assert.equal(attn(['polysemy', 'bank']).code, 2);
});

test('--help fits an 80-column terminal and names options as they are typed (kebab-case)', () => {
  for (const cmd of [[], ['train'], ['attend'], ['similar']]) {
    const r = attn([...cmd, '--help'], { env: { COLUMNS: '80' } });
    assert.equal(r.code, 0);
    const long = r.stdout.split('\n').filter((l) => l.length > 80 && !l.trimStart().startsWith('attn ') && !l.startsWith('USAGE') && !/^\s+--\S+$/.test(l));
    assert.deepEqual(long, [], `attn ${cmd.join(' ')} --help`);
  }
  const train = attn(['train', '--help']).stdout;
  assert.match(train, /--max-len=<T>/);
  assert.match(train, /--tune-words=<N>/);
  assert.doesNotMatch(train, /--maxLen|--tuneWords/);
});
