// A training loop that computes and emits events — it never prints. Each step runs inside `tidy`: loss, backward,
// optional global-norm clipping, optimizer step, zeroGrad, scheduler step; then the step's loss (and norm) is read
// back asynchronously, the one read per step, so it runs on a backend that cannot read synchronously. Consumers
// (the CLI's progress bar, the explorer's worker) render the events. Not here: data loading, checkpointing,
// early stopping policies.
import type { Tensor } from '../tensor.js';
import { AttnError } from '../errors.js';
import { backward, tidy } from '../autograd.js';
import type { Optimizer } from './optimizer.js';
import type { LRScheduler } from './schedules.js';
import { clipGradNorm } from './clip-grad.js';

export type TrainEvent =
  | {
      type: 'step';
      /** 1-based count of optimizer steps so far. */
      step: number;
      /** 0-based epoch. */
      epoch: number;
      loss: number;
      /** The lr this step used (first group). */
      lr: number;
      /** Global L2 gradient norm before clipping (only with `clipGradNorm`). */
      gradNorm?: number;
      /** Examples in this batch (per `batchSize`). */
      examples: number;
      examplesPerSec: number;
      elapsedMs: number;
    }
  | { type: 'epoch'; epoch: number; step: number; meanLoss: number; elapsedMs: number }
  | { type: 'eval'; epoch: number; step: number; metrics: Record<string, number> }
  | { type: 'done'; steps: number; epochs: number; lastLoss: number; elapsedMs: number; stopped: boolean };

export interface TrainLoopOptions<B> {
  optimizer: Optimizer<{ lr: number }>;
  /** The batches of one epoch; called at the start of each epoch (so it may shuffle). */
  batches: (epoch: number) => Iterable<B>;
  /** The scalar loss of one batch, computed with gradients. */
  loss: (batch: B) => Tensor;
  /** Passes over the data (default 1). */
  epochs?: number;
  /** Stop after this many steps, even mid-epoch. */
  maxSteps?: number;
  /** Stepped after every optimizer step. */
  scheduler?: LRScheduler;
  /** Clip the global gradient norm to this value before each step. */
  clipGradNorm?: number;
  /** Examples in a batch, for throughput (default 1: batches per second). */
  batchSize?: (batch: B) => number;
  /**
   * Run `evaluate` every this many steps, or after the steps for which this function is true (`stepInEpoch` is
   * 1-based); and at the end of each epoch whose last step did not just run it.
   */
  evalEvery?: number | ((at: { step: number; epoch: number; stepInEpoch: number }) => boolean);
  evaluate?: () => Record<string, number> | Promise<Record<string, number>>;
  onEvent?: (e: TrainEvent) => void;
  /** Polled before each step; returning true ends the loop (the 'done' event says stopped). */
  shouldStop?: () => boolean;
  /** Milliseconds clock (default performance.now). */
  now?: () => number;
}

export interface TrainSummary {
  steps: number;
  epochs: number;
  /** Loss of every step, in order. */
  losses: number[];
  stopped: boolean;
}

/**
 * Train for `epochs` over `batches`, emitting step / epoch / eval / done events. Throws an AttnError if the loss
 * stops being finite.
 * @example
 * const opt = new AdamW(model.parameters(), { lr: 1e-3 });
 * await trainLoop({ optimizer: opt, batches: () => data, loss: (b) => crossEntropy(model.forward(b.x), b.y), epochs: 3,
 *   onEvent: (e) => { if (e.type === 'epoch') console.log(e.epoch, e.meanLoss); } });
 */
export async function trainLoop<B>(opts: TrainLoopOptions<B>): Promise<TrainSummary> {
  const { optimizer, epochs = 1, maxSteps = Infinity, evalEvery = 0, onEvent = () => {} } = opts;
  const evalNow = typeof evalEvery === 'function' ? evalEvery : (at: { step: number }) => evalEvery > 0 && at.step % evalEvery === 0;
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  const losses: number[] = [];
  let epochsRun = 0, stopped = false, evaluatedAt = -1, lastYield = performance.now();
  const evaluate = async (epoch: number) => {
    evaluatedAt = losses.length;
    if (opts.evaluate) onEvent({ type: 'eval', epoch, step: losses.length, metrics: await opts.evaluate() });
  };
  for (let epoch = 0; epoch < epochs && !stopped && losses.length < maxSteps; epoch++) {
    epochsRun++;
    let sum = 0, n = 0;
    for (const batch of opts.batches(epoch)) {
      if (losses.length >= maxSteps) break;
      // A step's reads resolve as microtasks on a CPU backend, which never let timers, signals (Ctrl+C) or a page
      // run: give the event loop a turn every 100 ms so that shouldStop can see them.
      if (opts.shouldStop && performance.now() - lastYield > 100) {
        await new Promise((r) => setTimeout(r, 0));
        lastYield = performance.now();
      }
      if (opts.shouldStop?.()) {
        stopped = true;
        break;
      }
      const start = now();
      const lr = optimizer.lr;
      const out = tidy(() => {
        const l = opts.loss(batch);
        backward(l);
        const norm = opts.clipGradNorm !== undefined ? clipGradNorm(optimizer.params(), opts.clipGradNorm) : undefined;
        optimizer.step();
        optimizer.zeroGrad();
        return { l, norm };
      });
      opts.scheduler?.step();
      let loss: number, gradNorm: number | undefined;
      try {
        // Both reads asked for at once: one round trip on a GPU.
        [loss, gradNorm] = await Promise.all([out.l.data().then((d) => d[0]), out.norm?.data().then((d) => d[0])]);
      } finally {
        out.l.dispose();
        out.norm?.dispose();
      }
      if (!Number.isFinite(loss)) {
        throw new AttnError('E_INPUT', `trainLoop: the loss is ${loss} at step ${losses.length + 1} (try a lower learning rate or clipGradNorm)`);
      }
      losses.push(loss);
      sum += loss;
      n++;
      const examples = opts.batchSize?.(batch) ?? 1;
      const ms = Math.max(now() - start, 1e-6);
      onEvent({ type: 'step', step: losses.length, epoch, loss, lr, gradNorm, examples, examplesPerSec: (examples * 1000) / ms, elapsedMs: now() - t0 });
      if (evalNow({ step: losses.length, epoch, stepInEpoch: n })) await evaluate(epoch);
    }
    onEvent({ type: 'epoch', epoch, step: losses.length, meanLoss: n ? sum / n : NaN, elapsedMs: now() - t0 });
    if (n && evaluatedAt !== losses.length) await evaluate(epoch);
  }
  const done = { steps: losses.length, epochs: epochsRun, losses, stopped };
  onEvent({ type: 'done', steps: done.steps, epochs: epochsRun, lastLoss: losses[losses.length - 1] ?? NaN, elapsedMs: now() - t0, stopped });
  return done;
}
