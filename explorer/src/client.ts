// The page's side of the worker protocol: typed requests, and "latest wins" per view — an answer to a
// request that a newer one of the same view has replaced resolves to null and is not drawn.
import type { PageMessage, Request, ResultMap, VectorBytes, WorkerMessage } from './protocol';

type Pending = { resolve(v: unknown): void; reject(e: Error): void; view: string };

export class WorkerClient {
  private worker: Worker;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private latest = new Map<string, number>();
  onReady: (m: Extract<WorkerMessage, { kind: 'ready' }>) => void = () => {};
  onLoadError: (message: string) => void = () => {};
  /** Compute time of the last answer, in the worker. */
  lastComputeMs = 0;

  constructor() {
    this.worker = new Worker(new URL('./worker/worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (ev: MessageEvent<WorkerMessage>) => {
      const m = ev.data;
      if (m.kind === 'ready') return this.onReady(m);
      if (m.kind === 'load-error') return this.onLoadError(m.message);
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.kind === 'error') return p.reject(new Error(m.message));
      this.lastComputeMs = m.ms;
      p.resolve(this.latest.get(p.view) === m.id ? m.result : null);
    };
  }

  /** Hand the vectors' bytes to the worker (transferred, not copied). */
  sendVectors(v: VectorBytes): void {
    this.send(v, [v.bytes.buffer as ArrayBuffer]);
  }

  private send(m: PageMessage, transfer: Transferable[] = []): void {
    this.worker.postMessage(m, transfer);
  }

  /** Ask for one view's data; `channel` groups requests where only the newest matters. */
  request<K extends Request['type']>(req: Extract<Request, { type: K }>, channel: string = req.type): Promise<ResultMap[K] | null> {
    const id = this.nextId++;
    this.latest.set(channel, id);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, view: channel });
      this.send({ kind: 'request', id, request: req });
    });
  }
}
