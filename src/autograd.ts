// Reverse-mode automatic differentiation over tensors, micrograd-style: every op records a GradNode,
// backward() walks them in reverse topological order and accumulates `.grad` on leaves that require it.
// Backward passes are written with ops (src/ops) and run without recording, so no higher-order gradients.
import { Tensor } from './tensor.js';
import { AttnError } from './errors.js';
import { shapeStr } from './shape.js';
import { isGradEnabled, setGradEnabled, pushScope, popScope, adoptIntoParent } from './autograd-state.js';
import { add } from './ops/arithmetic.js';
import { full } from './tensor.js';
import { clone } from './ops/shape-ops.js';

export { isGradEnabled };

/**
 * Run `fn` without recording gradients (inference, optimizer steps).
 * @example const y = noGrad(() => model.forward(x));
 */
export function noGrad<T>(fn: () => T): T {
  const prev = setGradEnabled(false);
  try {
    return fn();
  } finally {
    setGradEnabled(prev);
  }
}

/** Mark tensors as long-lived: `tidy` scopes will not dispose them. */
export function keep<T extends Tensor>(t: T): T {
  t.kept = true;
  return t;
}

function collect(x: unknown, into: Set<Tensor>): void {
  if (x instanceof Tensor) into.add(x);
  else if (Array.isArray(x)) for (const v of x) collect(v, into);
  else if (x && typeof x === 'object') for (const v of Object.values(x)) collect(v, into);
}

/**
 * Dispose every tensor created inside `fn` except what it returns and kept tensors.
 * Training loops wrap each step in one so that no intermediate outlives the step.
 * @example const loss = tidy(() => { const l = crossEntropy(model(x), y); backward(l); return l; }); (await loss.data())[0]
 */
export function tidy<T>(fn: () => T): T {
  pushScope();
  let result: T;
  try {
    result = fn();
  } catch (e) {
    popScope();
    throw e;
  }
  const made = popScope();
  const survivors = new Set<Tensor>();
  collect(result, survivors);
  const passUp: Tensor[] = [];
  for (const t of made) {
    if (survivors.has(t)) passUp.push(t);
    else if (!t.kept) t.dispose();
  }
  adoptIntoParent(passUp);
  return result;
}

function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  // Iterative DFS: long chains (a 10,000-step RNN, say) must not overflow the JS stack.
  const stack: [Tensor, number][] = [[root, 0]];
  seen.add(root);
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [t, i] = top;
    const inputs = t.node?.inputs ?? [];
    if (i < inputs.length) {
      top[1]++;
      const c = inputs[i];
      if (!seen.has(c) && (c.node || c.requiresGrad)) {
        seen.add(c);
        stack.push([c, 0]);
      }
    } else {
      order.push(t);
      stack.pop();
    }
  }
  return order.reverse();
}

/**
 * Backpropagate from `root` (a scalar unless `grad` is given) and accumulate `.grad` on every
 * leaf with requiresGrad. Gradients accumulate across calls until zeroGrad.
 * @example const loss = sum(mul(w, x)); backward(loss); w.grad // = x
 */
export function backward(root: Tensor, grad?: Tensor): void {
  if (!root.node && !root.requiresGrad) {
    throw new AttnError('E_INPUT', 'backward: the tensor does not require grad (was it computed under noGrad, or from inputs without requiresGrad?)');
  }
  if (!grad && root.size !== 1) throw new AttnError('E_SHAPE', `backward: a non-scalar root ${shapeStr(root.shape)} needs an explicit grad`);
  const grads = new Map<Tensor, Tensor>();
  grads.set(root, grad ?? full(root.shape, 1, { dtype: root.dtype }));
  noGrad(() => {
    for (const t of topoOrder(root)) {
      const g = grads.get(t);
      if (!g) continue;
      if (!t.node) {
        // A fresh tensor per leaf: the same gradient object may reach several leaves (add's backward passes g
        // to both inputs), and optimizers or clipping may update .grad in place.
        if (t.requiresGrad) {
          // The leaf owns its gradient: the sum replaces (and frees) the previous one.
          const prev = t.grad;
          t.grad = keep(prev ? add(prev, g) : clone(g));
          prev?.dispose();
        }
        continue;
      }
      const { op, inputs, attrs, saved } = t.node;
      const needs = inputs.map((x) => !!(x.node || x.requiresGrad));
      const gin = op.backward({ inputs, out: t, attrs, saved, needs }, g);
      inputs.forEach((x, i) => {
        const gi = gin[i];
        if (!needs[i] || !gi) return;
        if (gi.shape.join() !== x.shape.join()) {
          throw new AttnError('E_SHAPE', `backward of ${op.name}: gradient ${shapeStr(gi.shape)} for input ${i} of shape ${shapeStr(x.shape)}`);
        }
        const prev = grads.get(x);
        grads.set(x, prev ? add(prev, gi) : gi);
      });
      if (t !== root) grads.delete(t);
    }
  });
}

/** Clear (and free) `.grad` on the given tensors. */
export function zeroGrad(params: Iterable<Tensor>): void {
  for (const p of params) {
    p.grad?.dispose();
    p.grad = null;
  }
}
