// How an op is declared: name, forward (kernels) and backward (written with ops) side by side, plus a
// `sample` that feeds the finite-difference gradient check. `apply` runs forward and records the graph node.
import { Tensor } from '../tensor.js';
import { isGradEnabled, setGradEnabled, type BackwardCtx } from '../autograd-state.js';
import type { Rng } from '../random.js';
import { getBackend } from '../backend.js';
import type { Kernels, FusedKernels } from '../primitives.js';
import { AttnError } from '../errors.js';
import { contiguousOf, release } from './_util.js';

export interface OpSample<A> {
  inputs: Tensor[];
  attrs: A;
}

export interface OpDef<A = undefined, S = undefined> {
  readonly name: string;
  /** Compute the output with kernels; `saved` is whatever backward needs besides inputs and output. */
  forward(inputs: readonly Tensor[], attrs: A): { out: Tensor; saved?: S };
  /** Gradients for each input (null where not needed), written with ops. */
  backward(ctx: BackwardCtx<A, S>, grad: Tensor): (Tensor | null)[];
  /** Float64 inputs for the gradient check; inputs it should not differentiate are listed in `constant`. */
  sample: ((rng: Rng) => OpSample<A>) | null;
  /** Indices of sample inputs that are not differentiable (indices, masks). */
  readonly constant?: readonly number[];
  /** A view op (reshape, permute, expand, narrow): forward gets its inputs as they are, strided or not, and
   * returns a view of them. Every other op's forward gets contiguous inputs. */
  readonly view?: boolean;
  /** Indices of inputs the forward gets as they are, with any strides (attention's expanded masks: copying one
   * would cost O(T·S) memory); every other input of a non-view op is made contiguous. */
  readonly strided?: readonly number[];
}

const registry = new Map<string, OpDef<any, any>>();

/** Declare an op and register it for the gradient-check suite. */
export function defineOp<A = undefined, S = undefined>(def: OpDef<A, S>): OpDef<A, S> {
  if (registry.has(def.name)) throw new Error(`defineOp: duplicate op name '${def.name}'`);
  registry.set(def.name, def);
  return def;
}

/** Every declared op, for the gradient-check suite. */
export function registeredOps(): OpDef<any, any>[] {
  return [...registry.values()];
}

/** Run an op: forward now, and record a node for backward when gradients are on and an input needs one. */
export function apply<A, S>(op: OpDef<A, S>, inputs: readonly Tensor[], attrs: A): Tensor {
  // Forward may use other ops internally; only this op's node is recorded.
  const backend = getBackend();
  for (const x of inputs) {
    if (x.backend !== backend) {
      throw new AttnError('E_INPUT', `${op.name}: a tensor lives on the '${x.backend.name}' backend but the current one is '${backend.name}' (move it with toBackend)`);
    }
  }
  // Kernels read contiguous inputs: views are copied here, once, and the copies freed after the forward.
  const given = op.view ? inputs : inputs.map((x, i) => (op.strided?.includes(i) ? x : contiguousOf(x)));
  const record = isGradEnabled();
  setGradEnabled(false);
  let res: { out: Tensor; saved?: S };
  try {
    res = op.forward(given, attrs);
  } finally {
    setGradEnabled(record);
    if (given !== inputs) release(given, inputs);
  }
  const { out, saved } = res;
  if (record && inputs.some((x) => x.node !== null || x.requiresGrad)) {
    out.node = { op: op as OpDef<any, any>, inputs, attrs, saved };
  }
  return out;
}

/** The current backend's kernel table. */
export function kernels(): Kernels {
  return getBackend().kernels;
}
export function fused(): Partial<FusedKernels> {
  return getBackend().fused;
}
