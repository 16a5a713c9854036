// Words left out of a sentence are listed in --json (`skipped`, each word once), as the text output names them on
// stderr; with --model, every parameter-free option named on the command line is refused, whatever its value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attn, json } from './_run.js';

test('attend --unknown skip --json lists the skipped words, each once; none gives []', () => {
  assert.deepEqual(json(['attend', 'the qzxv bank qzxv grows', '--unknown', 'skip']).skipped, ['qzxv']);
  assert.deepEqual(json(['attend', 'money bank grows']).skipped, []);
  const lines = attn(['attend', '--file', '-', '--unknown', 'skip', '--json'], { input: 'the qzxv bank\nmoney bank grows\nzzqx wwqy river\n' });
  assert.equal(lines.code, 0, lines.stderr);
  assert.deepEqual(lines.stdout.trim().split('\n').map((l) => JSON.parse(l).skipped), [['qzxv'], [], ['zzqx', 'wwqy']]);
  // without --unknown skip an unknown word is still an error, not a silent skip
  const e = attn(['attend', 'the qzxv bank', '--json']);
  assert.equal(e.code, 1);
  assert.deepEqual(JSON.parse(e.stderr).error.words, ['qzxv']);
});

test('polysemy and order --json list the skipped words per sentence', () => {
  const p = json(['polysemy', 'bank', 'money qzxv bank', 'river bank', '--unknown', 'skip']);
  assert.deepEqual(p.sentences.map((s: { skipped: string[] }) => s.skipped), [['qzxv'], []]);
  const o = json(['order', 'dog bites man', 'man qzxv bites dog', '--unknown', 'skip']);
  assert.deepEqual(o.skipped, [[], ['qzxv']]);
});

test('--model refuses a parameter-free option even at its default value, and -k, in attend and polysemy (exit 2)', () => {
  const cases: [string[], RegExp][] = [
    [['attend', 'money bank grows', '--model', 'sst2', '-k', '3'], /^attn: usage error: -k is for parameter-free attention/m],
    [['attend', 'money bank grows', '--model', 'sst2', '-n', '3'], /-k is for parameter-free/],
    [['attend', 'money bank grows', '--model', 'sst2', '-k3'], /-k is for parameter-free/],
    [['attend', 'money bank grows', '--model', 'sst2', '--positions', 'none', '--unknown=error', '--scale'], /--scale, --positions, --unknown are for parameter-free/],
    [['polysemy', 'bank', 'money bank', 'river bank', '--model', 'wic', '-k', '2'], /-k is for parameter-free/],
    [['polysemy', 'bank', 'money bank', 'river bank', '--model', 'wic', '--no-scale'], /--no-scale is for parameter-free/],
  ];
  for (const [args, re] of cases) {
    const r = attn(args);
    assert.equal(r.code, 2, `attn ${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.equal(r.stdout, '');
  }
  // predict and eval take no parameter-free option at all: one is an unknown option, not silently ignored
  const pr = attn(['predict', '--model', 'sst2', 'a fine film', '--temperature', '2']);
  assert.equal(pr.code, 2);
  assert.match(pr.stderr, /unknown option: --temperature/);
  // An unknown option is named as it was typed, not as the parser stored it (--no-scale was "--scale", -z "--z").
  for (const [typed, said] of [['--no-scale', '--no-scale'], ['-z', '-z'], ['--foo-bar=1', '--foo-bar'], ['--no-foo-bar', '--no-foo-bar']]) {
    const r = attn(['predict', '--model', 'sst2', 'a fine film', typed]);
    assert.equal(r.code, 2, `${typed}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`unknown option: ${said}\\n`), typed);
  }
});

test('polysemy --model honours --max-tokens as attend --model does', () => {
  const r = attn(['polysemy', 'bank', 'he sat on the river bank today', 'the bank lends money', '--model', 'wic', '--max-tokens', '3']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /the sentence has 7 tokens; .* the limit is 3/);
});
