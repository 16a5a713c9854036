// `npm start` compiles only when a source changed: scripts/build-if-stale.mjs run in a scratch project whose
// "tsc" is a stand-in that counts its runs, against a built file older, then newer, than the sources.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../fixtures-dir.js';

const dir = mkdtempSync(join(tmpdir(), 'attnlab-stale-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('build-if-stale runs tsc when there is no build or a source is newer, and not otherwise', () => {
  const runs = join(dir, 'tsc-runs');
  for (const d of ['src', 'cli', 'dist/cli', 'node_modules/typescript/bin']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'node_modules/typescript/bin/tsc'),
    `require('node:fs').appendFileSync(${JSON.stringify(runs)}, 'x'); require('node:fs').writeFileSync('dist/cli/attn.js', '');`);
  writeFileSync(join(dir, 'package.json'), '{}');
  writeFileSync(join(dir, 'tsconfig.json'), '{}');
  writeFileSync(join(dir, 'src/a.ts'), '');
  const start = () => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'scripts/build-if-stale.mjs')], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return existsSync(runs) ? readFileSync(runs, 'utf8').length : 0;
  };
  assert.equal(start(), 1, 'no build yet: compiles');
  const ago = (s: number) => new Date(Date.now() - s * 1000);
  for (const f of ['src', 'src/a.ts', 'cli', 'package.json', 'tsconfig.json']) utimesSync(join(dir, f), ago(120), ago(120));
  utimesSync(join(dir, 'dist/cli/attn.js'), ago(60), ago(60));
  assert.equal(start(), 1, 'nothing changed: no compile');
  assert.equal(start(), 1, 'still nothing changed');
  writeFileSync(join(dir, 'src/a.ts'), 'export {};'); // an edit, newer than the build
  assert.equal(start(), 2, 'a source changed: compiles');
  assert.equal(start(), 2, 'and then not again');
});
