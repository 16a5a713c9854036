// writeAtomically and checkWritable (attnlab/node): a reader never sees half a file, and an existing path that is not
// a regular file — a folder, a device such as /dev/null, a FIFO — is refused rather than renamed over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAtomically, checkWritable } from '../../src/node/index.js';
import { AttnError } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'attn-write-'));
const bytes = (s: string) => new TextEncoder().encode(s);
const refused = (re: RegExp) => (e: unknown) => e instanceof AttnError && e.code === 'E_INPUT' && re.test(e.message);

test('writeAtomically replaces a file whole and leaves no temporary file; missing folders are made', async () => {
  const f = join(dir, 'sub', 'out.txt');
  await writeAtomically(f, [bytes('one'), bytes(' two')]);
  await writeAtomically(f, [bytes('three')]);
  assert.equal(readFileSync(f, 'utf8'), 'three');
  assert.deepEqual(readdirSync(join(dir, 'sub')), ['out.txt']);
});

test('a folder, /dev/null or a FIFO is refused by both, and stays what it was', async () => {
  const folder = join(dir, 'folder');
  mkdirSync(folder);
  const targets: [string, RegExp][] = [[folder, /it is a folder/], ['/dev/null', /it is not a regular file/]];
  const fifo = join(dir, 'fifo');
  if (spawnSync('mkfifo', [fifo]).status === 0) targets.push([fifo, /it is not a regular file/]);
  for (const [p, why] of targets) {
    await assert.rejects(writeAtomically(p, [bytes('x')]), refused(new RegExp(`^${p.replace(/[/.]/g, '\\$&')}: cannot be written \\(${why.source}\\)`)));
    await assert.rejects(checkWritable(p, '--out'), refused(new RegExp(`^--out ${p.replace(/[/.]/g, '\\$&')}: cannot be written \\(${why.source}\\)`)));
  }
  assert.ok(statSync('/dev/null').isCharacterDevice());
  assert.ok(statSync(folder).isDirectory());
  writeFileSync(join(dir, 'plain'), 'p');
  await checkWritable(join(dir, 'plain'), '--out'); // an existing regular file is fine
});
