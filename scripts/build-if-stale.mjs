#!/usr/bin/env node
// Runs `tsc -p tsconfig.json` only when a source is newer than the build (for `npm start`: no recompile when
// nothing changed). Compares modification times of src/, cli/, bench/ and the configs with dist/cli/attn.js.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const newest = (p) => {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  return st.isDirectory() ? Math.max(st.mtimeMs, ...readdirSync(p).map((f) => newest(join(p, f)))) : st.mtimeMs;
};
const built = join('dist', 'cli', 'attn.js');
const inputs = ['src', 'cli', 'bench', 'tsconfig.json', 'package.json'];
if (!existsSync(built) || Math.max(...inputs.map(newest)) > statSync(built).mtimeMs) {
  const r = spawnSync(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
