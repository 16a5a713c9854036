// The PyTorch parity suite: discovers every *.json in ATTNLAB_TORCH_FIXTURES (default ../shared/fixtures/torch)
// and checks each by its `kind`. An unknown kind or an empty folder fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { torchFixturesDir } from '../fixtures-dir.js';
import { checkers, pending } from './kinds/index.js';

test(`fixture folder ${torchFixturesDir} has fixtures`, () => {
  assert.ok(existsSync(torchFixturesDir), `no fixture folder at ${torchFixturesDir} (set ATTNLAB_TORCH_FIXTURES)`);
  assert.ok(readdirSync(torchFixturesDir).some((f) => f.endsWith('.json')), `no *.json fixtures in ${torchFixturesDir}`);
});

const files = existsSync(torchFixturesDir) ? readdirSync(torchFixturesDir).filter((f) => f.endsWith('.json')).sort() : [];
for (const f of files) {
  const fx = JSON.parse(readFileSync(join(torchFixturesDir, f), 'utf8')) as { kind?: string };
  const kind = String(fx.kind);
  if (pending.has(kind)) {
    test(`${f} (${kind})`, { todo: `kind '${kind}' is not implemented yet` }, () => {});
    continue;
  }
  test(`${f} (${kind})`, async () => {
    const check = checkers[kind];
    assert.ok(check, `${f}: unknown fixture kind '${kind}' (known: ${Object.keys(checkers).join(', ')})`);
    await check(fx);
  });
}
