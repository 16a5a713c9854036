// Parity check for `optimizers` fixtures: a (4, 3) parameter after a fixed sequence of gradients, for each named
// configuration. The class comes from `optimizer` when present, else from the name's prefix (sgd_, adamw, adam).
import { tensor, SGD, Adam, AdamW } from '../../../src/index.js';
import { fromFixture, assertClose, type FixtureTensor } from '../../../src/testing/index.js';
import { TOL } from './tolerance.js';

type Hyper = { lr?: number; momentum?: number; dampening?: number; weight_decay?: number; nesterov?: boolean; betas?: [number, number]; eps?: number };
export interface OptimizersFixture {
  initial: FixtureTensor;
  grads: FixtureTensor[];
  results: Record<string, { optimizer?: string; hyperparameters: Hyper; final: FixtureTensor }>;
}

export async function checkOptimizers(fx: OptimizersFixture): Promise<void> {
  for (const [name, r] of Object.entries(fx.results)) {
    const p = fromFixture(fx.initial);
    p.requiresGrad = true;
    const h = r.hyperparameters;
    const cls = r.optimizer ?? (name.startsWith('sgd') ? 'SGD' : name.startsWith('adamw') ? 'AdamW' : 'Adam');
    const common = { ...(h.lr !== undefined && { lr: h.lr }), ...(h.weight_decay !== undefined && { weightDecay: h.weight_decay }) };
    const opt =
      cls === 'SGD'
        ? new SGD([p], { lr: h.lr!, ...common, momentum: h.momentum, dampening: h.dampening, nesterov: h.nesterov })
        : new (cls === 'AdamW' ? AdamW : Adam)([p], { ...common, ...(h.betas && { betas: h.betas }), ...(h.eps !== undefined && { eps: h.eps }) });
    for (const g of fx.grads) {
      opt.zeroGrad();
      p.grad = tensor(Float32Array.from(g.data), g.shape);
      opt.step();
    }
    assertClose(await p.data(), await fromFixture(r.final).data(), { ...TOL, name: `${name}.final` });
  }
}
