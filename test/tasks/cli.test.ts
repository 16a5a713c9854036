// `attn train`, `attn eval`, `attn predict` through the built binary on small files written here: exit codes,
// --json schemas, the model folder's files, and bad input (file:line errors, --skip-bad counts, usage errors).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, existsSync, readFileSync, mkdirSync, chmodSync, readdirSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attn, json, noStack, bin, cliEnv } from '../cli/_run.js';

const dir = mkdtempSync(join(tmpdir(), 'attn-tasks-'));
const SENTENCES = [
  ['a gorgeous , witty , seductive movie', 1], ['the most wondrous love story in years', 1], ['a great and lovely film', 1], ['an excellent , moving performance', 1],
  ['a dull , lifeless and boring mess', 0], ['the plot is stupid and the acting awful', 0], ['a bad , tedious film', 0], ['an ugly , pointless waste of time', 0],
] as const;
const sst2 = 'sentence\tlabel\n' + Array.from({ length: 6 }, () => SENTENCES.map(([s, l]) => `${s} \t${l}`).join('\n')).join('\n') + '\n';
const model = join(dir, 'sst2-model');

before(() => {
  writeFileSync(join(dir, 'train.tsv'), sst2);
  writeFileSync(join(dir, 'bad.tsv'), 'sentence\tlabel\ngood \t1\nno tab here\nbad \t0\n');
  const r = attn(['train', '--task', 'sst2', '--train', join(dir, 'train.tsv'), '--out', model, '--epochs', '2', '--val-fraction', '0.3', '--dim', '16', '--ff', '32', '--tune-words', '5', '--word-dropout', '0.1', '--json']);
  assert.equal(r.code, 0, r.stderr);
  writeFileSync(join(dir, 'train.json'), r.stdout);
});

test('train --json: both models side by side, the model folder and its baseline with model cards', () => {
  const out = JSON.parse(readFileSync(join(dir, 'train.json'), 'utf8'));
  assert.equal(out.task, 'sst2');
  assert.equal(out.metric, 'accuracy');
  for (const m of [out.model, out.baseline]) {
    for (const k of ['value', 'accuracy', 'macroF1', 'trainSeconds', 'examplesPerSec', 'parameters', 'bestEpoch']) assert.equal(typeof m[k], 'number', k);
  }
  for (const d of [model, join(model, 'baseline')]) for (const f of ['model.safetensors', 'config.json', 'README.md']) assert.ok(existsSync(join(d, f)), `${d}/${f}`);
  const card = readFileSync(join(model, 'README.md'), 'utf8');
  assert.match(card, /SST-2/);
  assert.match(card, /static baseline/);
  assert.match(card, /training time/);
  assert.match(card, /corrections added to the frozen vectors of the 5 most frequent training words/);
  const config = JSON.parse(readFileSync(join(model, 'config.json'), 'utf8'));
  assert.equal(config.model.tunedWords.length, 5);
  assert.equal(config.training.settings.tuneWords, 5);
  assert.equal(config.training.settings.wordDropout, 0.1);
});

test('eval --json: accuracy, macro-F1, per-class precision/recall, confusion matrix', () => {
  const out = json(['eval', '--model', model, '--task', 'sst2', '--data', join(dir, 'train.tsv')]);
  assert.equal(out.n, 48);
  assert.equal(typeof out.accuracy, 'number');
  assert.equal(typeof out.macroF1, 'number');
  assert.deepEqual(out.perClass.map((c: { label: string }) => c.label), ['negative', 'positive']);
  assert.deepEqual(out.confusion.labels, ['negative', 'positive']);
  assert.equal(out.confusion.matrix.flat().reduce((a: number, b: number) => a + b, 0), 48);
  const human = attn(['eval', '--model', model, '--data', join(dir, 'train.tsv')]);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /accuracy 0\.\d{4}\s+macro-F1 0\.\d{4}/);
});

test('predict --json: label, probability, attended words', () => {
  const out = json(['predict', '--model', model, 'a gorgeous and witty film']);
  assert.ok(['positive', 'negative'].includes(out.label));
  assert.ok(out.probability >= 0.5 && out.probability <= 1);
  assert.deepEqual(out.sequences[0].tokens, ['a', 'gorgeous', 'and', 'witty', 'film']);
  assert.equal(out.sequences[0].weights.length, 5);
  assert.equal(out.sequences[0].top.length, 5);
  const human = attn(['predict', '--model', model, 'a gorgeous and witty film']);
  assert.match(human.stdout, /attended to: /);
});

