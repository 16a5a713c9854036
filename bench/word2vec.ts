// word2vec: attnlab's wasm SIMD kernel, its js reference kernel and gensim 4 (Debian python3-gensim) on the
// same corpus and settings, side by side in one run, interleaved: training words/s per thread and corpus
// words per CPU-second of training (skip-gram and CBOW, 1 and 2 threads), WordSim-353 and MEN Spearman,
// Google-analogy accuracy (restrict_vocab 30k) for each, and gensim reading attnlab's binary file
// (load_word2vec_format) with the same most_similar. Prints a table and JSON; never fails by speed.
// Usage: apt-get install -y python3-gensim && npm run build && scripts/build-corpus.sh &&
//        npx tsx bench/word2vec.ts [--corpus F] [--tokens N (a prefix of N tokens)] [--epochs 5]
//        [--archs sg,cbow] [--threads 1,2] [--samples 1e-3,1e-4] [--tools gensim,wasm,js] [--seeds 1,2,3] [--python /usr/bin/python3]
// With several seeds it also prints, per cell, each tool's mean ± sd over the seeds and the difference of the
// means from gensim's with its standard error (one seed per side cannot tell a 0.01 gap from seed noise).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadVectors } from '../src/node/index.js';
import type { WordVectors } from '../src/index.js';

const { values: o } = parseArgs({
  options: {
    corpus: { type: 'string', default: '.cache/corpus/debian.txt' }, epochs: { type: 'string', default: '5' },
    archs: { type: 'string', default: 'sg,cbow' }, threads: { type: 'string', default: '1,2' }, samples: { type: 'string', default: '1e-3' },
    python: { type: 'string', default: '/usr/bin/python3' }, data: { type: 'string', default: '../shared/data' },
    tools: { type: 'string', default: 'gensim,wasm,js' }, tokens: { type: 'string' }, seeds: { type: 'string', default: '1' },
  },
});
const dir = mkdtempSync(join(tmpdir(), 'attn-w2v-bench-'));
if (o.tokens) {
  // The corpus's first N tokens, whole lines (for a shared machine where full runs take too long).
  const out: string[] = [];
  let n = 0;
  for (const line of readFileSync(o.corpus!, 'utf8').split('\n')) {
    if (n >= Number(o.tokens)) break;
    out.push(line);
    n += line.split(' ').filter(Boolean).length;
  }
  o.corpus = join(dir, 'prefix.txt');
  writeFileSync(o.corpus, out.join('\n') + '\n');
}
type Tool = 'gensim' | 'wasm' | 'js';
const tools = o.tools!.split(',') as Tool[];
const read = (p: string) => readFileSync(join(o.data!, p), 'utf8');
const sets = { wordsim: read('wordsim353/combined.csv'), men: read('men/MEN_dataset_natural_form_full'), google: read('google_analogy/questions-words.txt') };
const quality = (wv: WordVectors) => ({
  wordsim: wv.evaluateWordPairs(sets.wordsim).spearman, men: wv.evaluateWordPairs(sets.men).spearman,
  google: wv.evaluateAnalogies(sets.google, { restrictVocab: 30_000 }).accuracy,
});

interface Row { arch: string; threads: number; sample: number; seed: number; tool: Tool; seconds: number; cpuSeconds: number; wordsPerSec: number; perThread: number; perCpuSecond: number; load: number; wordsim: number; men: number; google: number }
const rows: Row[] = [];
let k = 0;
// Seeds outermost: a run cut short still has whole seeds of every cell.
for (const seed of o.seeds!.split(',').map(Number)) {
for (const sample of o.samples!.split(',').map(Number)) {
  for (const arch of o.archs!.split(',')) {
    for (const threads of o.threads!.split(',').map(Number)) {
      const common = ['--arch', arch, '--threads', String(threads), '--epochs', o.epochs!, '--sample', String(sample), '--seed', String(seed)];
      const attnlab = (kernel: 'wasm' | 'js') => () => {
        const out = join(dir, `${kernel}-${arch}-${threads}-${sample}-${seed}.bin`);
        const r = JSON.parse(execFileSync(process.execPath, ['dist/cli/attn.js', 'embed', 'train', o.corpus!, '--out', out, ...common, '--kernel', kernel, '--json'], { encoding: 'utf8' }));
        return { out, seconds: r.seconds, cpuSeconds: r.cpuSeconds, wordsPerSec: r.wordsPerSec, words: r.totalWords * Number(o.epochs) };
      };
      const runs: Record<Tool, () => { out: string; seconds: number; cpuSeconds: number; wordsPerSec: number; words: number }> = {
        gensim: () => {
          const out = join(dir, `gensim-${arch}-${threads}-${sample}-${seed}.bin`);
          const r = JSON.parse(execFileSync(o.python!, ['bench/word2vec_gensim.py', '--corpus', o.corpus!, '--out', out, ...common], { encoding: 'utf8' }));
          return { out, seconds: r.seconds, cpuSeconds: r.cpuSeconds, wordsPerSec: r.wordsPerSec, words: r.rawWords };
        },
        wasm: attnlab('wasm'),
        js: attnlab('js'),
      };
      // Interleaved: the order of the tools turns by one from one configuration to the next.
      const turn = k++ % tools.length;
      for (const tool of [...tools.slice(turn), ...tools.slice(0, turn)]) {
        const load = loadavg()[0];
        const r = runs[tool]();
        const q = quality(await loadVectors(r.out));
        rows.push({ arch, threads, sample, seed, tool, seconds: r.seconds, cpuSeconds: r.cpuSeconds, wordsPerSec: r.wordsPerSec, perThread: r.wordsPerSec / threads, perCpuSecond: r.words / r.cpuSeconds, load, ...q });
        process.stderr.write(`${tool} ${arch} threads ${threads} sample ${sample} seed ${seed}: ${Math.round(r.wordsPerSec / threads)} words/s/thread, ${Math.round(r.words / r.cpuSeconds)} words/CPU-s, WordSim ${q.wordsim.toFixed(4)}, MEN ${q.men.toFixed(4)}, Google ${q.google.toFixed(4)} (load ${load.toFixed(2)})\n`);
      }
    }
  }
}
}

