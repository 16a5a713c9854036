// The random parts of word2vec: a xorshift32 stream (fast, seedable), the unigram^0.75 table that
// negative samples are drawn from, and the frequent-word subsampling keep probabilities (gensim's
// formula). Plain typed arrays, so that worker threads can share them.

/** Seeds a xorshift32 state from (seed, stream): never 0. @example let s = seedState(1, 0); */
export function seedState(seed: number, stream: number): number {
  let t = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0;
  t = Math.imul(t ^ (t >>> 16), 0x7feb352d);
  t = Math.imul(t ^ (t >>> 15), 0x846ca68b);
  t = (t ^ (t >>> 16)) >>> 0;
  return t === 0 ? 0x6d2b79f5 : t;
}

/**
 * The negative-sampling table: word i fills a share count_i^power / Σ count^power of the slots
 * (word2vec.c's table; at most 10 million slots, at least 100 per word).
 * @example const t = unigramTable(new Float64Array([9, 1])); // mostly 0s, some 1s
 */
export function unigramTable(counts: Float64Array, power = 0.75, size = Math.min(10_000_000, Math.max(100_000, counts.length * 100)), buffer?: ArrayBufferLike | Int32Array): Int32Array {
  const table = buffer instanceof Int32Array ? buffer.subarray(0, size) : new Int32Array(buffer ?? new ArrayBuffer(size * 4), 0, size);
  let z = 0;
  for (let i = 0; i < counts.length; i++) z += Math.pow(counts[i], power);
  let w = 0, cum = Math.pow(counts[0], power) / z;
  for (let a = 0; a < size; a++) {
    table[a] = w;
    if ((a + 1) / size > cum && w < counts.length - 1) {
      w++;
      cum += Math.pow(counts[w], power) / z;
    }
  }
  return table;
}

/**
 * Subsampling as gensim computes it: word i is kept with probability min(1, (√(c/t) + 1)·t/c) where
 * t = sample · retained words; stored as a threshold on a uint32 draw (2^32 = always). sample 0 keeps all.
 * @example keepThresholds(new Float64Array([1000, 1]), 1001, 1e-3)
 */
export function keepThresholds(counts: Float64Array, retained: number, sample: number): Float64Array {
  const out = new Float64Array(counts.length);
  const t = sample * retained;
  for (let i = 0; i < counts.length; i++) {
    const p = sample > 0 ? (Math.sqrt(counts[i] / t) + 1) * (t / counts[i]) : 1;
    out[i] = p >= 1 ? 4294967296 : Math.round(p * 4294967296);
  }
  return out;
}
