// js fused kernel: one Adam/AdamW step in place, the same arithmetic as the composed reference in
// src/train/adam.ts (PyTorch's order of operations: decay, moments, bias-corrected step).
import type { Data, AdamStep } from '../../primitives.js';

export function adam(p: Data, g: Data, m: Data, v: Data, s: AdamStep): void {
  const { lr, beta1, beta2, eps, lrDecay, l2, bc1, bc2 } = s;
  const stepSize = lr / bc1, bc2Sqrt = Math.sqrt(bc2), decay = 1 - lrDecay;
  for (let i = 0; i < p.length; i++) {
    const gi = l2 !== 0 ? g[i] + l2 * p[i] : g[i];
    m[i] = beta1 * m[i] + (1 - beta1) * gi; // first moment
    v[i] = beta2 * v[i] + (1 - beta2) * gi * gi; // second moment
    if (decay !== 1) p[i] *= decay;
    p[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / bc2Sqrt + eps);
  }
}
