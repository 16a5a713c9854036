// Adam and AdamW, step for step as torch.optim.Adam / AdamW (1.13, single-tensor path): bias-corrected moments,
// eps added after dividing √v̂ by √(1 − β2^t); Adam adds weight decay to the gradient, AdamW decays the weights
// directly (p ← p·(1 − lr·wd)) before the update. The backend's fused `adam` kernel runs the step where it has
// one; `adamComposed` is the same step written with ops, the reference it is tested against.
// Not here: amsgrad, maximize, capturable.
import { Tensor } from '../tensor.js';
import type { AdamStep } from '../primitives.js';
import { add, sub, mul, div } from '../ops/arithmetic.js';
import { sqrt } from '../ops/unary.js';
import { assign } from '../ops/assign.js';
import { Optimizer, stateBuffer, checkRange, withDefaults, type Params } from './optimizer.js';

export interface AdamOptions {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
}

/** One Adam step with ops, in place on p, m and v (the reference for the fused kernel). */
export function adamComposed(p: Tensor, g: Tensor, m: Tensor, v: Tensor, s: AdamStep): void {
  const gi = s.l2 !== 0 ? add(g, mul(p, s.l2)) : g;
  if (s.lrDecay !== 0) assign(p, mul(p, 1 - s.lrDecay));
  assign(m, add(mul(m, s.beta1), mul(gi, 1 - s.beta1))); // first moment
  assign(v, add(mul(v, s.beta2), mul(mul(gi, gi), 1 - s.beta2))); // second moment
  const denom = add(div(sqrt(v), Math.sqrt(s.bc2)), s.eps);
  assign(p, sub(p, div(mul(m, s.lr / s.bc1), denom)));
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

  protected update(p: Tensor, g: Tensor, o: AdamOptions, st: Record<string, Tensor | number>): void {
    const { lr, betas: [b1, b2], eps, weightDecay: wd } = o;
    if (!st.expAvg) {
      st.step = 0;
      st.expAvg = stateBuffer(p);
      st.expAvgSq = stateBuffer(p);
    }
    const step = (st.step = (st.step as number) + 1);
    const s: AdamStep = {
      lr, beta1: b1, beta2: b2, eps,
      lrDecay: this.decoupled ? lr * wd : 0,
      l2: this.decoupled ? 0 : wd,
      bc1: 1 - b1 ** step,
      bc2: 1 - b2 ** step,
    };
    const m = st.expAvg as Tensor, v = st.expAvgSq as Tensor;
    const fused = p.backend.fused.adam;
    if (fused && p.isContiguous && g.isContiguous) fused(p, g, m, v, s);
    else adamComposed(p, g, m, v, s);
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
