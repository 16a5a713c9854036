// The computation worker: parses the vectors' bytes the page hands over (fetched once, cached), then
// answers one request per view, in order (a trained model's first request waits for its download); the
// page ignores answers to requests it has since replaced.
import type { BackendReport, PageMessage, Request, VectorBytes, WorkerMessage } from '../protocol';
import { parseVectors, useFastestBackend, type WordVectors } from 'attnlab';
import { computeAttention, computeContextual, computeStatic, nearest } from './compute';
import { computeOrder, computePolysemy, computeSimilarity } from './compute-pairs';
import { computeModel, taskViews } from './models';

const post = (m: WorkerMessage) => (self as unknown as Worker).postMessage(m);

let gotBytes: (v: VectorBytes) => void;
// The fastest backend that starts: webgpu where navigator.gpu gives an adapter, else wasm (threads only where the
// page is cross-origin isolated, which `attn explore` and the documented static hosting arrange with COOP/COEP
// headers), else js.
const hasGpu = !!(self.navigator as { gpu?: unknown }).gpu;
const backend = useFastestBackend(hasGpu ? ['webgpu', 'wasm'] : ['wasm']).then((b): BackendReport => {
  if (b.name === 'webgpu') return { name: b.name, threads: 1, adapter: b.adapter };
  if (b.name === 'js') return { name: b.name, threads: b.threads, note: `WebAssembly could not start (${b.fallback}); running the plain JavaScript kernels` };
  const isolated = (self as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  const notes = [b.fallback && `WebGPU could not start: ${b.fallback.replace(/^webgpu: (webgpu backend: )?/, '')}`, !isolated && 'one thread: this page is not cross-origin isolated (served without COOP/COEP headers), so shared memory is off'];
  return { name: b.name, threads: b.threads, note: notes.filter(Boolean).join('; ') || undefined };
});

const ready: Promise<WordVectors> = new Promise<VectorBytes>((resolve) => (gotBytes = resolve)).then(async (v) => {
  const b = await backend;
  const t1 = performance.now();
  const wv = parseVectors(v.bytes, { file: 'bundled vectors' });
  post({ kind: 'ready', words: wv.size, dim: wv.dim, source: v.source, fetchMs: v.fetchMs, parseMs: performance.now() - t1, backend: b });
  return wv;
});
ready.catch((e: unknown) => post({ kind: 'load-error', message: e instanceof Error ? e.message : String(e) }));

function answer(wv: WordVectors, r: Request): unknown | Promise<unknown> {
  switch (r.type) {
    case 'static': return computeStatic(wv, r.sentence);
    case 'attention': return computeAttention(wv, r.sentence, r.scale, r.positions);
    case 'contextual': return computeContextual(wv, r.sentence, r.scale, r.positions);
    case 'polysemy': return computePolysemy(wv, r.a, r.b, r.word, r.scale);
    case 'order': return computeOrder(wv, r.a, r.b, r.scale);
    case 'similarity': return computeSimilarity(wv, r.a, r.b);
    case 'neighbours': return nearest(wv, r.vector, r.exclude, 8, wv.size);
    case 'model': return computeModel(wv, r.model, r.input);
    case 'tasks': return taskViews();
  }
}

self.onmessage = async (ev: MessageEvent<PageMessage>) => {
  if (ev.data.kind === 'vectors') return gotBytes(ev.data);
  const { id, request } = ev.data;
  try {
    const wv = await ready;
    const t0 = performance.now();
    const result = await answer(wv, request);
    post({ kind: 'result', id, result, ms: performance.now() - t0 });
  } catch (e) {
    post({ kind: 'error', id, message: e instanceof Error ? e.message : String(e) });
  }
};
