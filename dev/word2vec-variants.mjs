// Dev harness: times the word2vec kernel of raw .wasm files (one thread, in memory) on a prefix of the corpus,
// interleaved, and reports corpus words per CPU-second (min and median over rounds) and the loss.
// node dev/word2vec-variants.mjs [--arch sg] [--tokens 300000] [--rounds 5] [--full-vocab] a.wasm b.wasm ...
// (--full-vocab: the vocabulary, matrices and negative table of the whole corpus, trained on the prefix only)
// (variants built from src/backends/wasm/kernels/word2vec.c with -D flags; needs `npm run build`, the corpus)
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { parseArgs } from 'node:util';
setFlagsFromString('--experimental-wasm-relaxed-simd');
const { countVocab, createModel, SentenceTrainer, WORD2VEC_DEFAULTS } = await import('../dist/src/embeddings/word2vec/train.js');
const { createWasmModel } = await import('../dist/src/embeddings/word2vec/wasm-kernel.js');
const { modelSizes } = await import('../dist/src/embeddings/word2vec/train.js');
const { values: o, positionals: files } = parseArgs({ allowPositionals: true, options: {
  arch: { type: 'string', default: 'sg' }, tokens: { type: 'string', default: '300000' }, rounds: { type: 'string', default: '5' },
  corpus: { type: 'string', default: '.cache/corpus/debian.txt' }, sample: { type: 'string', default: '1e-3' }, 'full-vocab': { type: 'boolean' }, table: { type: 'string' } } });
const text = readFileSync(o.corpus, 'utf8').split('\n');
const lines = [];
let n = 0;
for (const line of text) {
  if (n >= Number(o.tokens)) break;
  const t = line.split(' ').filter(Boolean);
  lines.push(t);
  n += t.length;
}
const s = { ...WORD2VEC_DEFAULTS, arch: o.arch, sample: Number(o.sample), epochs: 1, minCount: 5 };
const vocab = o['full-vocab'] ? countVocab(function* () { for (const l of text) yield l.split(' ').filter(Boolean); }, s.minCount) : countVocab(() => lines, s.minCount);
console.log(`${n} tokens trained, ${vocab.words.length} words`);
const runs = files.map((f) => ({ f, module: new WebAssembly.Module(readFileSync(f)), cpu: [], loss: 0 }));
const once = (r) => {
  const w = createWasmModel(r.module, s, vocab.words.length, o.table ? Number(o.table) : modelSizes(vocab, s.dim).table / 4, 1);
  const t = new SentenceTrainer(createModel(vocab, s, w, true), vocab, s, new Float64Array(1), 0);
  t.startEpoch(0);
  const c0 = process.cpuUsage();
  for (const l of lines) t.add(l);
  t.flush();
  const c = process.cpuUsage(c0);
  r.cpu.push((c.user + c.system) / 1e6);
  r.loss = t.totals[0] / t.totals[1];
};
for (const r of runs) once(r);
for (const r of runs) r.cpu.length = 0;
for (let k = 0; k < Number(o.rounds); k++) for (const r of runs) once(r);
for (const r of runs) {
  const c = r.cpu.sort((a, b) => a - b);
  console.log(r.f.padEnd(28), `${o.arch} words/CPU-s min-time ${Math.round(n / c[0])} median ${Math.round(n / c[c.length >> 1])}  loss ${r.loss.toFixed(6)}`);
}