test('bad input: a malformed row names file and line (exit 1); --skip-bad counts it; usage errors exit 2', () => {
  const bad = attn(['eval', '--model', model, '--data', join(dir, 'bad.tsv')]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /bad\.tsv:3: expected 2 tab-separated fields/);
  assert.ok(noStack(bad.stderr));
  const skip = attn(['eval', '--model', model, '--data', join(dir, 'bad.tsv'), '--skip-bad', '--json']);
  assert.equal(skip.code, 0, skip.stderr);
  assert.equal(JSON.parse(skip.stdout).skipped, 1);
  assert.match(skip.stderr, /skipped 1 malformed rows/);
  assert.equal(attn(['eval', '--model', model, '--task', 'wic', '--data', join(dir, 'train.tsv')]).code, 1);
  assert.equal(attn(['eval', '--model', join(dir, 'nowhere'), '--data', join(dir, 'train.tsv')]).code, 1);
  assert.equal(attn(['predict', '--model', model, 'one', 'two']).code, 2);
  for (const bad of [['--tune-words', '-1'], ['--word-dropout', '1'], ['--word-dropout', 'lots'], ['--ema', '1']]) {
    const r = attn(['train', '--task', 'sst2', '--train', join(dir, 'train.tsv'), '--out', join(dir, 'x'), ...bad]);
    assert.equal(r.code, 2, `${bad.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(bad[0]));
  }
  assert.equal(attn(['train', '--task', 'poetry', '--train', join(dir, 'train.tsv'), '--out', join(dir, 'x')]).code, 2);
  const missing = attn(['train', '--task', 'sst2', '--train', join(dir, 'none.tsv'), '--out', join(dir, 'x')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /cannot read .*none\.tsv: no such file/);
});

test('--out is checked before training: a file, /dev/null, a non-model folder, a read-only folder, /proc (exit 1, nothing lost)', () => {
  writeFileSync(join(dir, 'precious.txt'), 'keep me');
  mkdirSync(join(dir, 'notes'));
  writeFileSync(join(dir, 'notes', 'todo.txt'), 'keep me too');
  mkdirSync(join(dir, 'ro'));
  chmodSync(join(dir, 'ro'), 0o555);
  const cases: [string, RegExp][] = [
    [join(dir, 'precious.txt'), /exists and is not a folder \(a file\)/],
    ['/dev/null', /exists and is not a folder \(a device or special file\)/],
    [join(dir, 'notes'), /holds other files and no config\.json/],
    ['/proc/attnlab-model', /cannot write in \/proc/],
    ...(process.getuid?.() === 0 ? [] : [[join(dir, 'ro', 'm'), /cannot write in .*ro \(not writable\)/] as [string, RegExp]]),
  ];
  for (const [out, re] of cases) {
    const t0 = Date.now();
    const r = attn(['train', '--task', 'sst2', '--train', join(dir, 'train.tsv'), '--out', out, '--epochs', '1', '--dim', '16', '--ff', '32']);
    assert.equal(r.code, 1, `${out}: ${r.stderr}`);
    assert.match(r.stderr, re, out);
    assert.doesNotMatch(r.stderr, /training|baseline saved/, `${out}: refused before training`);
    assert.ok(Date.now() - t0 < 30_000);
  }
  assert.equal(readFileSync(join(dir, 'precious.txt'), 'utf8'), 'keep me');
  assert.equal(readFileSync(join(dir, 'notes', 'todo.txt'), 'utf8'), 'keep me too');
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.partial-')), [], 'no staging folder left behind');
});

test('retraining replaces a model folder whole: no new weights beside an old config, no staging folder left', () => {
  const out = join(dir, 'retrain');
  const args = ['train', '--task', 'sst2', '--train', join(dir, 'train.tsv'), '--out', out, '--epochs', '1', '--dim', '16', '--ff', '32', '--baseline', 'none'];
  assert.equal(attn(args).code, 0);
  writeFileSync(join(out, 'stale.txt'), 'from the old model');
  const r = attn([...args, '--heads', '2']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).model.heads, 2);
  assert.ok(!existsSync(join(out, 'stale.txt')), 'the old folder was replaced, not mixed');
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.partial-')), []);
});

test('one-class or tiny training and validation data are flagged; eval on the training file warns', () => {
  const pos = 'sentence\tlabel\n' + Array.from({ length: 6 }, () => SENTENCES.filter(([, l]) => l === 1).map(([t]) => `${t} \t1`).join('\n')).join('\n') + '\n';
  writeFileSync(join(dir, 'positive.tsv'), pos);
  const r = attn(['train', '--task', 'sst2', '--train', join(dir, 'positive.tsv'), '--out', join(dir, 'one-class'), '--val-fraction', '0.3', '--epochs', '1', '--dim', '16', '--ff', '32', '--baseline', 'none']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: the training data has one class only \(0 × 0, \d+ × 1\)/);
  assert.match(r.stderr, /warning: the validation split has one class only/);
  const e = attn(['eval', '--model', model, '--data', join(dir, 'train.tsv')]);
  assert.equal(e.code, 0, e.stderr);
  assert.match(e.stderr, /warning: .*train\.tsv is the model's training data \(train\.tsv, same SHA-256\)/);
  assert.match(e.stderr, /warning: .*train\.tsv is small \(48 examples/);
});

test('Ctrl+C during the attention model keeps the finished static baseline, where stderr said; --out is not touched', { timeout: 120_000 }, async () => {
  const out = join(dir, 'interrupted');
  const child = spawn(process.execPath, [bin, 'train', '--task', 'sst2', '--train', join(dir, 'train.tsv'), '--out', out, '--epochs', '400', '--patience', '1000',
    '--val-fraction', '0.3', '--dim', '256', '--ff', '1024', '--layers', '4'], { env: cliEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const saved = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (d) => {
      err += d;
      const m = /static baseline saved in (\S+) \(kept if this run is interrupted\)/.exec(err);
      if (m && /sst2 attention: /.test(err)) resolve(m[1]);
    });
    child.on('exit', () => reject(new Error(`train ended before it could be interrupted: ${err}`)));
  });
  child.kill('SIGINT');
  await new Promise((resolve) => child.on('exit', resolve));
  assert.ok(!existsSync(out), '--out is written only when the attention model finishes');
  for (const f of ['model.safetensors', 'config.json', 'README.md']) assert.ok(existsSync(join(saved, f)), f);
  const p = attn(['predict', '--model', saved, 'a great and lovely film', '--json']);
  assert.equal(p.code, 0, p.stderr);
  rmSync(join(saved, '..'), { recursive: true, force: true });
});
