// Adam and AdamW, step for step as torch.optim.Adam / AdamW (1.13, single-tensor path): bias-corrected moments,
// eps added after dividing √v̂ by √(1 − β2^t); Adam adds weight decay to the gradient, AdamW decays the weights
// directly (p ← p·(1 − lr·wd)) before the update. Not here: amsgrad, maximize, capturable.
import { Tensor } from '../tensor.js';
import type { Data } from '../primitives.js';
import { Optimizer, stateBuffer, checkRange, withDefaults, type Params } from './optimizer.js';

export interface AdamOptions {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
}

/**
 * Adam with PyTorch's defaults (lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0, added to the gradient).
 * @example const opt = new Adam(model.parameters(), { lr: 1e-3 }); backward(loss); opt.step(); opt.zeroGrad();
 */
export class Adam extends Optimizer<AdamOptions> {
  /** Whether weight decay is decoupled from the gradient (AdamW) or added to it (Adam). */
  protected readonly decoupled: boolean = false;

  constructor(params: Params<AdamOptions>, opts: Partial<AdamOptions> = {}, name = 'Adam', defaultDecay = 0) {
    super(name, params, withDefaults<AdamOptions>({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: defaultDecay }, opts));
  }

  protected validate(o: AdamOptions): void {
    checkRange(this.name, 'lr', o.lr, 0);
    checkRange(this.name, 'betas[0]', o.betas[0], 0, 1, true);
    checkRange(this.name, 'betas[1]', o.betas[1], 0, 1, true);
    checkRange(this.name, 'eps', o.eps, 0);
    checkRange(this.name, 'weightDecay', o.weightDecay, 0);
  }

  protected update(p: Data, g: Data, o: AdamOptions, st: Record<string, Tensor | number>, like: Tensor): void {
    const { lr, betas: [b1, b2], eps, weightDecay: wd } = o;
    if (!st.expAvg) {
      st.step = 0;
      st.expAvg = stateBuffer(like);
      st.expAvgSq = stateBuffer(like);
    }
    const step = (st.step = (st.step as number) + 1);
    const m = (st.expAvg as Tensor).data, v = (st.expAvgSq as Tensor).data;
    const stepSize = lr / (1 - b1 ** step);
    const bc2Sqrt = Math.sqrt(1 - b2 ** step);
    const decay = this.decoupled ? 1 - lr * wd : 1;
    const coupled = this.decoupled ? 0 : wd;
    for (let i = 0; i < p.length; i++) {
      const gi = coupled !== 0 ? g[i] + coupled * p[i] : g[i];
      m[i] = b1 * m[i] + (1 - b1) * gi; // first moment
      v[i] = b2 * v[i] + (1 - b2) * gi * gi; // second moment
      if (decay !== 1) p[i] *= decay;
      p[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / bc2Sqrt + eps);
    }
  }
}

/**
 * AdamW (decoupled weight decay) with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.01.
 * @example const opt = new AdamW(model.parameters(), { lr: 3e-4, weightDecay: 0.1 });
 */
export class AdamW extends Adam {
  protected override readonly decoupled = true;
  constructor(params: Params<AdamOptions>, opts: Partial<AdamOptions> = {}) {
    super(params, opts, 'AdamW', 0.01);
  }
}
