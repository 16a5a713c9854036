// Imported first by main.ts: starts the worker and the download of the vectors (from the Cache API
// or the app's own origin) before the rest of the page is evaluated; the bytes go to the worker.
import vectorsUrl from 'attnlab-vectors?url';
import { WorkerClient } from './client';
import { loadVectorBytes } from './cached-bytes';

export const client = new WorkerClient();
/** When the download started, in ms after navigation start. */
export const vectorsRequestedAt = performance.now();
const loaded = loadVectorBytes(vectorsUrl);
/** Whether the vectors are in the Cache API (after a download, once stored). */
export const vectorsCached: Promise<boolean> = loaded.then((l) => l.stored, () => false);

loaded.then(
  ({ bytes, source }) => client.sendVectors({ kind: 'vectors', bytes, source, fetchMs: performance.now() - vectorsRequestedAt }),
  (e: unknown) => client.onLoadError(e instanceof Error ? e.message : String(e)),
);
