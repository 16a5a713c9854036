// The tiny Module base every layer extends: named parameters in PyTorch's dotted naming
// (`self_attn.in_proj_weight`, `linear1.weight`), train/eval mode, and state dicts by name.
// Deliberately not PyTorch's whole Module: no hooks, no buffers, no device moves, no generic forward().
import { Tensor } from '../tensor.js';
import { assign } from '../ops/assign.js';
import { keep } from '../autograd.js';
import { AttnError } from '../errors.js';
import { shapeStr } from '../shape.js';

/** Named tensors by PyTorch parameter name, e.g. from a checkpoint. */
export type StateDict = ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>;

export interface LoadStateDictResult {
  /** Module parameters the state dict did not have (left unchanged). */
  missing: string[];
  /** State-dict names the module has no parameter for (ignored). */
  unexpected: string[];
}

/**
 * Base class of the layers in `nn/`. A subclass registers its tensors with `param` and its sub-layers with
 * `module`, in constructor order; names then compose with dots, as in PyTorch.
 * @example
 * class Scale extends Module { w = this.param('weight', full([3], 1)); forward(x: Tensor) { return mul(x, this.w); } }
 * new Scale().namedParameters().get('weight') // (3)
 */
export abstract class Module {
  /** Training mode turns dropout on; set it with train() / eval(). */
  training = true;
  private readonly ownParams = new Map<string, Tensor>();
  private readonly children = new Map<string, Module>();

  /** Register a parameter: kept across `tidy` scopes, requiresGrad unless frozen. */
  protected param(name: string, t: Tensor, requiresGrad = true): Tensor {
    t.requiresGrad = requiresGrad;
    this.ownParams.set(name, keep(t));
    return t;
  }

  /** Register a sub-layer under `name` (its parameters become `name.<param>`). */
  protected module<M extends Module>(name: string, m: M): M {
    this.children.set(name, m);
    return m;
  }

  /** Every parameter by dotted name, in registration order (frozen ones included, as in PyTorch). */
  namedParameters(): Map<string, Tensor> {
    const out = new Map<string, Tensor>(this.ownParams);
    for (const [name, child] of this.children) {
      for (const [sub, t] of child.namedParameters()) out.set(`${name}.${sub}`, t);
    }
    return out;
  }

  /** This module and every sub-layer below it, depth first (PyTorch's `modules()`). */
  *modules(): Generator<Module> {
    yield this;
    for (const child of this.children.values()) yield* child.modules();
  }

  /** Every parameter (frozen ones have requiresGrad false and never get a grad). */
  parameters(): Tensor[] {
    return [...this.namedParameters().values()];
  }

  /** Set training mode here and in every sub-layer (dropout active). Returns this. */
  train(on = true): this {
    this.training = on;
    for (const child of this.children.values()) child.train(on);
    return this;
  }

  /** Evaluation mode: dropout off. Returns this. */
  eval(): this {
    return this.train(false);
  }

  /** The live parameter tensors by PyTorch name (what a checkpoint writer saves). */
  stateDict(): Map<string, Tensor> {
    return this.namedParameters();
  }

  /**
   * Copy values into the parameters by name. Everything is validated before anything is copied:
   * a shape mismatch always throws; missing or unexpected names throw unless `strict` is false.
   * @example layer.loadStateDict(new Map([['linear1.weight', w], ...]))
   */
  loadStateDict(state: StateDict, { strict = true }: { strict?: boolean } = {}): LoadStateDictResult {
    const given = state instanceof Map ? new Map(state) : new Map(Object.entries(state as Record<string, Tensor>));
    const own = this.namedParameters();
    const missing = [...own.keys()].filter((k) => !given.has(k));
    const unexpected = [...given.keys()].filter((k) => !own.has(k));
    const bad: string[] = [];
    for (const [name, p] of own) {
      const t = given.get(name);
      if (t && t.shape.join() !== p.shape.join()) bad.push(`'${name}' is ${shapeStr(t.shape)} in the state dict but ${shapeStr(p.shape)} in the module`);
    }
    if (bad.length) throw new AttnError('E_SHAPE', `loadStateDict: shape mismatch: ${bad.join('; ')}`);
    if (strict && (missing.length || unexpected.length)) {
      const parts = [];
      if (missing.length) parts.push(`missing ${missing.length} (${missing.join(', ')})`);
      if (unexpected.length) parts.push(`unexpected ${unexpected.length} (${unexpected.join(', ')})`);
      throw new AttnError('E_INPUT', `loadStateDict: ${parts.join('; ')}; expected exactly: ${[...own.keys()].join(', ')} (or pass { strict: false })`);
    }
    for (const [name, p] of own) {
      const t = given.get(name);
      if (t) assign(p, t);
    }
    return { missing, unexpected };
  }
}
