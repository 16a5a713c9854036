// An exponential moving average of parameters, kept on the backend: after each step avg ← d·avg + (1 − d)·p,
// with the decay ramped up as min(decay, (1 + t) / (10 + t)) so early averages are not stuck at the
// initialisation. `swapIn` puts the average into the parameters (to validate or save it), `swapOut` puts the
// trained weights back. Writes through `assign`, never a host array. Not here: when to average (the caller).
import type { Tensor } from '../tensor.js';
import { noGrad, tidy, keep } from '../autograd.js';
import { add, mul } from '../ops/arithmetic.js';
import { clone } from '../ops/shape-ops.js';
import { assign } from '../ops/assign.js';
import { AttnError } from '../errors.js';

/** Backend copies of tensors, owned by the caller (dispose them). */
export function copyTensors(ts: readonly Tensor[]): Tensor[] {
  return noGrad(() => ts.map((t) => keep(clone(t))));
}

/** dst[k] ← src[k] for every k, in place. */
export function assignAll(dst: readonly Tensor[], src: readonly Tensor[]): void {
  noGrad(() => tidy(() => dst.forEach((t, k) => void assign(t, src[k]))));
}

/**
 * The moving average of `params`.
 * @example
 * const ema = new EMA(model.parameters(), 0.998);
 * // after each optimizer step t (1-based):
 * ema.update(t);
 * ema.swapIn(); validate(); ema.swapOut();
 */
export class EMA {
  private readonly average: Tensor[];
  private live: Tensor[] | null = null;
  constructor(private readonly params: readonly Tensor[], readonly decay: number) {
    if (!(decay > 0 && decay <= 1)) throw new AttnError('E_INPUT', `EMA: decay must be in (0, 1], got ${decay}`);
    this.average = copyTensors(params);
  }

  /** Fold the parameters after step t into the average. */
  update(t: number): void {
    const d = Math.min(this.decay, (1 + t) / (10 + t));
    noGrad(() => tidy(() => this.params.forEach((p, k) => void assign(this.average[k], add(mul(this.average[k], d), mul(p, 1 - d))))));
  }

  /** The average into the parameters; the trained weights are kept for `swapOut`. */
  swapIn(): void {
    if (this.live) throw new AttnError('E_INPUT', 'EMA.swapIn: the average is already swapped in');
    this.live = copyTensors(this.params);
    assignAll(this.params, this.average);
  }

  /** The trained weights back into the parameters. */
  swapOut(): void {
    if (!this.live) throw new AttnError('E_INPUT', 'EMA.swapOut: nothing swapped in');
    assignAll(this.params, this.live);
    this.live.forEach((t) => t.dispose());
    this.live = null;
  }

  dispose(): void {
    this.average.forEach((t) => t.dispose());
    this.live?.forEach((t) => t.dispose());
  }
}
