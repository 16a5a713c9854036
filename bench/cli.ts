// Benchmark: `attn` as a whole process, as a user waits for it — `attn similar bank` and `attn demo` on the
// bundled vectors, from process start to exit (built binary, dist/cli/attn.js). Prints a table and one JSON line.
// Run: npm run build && npx tsx bench/cli.ts
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'dist/cli/attn.js');
if (!existsSync(bin)) {
  console.error('bench/cli: build first (npm run build)');
  process.exit(1);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cases: [string, string[]][] = [
  ['node -e 0 (process start alone)', ['-e', '0']],
  ['attn --version', [bin, '--version']],
  ['attn similar bank', [bin, 'similar', 'bank']],
  ['attn attend "He sat on the river bank"', [bin, 'attend', 'He sat on the river bank']],
  ['attn demo', [bin, 'demo']],
];
const runs = 7;
const rows = cases.map(([name, args]) => {
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
    if (i > 0) times.push(performance.now() - t0); // the first run warms the disk cache
  }
  return { name, ms: median(times), best: Math.min(...times) };
});
console.log(`attn as a whole process, bundled vectors (median of ${runs}; load average ${loadavg()[0].toFixed(2)})`);
for (const r of rows) console.log(`${r.name.padEnd(44)} ${r.ms.toFixed(0).padStart(6)} ms   best ${r.best.toFixed(0)} ms`);
console.log(JSON.stringify({ bench: 'cli', runs, loadavg: loadavg()[0], results: rows }));
