// The optimizer base: parameter groups with their own hyperparameters, per-parameter state kept out of `tidy`,
// and a step() that updates each parameter's values in place from its `.grad` under noGrad (PyTorch's contract).
// Subclasses (sgd.ts, adam.ts) only write the per-parameter update. Not here: closures, sparse gradients.
import { Tensor, zeros } from '../tensor.js';
import { AttnError } from '../errors.js';
import { noGrad, keep, tidy, zeroGrad as zeroGradOf } from '../autograd.js';

/** A group of parameters with hyperparameters that override the optimizer's defaults. */
export type ParamGroupInput<O> = Partial<O> & { params: Iterable<Tensor> };
/** What an optimizer takes: parameters (e.g. `module.parameters()`) or groups of them. */
export type Params<O> = Iterable<Tensor> | readonly ParamGroupInput<O>[];
/** A resolved group: its parameters, its hyperparameters and the lr it started with (schedules scale that). */
export type ParamGroup<O> = O & { params: Tensor[]; initialLr: number };

function isGroups<O>(p: Params<O>): p is readonly ParamGroupInput<O>[] {
  return Array.isArray(p) && p.length > 0 && !(p[0] instanceof Tensor);
}

export abstract class Optimizer<O extends { lr: number }> {
  readonly groups: ParamGroup<O>[];
  /** Per-parameter state (moment buffers, step counts): kept tensors, never freed by `tidy`. */
  readonly state = new Map<Tensor, Record<string, Tensor | number>>();
  /** 'SGD', 'Adam', 'AdamW': names the optimizer in error messages. */
  readonly name: string;

  constructor(name: string, params: Params<O>, defaults: O) {
    this.name = name;
    const inputs: ParamGroupInput<O>[] = isGroups(params) ? [...params] : [{ params } as ParamGroupInput<O>];
    const seen = new Set<Tensor>();
    this.groups = inputs.map((g) => {
      const group = { ...withDefaults(defaults, g), params: [...g.params] } as ParamGroup<O>;
      group.initialLr = group.lr;
      for (const p of group.params) {
        if (!(p instanceof Tensor)) throw new AttnError('E_INPUT', `${name}: parameters must be Tensors, got ${typeof p}`);
        if (p.node) throw new AttnError('E_INPUT', `${name}: cannot optimize a computed (non-leaf) tensor ${p}; pass the leaf parameters`);
        if (seen.has(p)) throw new AttnError('E_INPUT', `${name}: a parameter ${p} appears twice (in one or more groups)`);
        seen.add(p);
      }
      this.validate(group);
      return group;
    });
    if (seen.size === 0) throw new AttnError('E_INPUT', `${name}: got an empty parameter list`);
  }

  /** Throw an AttnError for a bad hyperparameter. */
  protected abstract validate(group: O): void;
  /** Update `p` in place (through kernels: `assign` or a fused kernel) from its gradient `g`; `st` is its state. */
  protected abstract update(p: Tensor, g: Tensor, group: O, st: Record<string, Tensor | number>): void;

  /** The learning rate of the first group; setting it sets every group's. */
  get lr(): number {
    return this.groups[0].lr;
  }
  set lr(v: number) {
    for (const g of this.groups) g.lr = v;
  }

  /** Every parameter, in group order. */
  params(): Tensor[] {
    return this.groups.flatMap((g) => g.params);
  }

  /** Apply one update to every parameter that has a gradient (those without one are skipped, as in PyTorch). */
  step(): void {
    noGrad(() => {
      for (const group of this.groups) {
        for (const p of group.params) {
          if (!p.grad) continue;
          let st = this.state.get(p);
          if (!st) this.state.set(p, (st = {}));
          // Each parameter's temporaries are freed as soon as its update is written.
          tidy(() => this.update(p, p.grad!, group, st!));
        }
      }
    });
  }

  /** Drop (and free) every gradient (PyTorch's `zero_grad(set_to_none=True)`). */
  zeroGrad(): void {
    zeroGradOf(this.params());
  }

  /** Free the optimizer's state (moment buffers); the optimizer must not step afterwards. */
  dispose(): void {
    for (const st of this.state.values()) for (const v of Object.values(st)) if (v instanceof Tensor) v.dispose();
    this.state.clear();
  }
}

/** `defaults` overridden by the options that are set (an explicit `undefined` keeps the default). */
export function withDefaults<O extends object>(defaults: O, opts: Partial<O>): O {
  const out = { ...defaults };
  for (const [k, v] of Object.entries(opts)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** A zero-filled state buffer shaped like `p`, exempt from tidy. */
export function stateBuffer(p: Tensor): Tensor {
  return keep(zeros(p.shape, { dtype: p.dtype }));
}

export function checkRange(op: string, name: string, v: number, lo: number, hi = Infinity, hiOpen = false): void {
  if (!(v >= lo && (hiOpen ? v < hi : v <= hi))) {
    throw new AttnError('E_INPUT', `${op}: ${name} = ${v} is not in [${lo}, ${hi}${hiOpen ? ')' : ']'}`);
  }
}
