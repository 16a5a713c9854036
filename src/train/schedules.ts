// Learning-rate schedules as plain functions step → multiplier of the initial lr (linear warm-up, then cosine or
// linear decay, as Hugging Face's get_{cosine,linear}_schedule_with_warmup), and a LambdaLR-style scheduler that
// applies one to an optimizer. Not here: restarts, plateau detection.
import { AttnError } from '../errors.js';
import type { Optimizer } from './optimizer.js';

/** A learning-rate multiplier as a function of the step (0-based). */
export type Schedule = (step: number) => number;

export interface WarmupOptions {
  /** Steps of linear warm-up from 0 to 1. */
  warmupSteps: number;
  /** Step at which the decay reaches its floor. */
  totalSteps: number;
  /** The floor, as a fraction of the initial lr. Default 0. */
  minRatio?: number;
}

function warmupThen(name: string, { warmupSteps, totalSteps, minRatio = 0 }: WarmupOptions, decay: (progress: number) => number): Schedule {
  if (!(Number.isInteger(warmupSteps) && warmupSteps >= 0 && Number.isInteger(totalSteps) && totalSteps >= warmupSteps)) {
    throw new AttnError('E_INPUT', `${name}: need integers 0 ≤ warmupSteps ≤ totalSteps, got ${warmupSteps} and ${totalSteps}`);
  }
  if (!(minRatio >= 0 && minRatio <= 1)) throw new AttnError('E_INPUT', `${name}: minRatio ${minRatio} is not in [0, 1]`);
  return (step) => {
    if (step < warmupSteps) return step / Math.max(1, warmupSteps);
    const progress = Math.min(1, (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
    return minRatio + (1 - minRatio) * decay(progress);
  };
}

/**
 * Linear warm-up to 1 over `warmupSteps`, then half a cosine down to `minRatio` at `totalSteps` (flat after).
 * @example const f = warmupCosine({ warmupSteps: 100, totalSteps: 1000 }); f(50) // 0.5; f(1000) // 0
 */
export function warmupCosine(opts: WarmupOptions): Schedule {
  return warmupThen('warmupCosine', opts, (p) => 0.5 * (1 + Math.cos(Math.PI * p)));
}

/**
 * Linear warm-up to 1 over `warmupSteps`, then a straight line down to `minRatio` at `totalSteps`.
 * @example const f = warmupLinear({ warmupSteps: 10, totalSteps: 110 }); f(60) // 0.5
 */
export function warmupLinear(opts: WarmupOptions): Schedule {
  return warmupThen('warmupLinear', opts, (p) => 1 - p);
}

/**
 * Sets every group's lr to initialLr × schedule(step), like torch.optim.lr_scheduler.LambdaLR: the constructor
 * applies step 0, and each step() (called after optimizer.step()) advances one.
 * @example const sched = new LRScheduler(opt, warmupCosine({ warmupSteps: 10, totalSteps: 100 })); opt.step(); sched.step();
 */
export class LRScheduler {
  /** Steps taken so far. */
  stepCount = 0;
  constructor(readonly optimizer: Optimizer<{ lr: number }>, readonly schedule: Schedule) {
    this.apply();
  }
  step(): void {
    this.stepCount++;
    this.apply();
  }
  /** The current lr of each group. */
  get lastLr(): number[] {
    return this.optimizer.groups.map((g) => g.lr);
  }
  private apply(): void {
    const m = this.schedule(this.stepCount);
    for (const g of this.optimizer.groups) g.lr = g.initialLr * m;
  }
}
