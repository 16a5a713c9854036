// The Dropout layer: inverted dropout while training, identity in eval mode. Its masks come from its own
// seeded Rng, so a run is reproducible from the construction seed.
import { Tensor } from '../tensor.js';
import { AttnError } from '../errors.js';
import { Rng } from '../random.js';
import { dropout } from '../ops/dropout.js';
import { Module } from './module.js';

/**
 * PyTorch's nn.Dropout(p): zero elements with probability p and scale the rest by 1/(1 − p) in training mode.
 * @example const drop = new Dropout(0.1, { rng: new Rng(3) }); drop.eval().forward(x) === x
 */
export class Dropout extends Module {
  private rng: Rng;
  constructor(readonly p = 0.5, opts: { rng?: Rng } = {}) {
    super();
    if (!(p >= 0 && p <= 1)) throw new AttnError('E_INPUT', `Dropout: p must be in [0, 1], got ${p}`);
    this.rng = opts.rng ?? new Rng(0);
  }

  /** Restart the mask stream from `seed` (a resumable run reseeds every step, so step n's masks need no history). */
  reseed(seed: number): void {
    this.rng = new Rng(seed);
  }

  forward(x: Tensor): Tensor {
    return this.training && this.p > 0 ? dropout(x, this.p, this.rng) : x;
  }
}
