// Stochastic gradient descent with momentum, dampening, Nesterov and (coupled) weight decay, step for step as
// torch.optim.SGD (1.13): the momentum buffer starts as the first gradient, not as zero.
import { Tensor } from '../tensor.js';
import { AttnError } from '../errors.js';
import { add, sub, mul } from '../ops/arithmetic.js';
import { assign } from '../ops/assign.js';
import { Optimizer, stateBuffer, checkRange, withDefaults, type Params } from './optimizer.js';

export interface SGDOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
}

/**
 * SGD as torch.optim.SGD: d = g + wd·p; buf = μ·buf + (1 − dampening)·d; p −= lr·(nesterov ? d + μ·buf : buf).
 * @example const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 }); backward(loss); opt.step(); opt.zeroGrad();
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: Params<SGDOptions>, opts: Partial<SGDOptions> & { lr: number }) {
    super('SGD', params, withDefaults<SGDOptions>({ lr: opts.lr, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false }, opts));
  }

  protected validate(o: SGDOptions): void {
    checkRange(this.name, 'lr', o.lr, 0);
    checkRange(this.name, 'momentum', o.momentum, 0);
    checkRange(this.name, 'weightDecay', o.weightDecay, 0);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw new AttnError('E_INPUT', `SGD: nesterov needs momentum > 0 and dampening 0 (got momentum ${o.momentum}, dampening ${o.dampening})`);
    }
  }

  protected update(p: Tensor, g: Tensor, o: SGDOptions, st: Record<string, Tensor | number>): void {
    const { lr, momentum: mu, dampening, weightDecay: wd, nesterov } = o;
    let d = wd !== 0 ? add(g, mul(p, wd)) : g;
    if (mu !== 0) {
      const first = !st.momentumBuffer;
      if (first) st.momentumBuffer = stateBuffer(p);
      const buf = st.momentumBuffer as Tensor;
      assign(buf, first ? d : add(mul(buf, mu), mul(d, 1 - dampening)));
      d = nesterov ? add(d, mul(buf, mu)) : buf;
    }
    assign(p, sub(p, mul(d, lr)));
  }
}
