// The attention kinds' parity checkers run over the extra PyTorch fixtures in test/fixtures/torch-extra
// (other shapes and options than the shared set: T = 1, S ≠ T, one head, no bias, GELU, masks in the encoder).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../fixtures-dir.js';
import { checkers } from './kinds/index.js';

const dir = join(repoRoot, 'test/fixtures/torch-extra');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
test('extra fixtures exist', () => assert.ok(files.length > 0, `no *.json in ${dir}`));
for (const f of files) {
  const fx = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { kind: string };
  test(`${f} (${fx.kind})`, async () => {
    const check = checkers[fx.kind];
    assert.ok(check, `${f}: unknown fixture kind '${fx.kind}'`);
    await check(fx);
  });
}