// gensim reads attnlab's binary file and finds the same neighbours.
const ours = join(dir, `${tools.includes('wasm') ? 'wasm' : 'js'}-${o.archs!.split(',')[0]}-${o.threads!.split(',')[0]}-${Number(o.samples!.split(',')[0])}-${Number(o.seeds!.split(',')[0])}.bin`);
const probe = ['king', 'water', 'red', 'three', 'god'];
const wv = await loadVectors(ours);
const g = JSON.parse(execFileSync(o.python!, ['bench/word2vec_gensim.py', '--check', ours, '--binary', '--words', probe.filter((x) => wv.has(x)).join(',')], { encoding: 'utf8' }));
let sameWords = true, maxDiff = 0;
for (const w of probe.filter((x) => wv.has(x))) {
  const mine = wv.mostSimilar({ positive: [w], topk: 10 });
  const theirs = g.neighbours[w] as [string, number][];
  sameWords &&= mine.every((n, i) => n.word === theirs[i][0]);
  for (let i = 0; i < 10; i++) maxDiff = Math.max(maxDiff, Math.abs(mine[i].cosine - theirs[i][1]));
}
const check = { file: ours, gensimSize: g.size, ourSize: wv.size, sameTop10: sameWords, maxCosineDiff: maxDiff };

const f = (x: number) => x.toFixed(4);
console.log('arch  thr sample  seed tool    words/s/thread  ×gensim  words/CPU-s  ×gensim  WordSim  MEN     Google  load');
for (const r of rows) {
  const g = rows.find((x) => x.arch === r.arch && x.threads === r.threads && x.sample === r.sample && x.seed === r.seed && x.tool === 'gensim');
  const x = (a: number, b?: number) => (b ? (a / b).toFixed(2) : '–').padStart(7);
  console.log(`${r.arch.padEnd(5)} ${String(r.threads).padEnd(3)} ${String(r.sample).padEnd(7)} ${String(r.seed).padEnd(4)} ${r.tool.padEnd(7)} ${String(Math.round(r.perThread)).padStart(14)}  ${x(r.perThread, g?.perThread)}  ${String(Math.round(r.perCpuSecond)).padStart(11)}  ${x(r.perCpuSecond, g?.perCpuSecond)}  ${f(r.wordsim)}   ${f(r.men)}  ${f(r.google)}  ${r.load.toFixed(2)}`);
}
// Over the seeds: each cell's mean ± sample sd per tool, and the difference of the means from gensim's ± its
// standard error, sqrt(sd₁²/n₁ + sd₂²/n₂).
const seedCount = new Set(rows.map((r) => r.seed)).size;
const summary: Record<string, unknown>[] = [];
if (seedCount > 1) {
  const stats = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return { mean: m, sd: Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1)), n: xs.length };
  };
  console.log(`\nover ${seedCount} seeds: mean ± sd; Δ = mean − gensim's mean ± standard error`);
  for (const key of [...new Set(rows.map((r) => `${r.arch} ${r.threads} ${r.sample}`))]) {
    const cell = rows.filter((r) => `${r.arch} ${r.threads} ${r.sample}` === key);
    for (const tool of tools) {
      const mine = cell.filter((r) => r.tool === tool), base = cell.filter((r) => r.tool === 'gensim');
      if (!mine.length) continue;
      const line: Record<string, unknown> = { cell: key, tool, seeds: mine.length };
      const parts: string[] = [];
      for (const m of ['wordsim', 'men', 'google', 'perCpuSecond'] as const) {
        const a = stats(mine.map((r) => r[m])), b = stats(base.map((r) => r[m]));
        const d = a.mean - b.mean, se = Math.sqrt(a.sd ** 2 / a.n + b.sd ** 2 / b.n);
        line[m] = { ...a, ...(tool === 'gensim' || !base.length ? {} : { diff: d, se }) };
        const digits = m === 'perCpuSecond' ? 0 : 4;
        parts.push(`${m} ${a.mean.toFixed(digits)} ± ${a.sd.toFixed(digits)}${tool === 'gensim' || !base.length ? '' : m === 'perCpuSecond' ? ` (×${(a.mean / b.mean).toFixed(2)})` : ` (Δ ${d >= 0 ? '+' : ''}${d.toFixed(4)} ± ${se.toFixed(4)})`}`);
      }
      summary.push(line);
      console.log(`${key.padEnd(14)} ${tool.padEnd(7)} ${parts.join('  ')}`);
    }
  }
}
console.log(`gensim load_word2vec_format(${ours}): ${g.size} words; same top-10 neighbours of ${probe.filter((x) => wv.has(x)).join(', ')}: ${sameWords}; max |Δcosine| ${maxDiff.toExponential(2)}`);
console.log(JSON.stringify({ corpus: o.corpus, epochs: Number(o.epochs), rows, summary, check }));
// keep nothing behind
rmSync(dir, { recursive: true, force: true });
