// `attn train --folds K --seeds N` through the built binary on a small WiC file written here: the --json shape
// (mean, sd, per-run scores of model and baseline), the model card's protocol section, the human table, and
// clear usage errors for bad flags before any work is done.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attn, noStack } from '../cli/_run.js';

const dir = mkdtempSync(join(tmpdir(), 'attn-protocol-'));
const FILL = ['the', 'a', 'on', 'in', 'was', 'very', 'old', 'new', 'river', 'money', 'city', 'road'];
const TARGETS = ['bank', 'plant', 'bar', 'spring', 'match', 'light'];

before(() => {
  const data: string[] = [], gold: string[] = [];
  for (let i = 0; i < 60; i++) {
    const w = TARGETS[i % TARGETS.length], f = (k: number) => FILL[(i * 7 + k) % FILL.length];
    data.push(`${w}\tN\t1-2\t${f(0)} ${w} ${f(1)}\t${f(2)} ${f(3)} ${w} ${f(4)}`);
    gold.push(i % 2 ? 'T' : 'F');
  }
  writeFileSync(join(dir, 'train.data.txt'), data.join('\n') + '\n');
  writeFileSync(join(dir, 'train.gold.txt'), gold.join('\n') + '\n');
});

const base = () => ['train', '--task', 'wic', '--train', join(dir, 'train.data.txt'), '--epochs', '1', '--dim', '16', '--ff', '32'];

test('--folds 3 --seeds 2 --json: mean, sd and per-run scores of model and baseline; the model card records them', () => {
  const out = join(dir, 'model');
  const r = attn([...base(), '--folds', '3', '--seeds', '2', '--seed', '4', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  const p = j.protocol;
  assert.deepEqual([p.folds, p.seeds, p.metric], [3, 2, 'accuracy']);
  assert.equal(p.runs.length, 6);
  assert.deepEqual(p.runs.map((x: { seed: number; fold: number }) => `${x.seed}/${x.fold}`), ['4/1', '4/2', '4/3', '5/1', '5/2', '5/3']);
  for (const x of p.runs) {
    assert.equal(x.trainExamples + x.stopExamples + x.valExamples, 60);
    for (const k of ['model', 'baseline']) assert.ok(x[k] >= 0 && x[k] <= 1, k);
  }
  const values = p.runs.map((x: { model: number }) => x.model);
  const mean = values.reduce((a: number, b: number) => a + b, 0) / 6;
  assert.ok(Math.abs(p.model.mean - mean) < 1e-3, `${p.model.mean} vs ${mean}`);
  const sd = Math.sqrt(values.reduce((a: number, v: number) => a + (v - mean) ** 2, 0) / 5);
  assert.ok(Math.abs(p.model.sd - sd) < 1e-3, `${p.model.sd} vs ${sd}`);
  assert.equal(p.baseline.n, 6);
  assert.equal(typeof p.gain.mean, 'number');
  assert.equal(typeof j.model.value, 'number'); // the final model is still trained and written
  const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
  assert.equal(config.training.protocol.runs.length, 6);
  assert.equal(config.training.protocol.split, 'held-out target words');
  assert.match(readFileSync(join(out, 'README.md'), 'utf8'), /## Cross-validation \(3 folds × 2 seeds[^\n]*\n\naccuracy, mean ± standard deviation over 6 runs/);
  const baselineCard = JSON.parse(readFileSync(join(out, 'baseline', 'config.json'), 'utf8'));
  assert.equal(baselineCard.training.protocol, undefined);
});

test('--folds 2 without --json: a table with mean ± sd; without --folds no protocol is run', () => {
  const r = attn([...base(), '--folds', '2', '--baseline', 'none', '--out', join(dir, 'm2')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /protocol: 2 folds × 1 seed\(s\), held-out target words/);
  assert.match(r.stdout, /mean ± sd\s+0\.\d{4} ± 0\.\d{4}/);
  assert.doesNotMatch(r.stdout, /static baseline/);
  const plain = attn([...base(), '--out', join(dir, 'm3'), '--json']);
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal(JSON.parse(plain.stdout).protocol, null);
  assert.equal(JSON.parse(readFileSync(join(dir, 'm3', 'config.json'), 'utf8')).training.protocol, undefined);
});

test('bad --folds / --seeds: one clear line, exit 2', () => {
  for (const [flags, msg] of [
    [['--folds', '1'], /--folds must be an integer between 2 and 100, got '1'/],
    [['--folds', 'abc'], /--folds must be an integer between 2 and 100, got 'abc'/],
    [['--folds', '3', '--seeds', '0'], /--seeds must be an integer between 1 and 100, got '0'/],
    [['--seeds', '2'], /--seeds repeats the protocol: give --folds K with it/],
  ] as const) {
    const r = attn([...base(), ...flags, '--out', join(dir, 'never')]);
    assert.equal(r.code, 2, `${flags.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, msg);
    assert.ok(noStack(r.stderr));
  }
  const many = attn([...base(), '--folds', '7', '--out', join(dir, 'never')]); // 6 target words
  assert.notEqual(many.code, 0);
  assert.match(many.stderr, /7 folds need at least 7 target words, the data has 6/);
  assert.ok(noStack(many.stderr));
});
