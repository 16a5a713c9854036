// Fetch the bundled vectors once from the app's own origin and keep the bytes in the Cache API, so a
// second visit (or a reload) reads them from disk. The URL carries a content hash (Vite names the
// asset), so a new vectors file gets a new cache entry and old entries are dropped.
// Not a parser: it returns bytes; the library turns them into WordVectors.

const CACHE = 'attnlab-vectors';

export interface LoadedBytes {
  bytes: Uint8Array;
  source: 'network' | 'cache';
  /** Settles once a downloaded copy is in the cache (true), or could not be stored (false). */
  stored: Promise<boolean>;
}

export async function loadVectorBytes(url: string): Promise<LoadedBytes> {
  // The Cache API exists only in secure contexts (https, or http on 127.0.0.1/localhost).
  const cache = typeof caches !== 'undefined' ? await caches.open(CACHE).catch(() => null) : null;
  const hit = cache ? await cache.match(url) : undefined;
  if (hit) return { bytes: new Uint8Array(await hit.arrayBuffer()), source: 'cache', stored: Promise.resolve(true) };
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load the word vectors from ${url}: HTTP ${res.status}`);
  const buf = await res.arrayBuffer();
  // Store in the background (a copy: the original goes to the worker); a failure (quota, private mode)
  // only costs the next visit a download.
  const copy = cache ? buf.slice(0) : null; // now, before the original is transferred away
  const stored = !cache || !copy ? Promise.resolve(false) : (async () => {
    for (const req of await cache.keys()) if (req.url !== new URL(url, location.href).href) await cache.delete(req);
    await cache.put(url, new Response(copy, { headers: { 'content-type': 'application/octet-stream' } }));
    return true;
  })().catch(() => false);
  return { bytes: new Uint8Array(buf), source: 'network', stored };
}
