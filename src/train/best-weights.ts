// Best-weight keeping for early stopping: a backend copy of the parameters whenever a validation score beats the
// best so far (higher is better), and the count of validations since, for a patience rule; `restore` writes the
// best copy back into the parameters. Not here: what to validate or when (the caller, e.g. trainLoop's evaluate).
import type { Tensor } from '../tensor.js';
import { copyTensors, assignAll } from './ema.js';

/**
 * Keeps the parameters of the best score seen.
 * @example
 * const best = new BestWeights(model.parameters());
 * if (best.offer(accuracy, step)) console.log('new best');
 * if (best.sinceBest >= patience) stop();
 * best.restore(); best.dispose();
 */
export class BestWeights {
  value = -Infinity;
  /** The step (as given to `offer`) of the best score; 0 before any. */
  step = 0;
  /** Validations since the best one. */
  sinceBest = 0;
  private copy: Tensor[];
  constructor(private readonly params: readonly Tensor[]) {
    this.copy = copyTensors(params); // the initial weights, until a score beats -Infinity
  }

  /** Record a score for the current parameters; true (and a new copy) when it beats the best so far. */
  offer(value: number, step: number): boolean {
    if (!(value > this.value)) {
      this.sinceBest++;
      return false;
    }
    this.value = value;
    this.step = step;
    this.sinceBest = 0;
    this.copy.forEach((t) => t.dispose());
    this.copy = copyTensors(this.params);
    return true;
  }

  /** The best weights into the parameters. */
  restore(): void {
    assignAll(this.params, this.copy);
  }

  dispose(): void {
    this.copy.forEach((t) => t.dispose());
  }
}
