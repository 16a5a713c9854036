// Runs the first ```ts block of docs/layers.md against the library source, so the documented example stays true.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../fixtures-dir.js';

test('the example in docs/layers.md runs', async () => {
  const md = readFileSync(join(repoRoot, 'docs/layers.md'), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(md)?.[1];
  assert.ok(block, 'docs/layers.md has a ```ts block');
  const src = block.replace(/from 'attnlab'/g, `from '${pathToFileURL(join(repoRoot, 'src/index.ts')).href}'`).replace(/console\.log/g, '(globalThis as any).__docsLog');
  const logged: unknown[][] = [];
  (globalThis as any).__docsLog = (...a: unknown[]) => logged.push(a);
  const file = join(mkdtempSync(join(tmpdir(), 'attnlab-docs-')), 'example.ts');
  writeFileSync(file, src);
  await import(pathToFileURL(file).href);
  assert.deepEqual(logged, [[[2, 5, 16], [48, 16]]]);
});
