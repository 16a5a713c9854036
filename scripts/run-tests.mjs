#!/usr/bin/env node
// Runs the test suite with node's own test runner (TypeScript through tsx).
// Node 20's `--test` takes no globs, so this finds `*.test.ts` files below the given folders (default: test/).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

// Default: the whole suite — library, CLI and the explorer's browser tests.
const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['test', 'explorer/e2e'];
const files = [];
const walk = (p) => {
  if (statSync(p).isDirectory()) for (const f of readdirSync(p).sort()) walk(join(p, f));
  else if (p.endsWith('.test.ts')) files.push(p);
};
for (const r of roots) walk(r);
if (files.length === 0) {
  console.error(`run-tests: no *.test.ts files under ${roots.join(', ')}`);
  process.exit(1);
}
// Every test file first selects the backend named by ATTNLAB_BACKEND (default js).
const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', './test/_select-backend.ts', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
