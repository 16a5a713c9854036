// attnlab/node: the bundled default (size, content, float16, its SOURCE.md), limit and progress events,
// saving and re-loading every format by extension, and locating the package root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AttnError, toFloat16Bits, fromFloat16Bits } from '../../src/index.js';
import { loadVectors, loadDefaultVectors, saveVectors, defaultVectorsPath, packageRoot, findPackageRoot } from '../../src/node/index.js';
import type { LoadProgress } from '../../src/node/index.js';
import { repoRoot } from '../fixtures-dir.js';
import { tempDir } from './_helpers.js';

test('the bundled default: 50,000 GloVe words × 100, float16, ≤ 12 MB, described by data/SOURCE.md', async () => {
  const wv = await loadDefaultVectors();
  assert.equal(wv.size, 50_000);
  assert.equal(wv.dim, 100);
  assert.deepEqual(wv.words.slice(0, 5), ['the', ',', '.', 'of', 'to']);
  for (const w of ['bank', 'money', 'river', 'king', 'queen', 'humans', 'love', 'smartphones']) assert.ok(wv.has(w), w);
  for (let i = 0; i < wv.vectors.length; i += 997) assert.equal(fromFloat16Bits(toFloat16Bits(wv.vectors[i])), wv.vectors[i]);
  const file = defaultVectorsPath();
  assert.ok(statSync(file).size <= 12 * 2 ** 20);
  const source = readFileSync(join(packageRoot(), 'data', 'SOURCE.md'), 'utf8');
  assert.ok(source.includes(createHash('sha256').update(readFileSync(file)).digest('hex')), 'SOURCE.md names the file\'s sha256');
  assert.match(source, /PDDL/);
  assert.deepEqual((await loadVectors('default')).words.slice(0, 3), ['the', ',', '.']);
});

test('limit reads only the first N words; progress events count bytes up to the file size', async () => {
  const events: LoadProgress[] = [];
  const top = await loadDefaultVectors({ limit: 1000, onProgress: (p) => events.push(p) });
  assert.equal(top.size, 1000);
  assert.ok(events.length > 0 && events.every((e) => e.phase === 'read' && e.bytesTotal === statSync(defaultVectorsPath()).size));
  assert.ok(events.at(-1)!.bytesDone < events.at(-1)!.bytesTotal, 'stopped early');
  const all: LoadProgress[] = [];
  const wv = await loadDefaultVectors({ onProgress: (p) => all.push(p) });
  assert.deepEqual(top.vectors, wv.vectors.subarray(0, 1000 * 100));
  assert.equal(all.at(-1)!.bytesDone, all.at(-1)!.bytesTotal);
  assert.equal(all.at(-1)!.words, 50_000);
  assert.ok(all.every((e, i) => i === 0 || e.bytesDone > all[i - 1].bytesDone));
});

test('saveVectors writes each format (from the extension or the option) and loadVectors detects it', async () => {
  const tmp = tempDir();
  try {
    const wv = (await loadDefaultVectors({ limit: 500 }));
    for (const name of ['v.attnvec', 'v.txt', 'v.vec', 'v.bin']) {
      await saveVectors(join(tmp.dir, name), wv);
      const back = await loadVectors(join(tmp.dir, name));
      assert.deepEqual(back.words, wv.words, name);
      assert.deepEqual(back.vectors, wv.vectors, name);
    }
    await saveVectors(join(tmp.dir, 'sub', 'half.data'), wv, { format: 'attnvec', dtype: 'float16' });
    assert.deepEqual((await loadVectors(join(tmp.dir, 'sub', 'half.data'))).vectors, wv.vectors, 'already float16 values');
    assert.deepEqual(readdirSync(tmp.dir).sort(), ['sub', 'v.attnvec', 'v.bin', 'v.txt', 'v.vec'], 'no temporary files left');
    await assert.rejects(saveVectors(join(tmp.dir, 'x'), wv, { format: 'csv' as never }), /format must be/);
  } finally {
    tmp.remove();
  }
});

test('packageRoot finds the folder whose package.json is named attnlab, from src/ or dist/src/', () => {
  assert.equal(packageRoot(), repoRoot);
  assert.equal(findPackageRoot(join(repoRoot, 'dist', 'src', 'node')), repoRoot);
  assert.equal(defaultVectorsPath(), join(repoRoot, 'data', 'glove-6b-100d-50k.f16.attnvec'));
  assert.throws(() => findPackageRoot('/'), (e: unknown) => e instanceof AttnError && e.code === 'E_NOT_FOUND');
});
