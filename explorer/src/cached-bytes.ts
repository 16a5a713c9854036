// Fetch a file once from the app's own origin and keep its bytes in the Cache API, so a second visit (or a
// reload) reads it from disk: the bundled vectors (the page, at start) and the trained models (the worker,
// when one is picked). URLs carry a content hash (Vite names the assets), so a new file gets a new cache
// entry and entries no longer in the build are dropped. Not a parser: it returns bytes.

const VECTORS_CACHE = 'attnlab-vectors';

export interface LoadedBytes {
  bytes: Uint8Array;
  source: 'network' | 'cache';
  /** Settles once a downloaded copy is in the cache (true), or could not be stored (false). */
  stored: Promise<boolean>;
}

/** The bundled vectors' bytes (the only entry of their cache). */
export function loadVectorBytes(url: string): Promise<LoadedBytes> {
  return loadCachedBytes(url, { cache: VECTORS_CACHE, what: 'the word vectors' });
}

/**
 * `url`'s bytes from cache `opts.cache`, else from the network (then stored); after a download, entries of that
 * cache other than `url` and `opts.keep` are deleted.
 */
export async function loadCachedBytes(url: string, opts: { cache: string; what: string; keep?: readonly string[] }): Promise<LoadedBytes> {
  // The Cache API exists only in secure contexts (https, or http on 127.0.0.1/localhost).
  const cache = typeof caches !== 'undefined' ? await caches.open(opts.cache).catch(() => null) : null;
  const hit = cache ? await cache.match(url) : undefined;
  if (hit) return { bytes: new Uint8Array(await hit.arrayBuffer()), source: 'cache', stored: Promise.resolve(true) };
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${opts.what} from ${url}: HTTP ${res.status}`);
  const buf = await res.arrayBuffer();
  // Store in the background (a copy: the original may be transferred to the worker); a failure (quota,
  // private mode) only costs the next visit a download.
  const copy = cache ? buf.slice(0) : null; // now, before the original is transferred away
  const keep = new Set([url, ...(opts.keep ?? [])].map((u) => new URL(u, location.href).href));
  const stored = !cache || !copy ? Promise.resolve(false) : (async () => {
    for (const req of await cache.keys()) if (!keep.has(req.url)) await cache.delete(req);
    await cache.put(url, new Response(copy, { headers: { 'content-type': 'application/octet-stream' } }));
    return true;
  })().catch(() => false);
  return { bytes: new Uint8Array(buf), source: 'network', stored };
}
