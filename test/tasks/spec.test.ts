// The task registry: every spec is complete and named by its key, the by-task tables derive from it, unknown
// tasks are a clear error, and no code outside a task's own file branches on a task's name (so that a new task
// is one file plus one registry line).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TASKS, TASK_SPECS, taskSpec, LABEL_NAMES, DATA_LICENCES, TRAIN_DEFAULTS, defaultModelConfig, AttnError } from '../../src/index.js';
import { repoRoot } from '../fixtures-dir.js';

test('every spec is complete, named by its key, and the exported tables come from it', () => {
  assert.deepEqual([...TASKS], Object.keys(TASK_SPECS));
  for (const t of TASKS) {
    const s = taskSpec(t);
    assert.equal(s.name, t);
    assert.equal(s.labels.length, 2);
    assert.ok(['accuracy', 'macroF1'].includes(s.metric));
    assert.ok(s.settings.length >= 1 && s.settings[0] === 'zero-shot');
    assert.ok(s.input.fields.length >= 1);
    assert.ok(s.licence.licence && s.licence.cite && s.licence.data);
    assert.equal(LABEL_NAMES[t], s.labels);
    assert.equal(DATA_LICENCES[t], s.licence);
    assert.equal(TRAIN_DEFAULTS[t], s.train);
    assert.equal(defaultModelConfig(t, 'attention', 100).maxLen, s.model.maxLen);
  }
  assert.throws(() => taskSpec('mnli'), (e: unknown) => e instanceof AttnError && /unknown task 'mnli' \(known: sst2, wic, idiom\)/.test(e.message));
  assert.throws(() => taskSpec('toString'), /unknown task/);
});

test('every spec says how to ask for and phrase a prediction: fields a form can offer, examples that read, verdicts', () => {
  for (const t of TASKS) {
    const { input, phrasing } = taskSpec(t), keys = input.fields.map((f) => f.key);
    assert.equal(new Set(keys).size, keys.length, `${t}: field keys are distinct`);
    assert.equal(input.fields.filter((f) => f.kind === 'sentence').length, 1, `${t}: exactly one field is the main sentence`);
    for (const f of input.fields) assert.ok(f.label && ['sentence', 'second-sentence', 'word', 'phrase'].includes(f.kind), `${t}: field ${f.key}`);
    assert.ok(input.examples.length >= 1, `${t}: an example to try`);
    for (const ex of input.examples) {
      assert.deepEqual(Object.keys(ex.values).sort(), [...keys].sort(), `${t}: example "${ex.label}" gives every field`);
      assert.equal(input.toExample(ex.values).task, t, `${t}: example "${ex.label}" is a valid input`);
    }
    assert.ok(phrasing.question.endsWith('?') && phrasing.attended, `${t}: question and attended`);
    for (const v of phrasing.verdicts) for (const [, key] of v.matchAll(/\{(\w+)\}/g)) assert.ok(keys.includes(key), `${t}: verdict "${v}" names a field it has`);
  }
});

test('no file outside the task files branches on a task name', () => {
  const own = new Set(['sst2.ts', 'wic.ts', 'idiom.ts', 'registry.ts', 'examples.ts', 'read-sst2.ts', 'read-wic.ts', 'read-idioms.ts']);
  const files = [
    ...readdirSync(join(repoRoot, 'src/tasks')).filter((f) => !own.has(f)).map((f) => join('src/tasks', f)),
    ...['train.ts', 'eval.ts', 'predict.ts', '_task-io.ts', '_model-views.ts', '_protocol-view.ts'].map((f) => join('cli/commands', f)),
    // The explorer's trained-models view reads the specs' fields, examples and phrasing (through its worker).
    ...['views/models.ts', 'views/model-weights.ts', 'views/model-grid.ts', 'worker/models.ts', 'protocol.ts', 'model-manifest.ts'].map((f) => join('explorer/src', f)),
  ];
  const found: string[] = [];
  for (const f of files) {
    readFileSync(join(repoRoot, f), 'utf8').split('\n').forEach((line, i) => {
      const code = line.replace(/^\s*(\/\/|\*|\/\*\*).*$/, ''); // comments and TSDoc examples may name tasks
      if (/['"`](sst2|wic|idiom)['"`]/.test(code)) found.push(`${f}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(found, []);
});
