// Runs the ```ts example of docs/training.md against the library source, so that the documented example stays true.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../fixtures-dir.js';

test('the example in docs/training.md trains, saves and reloads', async () => {
  const md = readFileSync(join(repoRoot, 'docs/training.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(md)![1];
  const lib = pathToFileURL(join(repoRoot, 'src/index.ts')).href;
  const printed: unknown[] = [];
  (globalThis as { __print?: (v: unknown) => void }).__print = (v) => printed.push(v);
  const file = join(mkdtempSync(join(tmpdir(), 'attnlab-training-doc-')), 'example.mts');
  writeFileSync(file, code.replaceAll("from 'attnlab'", `from '${lib}'`).replaceAll('console.log(', '(globalThis as any).__print('));
  await import(pathToFileURL(file).href);
  assert.deepEqual(printed.slice(1), [true, true]);
  assert.match(String(printed[0]), /^epoch 0: mean loss /);
});
