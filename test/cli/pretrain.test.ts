// `attn pretrain` and `attn train --init` through the built binary, on the bundled vectors and a tiny corpus:
// the folder and --json summary, --resume (a finished run, changed options), --help, and the errors a user can
// cause — unwritable --out, an empty corpus or one with no known word, a mismatched or hostile --init folder —
// each a one-line message before any training.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, existsSync, readFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { attn } from './_run.js';

const dir = mkdtempSync(join(tmpdir(), 'attn-pretrain-'));
const corpus = join(dir, 'corpus.txt');
writeFileSync(corpus, Array.from({ length: 60 }, (_, i) => ['the bank by the river was quiet', 'she paid the money into the bank', 'a good film with a dull plot', 'the boat sailed down the river'][i % 4]).join('\n') + '\n');
const small = ['--dim', '16', '--heads', '2', '--ff', '32', '--batch', '4', '--negatives', '16', '--max-len', '16'];
const pre = join(dir, 'pre');

test('attn pretrain writes a pre-trained folder and a --json summary with the loss curve and words/s', () => {
  const r = attn(['pretrain', corpus, '--out', pre, '--steps', '6', '--checkpoint-every', '4', ...small, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.step, 6);
  assert.equal(s.finished, true);
  assert.ok(s.wordsPerSec > 0 && Number.isFinite(s.loss));
  assert.equal(s.model.dModel, 16);
  assert.equal(s.corpus.sha256.length, 64);
  for (const f of ['config.json', 'model.safetensors', 'optimizer.safetensors']) assert.ok(existsSync(join(pre, f)), f);
  assert.equal(statSync(pre).mode & 0o755, 0o755); // the usual permissions, not a temporary folder's 0700
  const meta = JSON.parse(readFileSync(join(pre, 'config.json'), 'utf8'));
  assert.equal(meta.format, 'attnlab-pretrained-encoder');
  assert.equal(meta.progress.step, 6);
});

test('attn pretrain --resume: a finished run stays finished; other options are refused, naming them', () => {
  const again = attn(['pretrain', corpus, '--out', pre, '--resume', '--json']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(JSON.parse(again.stdout).step, 6);
  const other = attn(['pretrain', corpus, '--out', pre, '--resume', '--lr', '0.1']);
  assert.equal(other.code, 1);
  assert.match(other.stderr, /--resume: the run was started with lr 0\.001; now lr 0\.1/);
  const none = attn(['pretrain', corpus, '--out', join(dir, 'nothing-here'), '--resume']);
  assert.notEqual(none.code, 0);
  assert.match(none.stderr, /nothing to resume/);
});

test('attn pretrain: unwritable --out, an empty corpus, or no known word are clear errors before training', () => {
  const file = join(dir, 'a-file');
  writeFileSync(file, 'x');
  for (const [args, want] of [
    [[corpus, '--out', file], /--out .*a-file exists and is not a folder/],
    [[corpus, '--out', '/proc/attn-pretrain'], /--out \/proc\/attn-pretrain: cannot write/],
    [[join(dir, 'empty.txt'), '--out', join(dir, 'e')], /empty\.txt: is empty/],
    [[join(dir, 'unknown.txt'), '--out', join(dir, 'u')], /unknown\.txt: no line has two words the vectors know/],
  ] as const) {
    writeFileSync(join(dir, 'empty.txt'), '\n\n');
    writeFileSync(join(dir, 'unknown.txt'), 'qzxqv wqzzx\nzzqxv\n');
    const r = attn(['pretrain', ...args, '--steps', '2']);
    assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, want);
    assert.doesNotMatch(r.stderr, /\n\s+at /); // no stack trace
  }
});

test('attn pretrain --help names its options', () => {
  const h = attn(['pretrain', '--help']);
  assert.equal(h.code, 0);
  for (const o of ['--out', '--resume', '--steps', '--max-minutes', '--dim', '--layers', '--heads', '--lr', '--batch', '--max-len', '--seed', '--vectors']) assert.match(h.stdout, new RegExp(o));
});

test('attn train --init: loads a matching folder (recorded in the model card); a mismatch or a hostile folder is refused before training', () => {
  const tsv = join(dir, 'train.tsv');
  writeFileSync(tsv, 'sentence\tlabel\n' + Array.from({ length: 80 }, (_, i) => `${['a good film', 'a fine and lovely plot', 'a bad film', 'a dull and awful plot'][i % 4]} ${i}\t${i % 4 < 2 ? 1 : 0}`).join('\n') + '\n');
  const base = ['train', '--task', 'sst2', '--train', tsv, '--epochs', '1', '--baseline', 'none', '--max-len', '16'];
  const ok = attn([...base, '--init', pre, '--dim', '16', '--heads', '2', '--ff', '32', '--out', join(dir, 'm'), '--json']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(readFileSync(join(dir, 'm', 'config.json'), 'utf8')).training.settings.init, pre);
  const t0 = performance.now();
  const bad = attn([...base, '--init', pre, '--dim', '32', '--heads', '2', '--ff', '32', '--out', join(dir, 'm2')]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--init .*pre: pre-trained with dModel 16, but the task model has dModel 32/);
  assert.ok(performance.now() - t0 < 60_000);
  // A hostile folder: absurd sizes in config.json, and a truncated model.safetensors.
  const hostile = join(dir, 'hostile');
  mkdirSync(hostile, { recursive: true });
  const meta = JSON.parse(readFileSync(join(pre, 'config.json'), 'utf8'));
  writeFileSync(join(hostile, 'config.json'), JSON.stringify({ ...meta, model: { ...meta.model, ffDim: 16384, layers: 64 } }));
  writeFileSync(join(hostile, 'model.safetensors'), readFileSync(join(pre, 'model.safetensors')));
  const h1 = attn([...base, '--init', hostile, '--dim', '16', '--heads', '2', '--ff', '32', '--out', join(dir, 'm3')]);
  assert.equal(h1.code, 1);
  assert.match(h1.stderr, /hostile\/config\.json: the encoder it describes has at least .* parameters, but model\.safetensors holds/);
  writeFileSync(join(hostile, 'config.json'), JSON.stringify(meta));
  writeFileSync(join(hostile, 'model.safetensors'), readFileSync(join(pre, 'model.safetensors')).subarray(0, 500));
  const h2 = attn([...base, '--init', hostile, '--dim', '16', '--heads', '2', '--ff', '32', '--out', join(dir, 'm4')]);
  assert.equal(h2.code, 1);
  assert.match(h2.stderr, /model\.safetensors/);
  assert.doesNotMatch(h2.stderr, /\n\s+at /);
});

test('attn pretrain: Ctrl+C writes a checkpoint after the current step, exits 130, leaves no staging folder; --resume continues', async () => {
  const { spawn } = await import('node:child_process');
  const { readdirSync } = await import('node:fs');
  const { bin, cliEnv } = await import('./_run.js');
  const out = join(dir, 'interrupted');
  // A stale staging folder of a process that no longer runs (pid 2^22 - 1 is above Linux's default pid_max): removed.
  mkdirSync(join(dir, '.interrupted.partial-4194303-1'));
  const child = spawn(process.execPath, [bin, 'pretrain', corpus, '--out', out, '--steps', '100000', '--checkpoint-every', '100000', ...small], { env: cliEnv() });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
    if (/^pretrain: \d+ sequences/m.test(stderr) && !child.killed) setTimeout(() => child.kill('SIGINT'), 500);
  });
  const code = await new Promise<number | null>((res) => child.on('close', res));
  assert.equal(code, 130, stderr);
  assert.match(stderr, /interrupted; writing a checkpoint/);
  const meta = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
  assert.ok(meta.progress.step >= 1 && meta.progress.step < 100000, `step ${meta.progress.step}`);
  assert.deepEqual(readdirSync(dir).filter((n) => n.includes('.partial-')), []);
  const again = attn(['pretrain', corpus, '--out', out, '--resume', '--max-minutes', '0.005', '--json']);
  assert.equal(again.code, 0, again.stderr);
  assert.ok(JSON.parse(again.stdout).step > meta.progress.step);
});
