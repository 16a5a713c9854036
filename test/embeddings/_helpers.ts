// Shared by the embedding tests: seeded random vectors, a temporary folder, joining chunks, and the
// shared-data folder beside the repo. Not a test file itself (no .test.ts suffix).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WordVectors } from '../../src/embeddings/index.js';
import { sharedDir } from '../fixtures-dir.js';

export const sharedData = join(sharedDir, 'data');

/** A seeded uniform generator in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** V random words ("w0", "w1", … unless given) with C components in [−1, 1). */
export function randomVectors(V: number, C: number, seed = 1, words?: string[]): WordVectors {
  const r = rng(seed);
  const data = new Float32Array(V * C).map(() => r() * 2 - 1);
  return new WordVectors(words ?? Array.from({ length: V }, (_, i) => `w${i}`), data, C);
}

/** Joins encoder chunks. */
export function concat(chunks: Iterable<Uint8Array>): Uint8Array {
  const parts = [...chunks];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A fresh temporary folder and its remover. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'attnlab-embeddings-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Cosine of rows i and j in float64. */
export function cosineRows(wv: WordVectors, i: number, j: number): number {
  const C = wv.dim, v = wv.vectors;
  let s = 0, a = 0, b = 0;
  for (let c = 0; c < C; c++) {
    s += v[i * C + c] * v[j * C + c];
    a += v[i * C + c] ** 2;
    b += v[j * C + c] ** 2;
  }
  return s / Math.sqrt(a * b);
}
