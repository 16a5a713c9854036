// Checks that a synchronous call could not finish on a backend that reads only asynchronously (a GPU): the call
// computes what it needs on the backend and queues a check; the next asynchronous read (`Tensor.data`, and so
// `array()` and every library function that reads values) runs the queued checks first and throws what they
// throw, as a CUDA error surfaces at the next call that waits for the device. Not a general task queue.

const pending: (() => Promise<void>)[] = [];

/** Queue a check for the next asynchronous read; it must free what it holds whether it throws or not. */
export function deferCheck(check: () => Promise<void>): void {
  pending.push(check);
}

/** Run every queued check (all of them, so each frees what it holds) and throw the first failure in queue order. */
export async function settleChecks(): Promise<void> {
  if (pending.length === 0) return;
  const results = await Promise.allSettled(pending.splice(0).map((check) => check()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
