// The progress bar of `--file` batches: on stderr only (stdout keeps exactly one JSON object per line), a bar with
// percentage for a file, a count and rate for stdin; never when stderr is not a terminal (unless forced with
// ATTNLAB_PROGRESS=1), under NO_COLOR, or when stdout is the same terminal. The terminal cases run under `script`
// (a real pseudo-terminal), with stdout redirected to a file as a user would.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attn, bin, ensureBuilt } from './_run.js';

const dir = mkdtempSync(join(tmpdir(), 'attnlab-batch-progress-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const sentences = join(dir, 'sentences.txt'), pairs = join(dir, 'pairs.tsv');
writeFileSync(sentences, Array.from({ length: 60 }, (_, i) => ['money bank grows', 'the river bank floods', 'a gorgeous , witty film'][i % 3]).join('\n') + '\n');
writeFileSync(pairs, Array.from({ length: 20 }, () => 'bank\tmoney bank grows\triver bank floods').join('\n') + '\n');
const forced = { ATTNLAB_PROGRESS: '1' };

/** The JSON lines of stdout, each parsed (throws on anything else on stdout). */
const jsonLines = (stdout: string) => stdout.trimEnd().split('\n').map((l) => JSON.parse(l));

test('attend, polysemy and predict --file: a bar with percentage and line count on stderr, stdout untouched', () => {
  for (const [args, n] of [
    [['attend', '--file', sentences, '--json'], 60],
    [['polysemy', '--file', pairs, '--json'], 20],
    [['predict', '--model', 'sst2', '--file', sentences, '--json'], 60],
  ] as const) {
    const r = attn([...args], { env: forced });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(jsonLines(r.stdout).length, n, `${args[0]}: one JSON object per line, nothing else on stdout`);
    assert.match(r.stderr, new RegExp(`\\] 100% \\| ${n} lines \\| [\\d.]+ lines/s`), `${args[0]}: the final bar`);
    const quiet = attn([...args]); // stderr is a pipe here: no bar
    assert.equal(quiet.code, 0);
    assert.doesNotMatch(quiet.stderr, /lines\/s/, `${args[0]}: no bar when stderr is not a terminal`);
    assert.equal(quiet.stdout, r.stdout, `${args[0]}: the bar changes nothing on stdout`);
  }
});

test('stdin (size unknown): a count and a rate, no percentage; ATTNLAB_PROGRESS=0 turns it off', () => {
  const input = readFileSync(sentences, 'utf8');
  const r = attn(['attend', '--file', '-', '--json'], { env: forced, input });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(jsonLines(r.stdout).length, 60);
  assert.match(r.stderr, /^stdin: 60 lines \| [\d.]+ lines\/s/m);
  assert.doesNotMatch(r.stderr, /%/);
  assert.doesNotMatch(attn(['attend', '--file', '-', '--json'], { env: { ATTNLAB_PROGRESS: '0' }, input }).stderr, /lines\/s/);
});

test('on a real terminal: a bar when stdout goes to a file; none under NO_COLOR or when stdout is the terminal', (t) => {
  if (spawnSync('script', ['--version']).status !== 0) return t.skip('util-linux script is not installed');
  ensureBuilt();
  // Long enough (seconds, on a fast machine too) that the bar, which waits half a second, starts without being
  // forced and is redrawn several times, so that the runs which must show no bar would have shown one.
  const long = join(dir, 'long.txt'), out = join(dir, 'out.jsonl');
  writeFileSync(long, readFileSync(sentences, 'utf8').repeat(80));
  const underTerminal = (env: string, redirect: boolean) => {
    const command = `env -u ATTNLAB_PROGRESS -u CI ${env} ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} attend --file ${JSON.stringify(long)} --json${redirect ? ` > ${JSON.stringify(out)}` : ''}`;
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64e6, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '' } });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout; // everything the terminal showed
  };
  const shown = underTerminal('NO_COLOR=', true);
  assert.equal(jsonLines(readFileSync(out, 'utf8')).length, 4800);
  assert.match(shown, /\] 100% \| 4,800 lines \| [\d.]+ lines\/s/, 'the final bar');
  assert.ok(shown.split('lines/s').length > 3, 'the bar is redrawn as lines are done');
  assert.doesNotMatch(underTerminal('NO_COLOR=1', true), /lines\/s/, 'NO_COLOR: plain output, no bar');
  assert.doesNotMatch(underTerminal('NO_COLOR=', false), /lines\/s/, 'stdout on the same terminal: no bar drawn over the results');
});
