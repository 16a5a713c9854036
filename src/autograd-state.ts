// Global autograd and memory-scope state: whether gradients are being recorded, and the stack of
// `tidy` scopes that collect intermediate tensors. Kept apart from tensor.ts and autograd.ts to avoid import cycles.
import type { Tensor } from './tensor.js';

/** How a non-leaf tensor was computed: enough to run its op's backward. */
export interface GradNode {
  readonly op: { readonly name: string; backward(ctx: BackwardCtx<any, any>, grad: Tensor): (Tensor | null)[] };
  readonly inputs: readonly Tensor[];
  readonly attrs: unknown;
  readonly saved: unknown;
}

export interface BackwardCtx<A, S> {
  readonly inputs: readonly Tensor[];
  readonly out: Tensor;
  readonly attrs: A;
  readonly saved: S;
  /** Which inputs need a gradient; backward may return null for the others. */
  readonly needs: readonly boolean[];
}

let gradEnabled = true;
const scopes: Tensor[][] = [];

export function isGradEnabled(): boolean {
  return gradEnabled;
}
export function setGradEnabled(on: boolean): boolean {
  const prev = gradEnabled;
  gradEnabled = on;
  return prev;
}
export function trackTensor(t: Tensor): void {
  if (scopes.length) scopes[scopes.length - 1].push(t);
}
export function pushScope(): void {
  scopes.push([]);
}
export function popScope(): Tensor[] {
  return scopes.pop() ?? [];
}
export function adoptIntoParent(ts: Tensor[]): void {
  if (scopes.length) scopes[scopes.length - 1].push(...ts);
}
