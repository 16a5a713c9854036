// Global-norm gradient clipping, as torch.nn.utils.clip_grad_norm_ (1.13): one norm over every gradient together,
// and every gradient scaled by min(1, maxNorm / (norm + 1e-6)). Norms and scaling run as ops on the backend;
// the one value read back is the total norm.
import { Tensor } from '../tensor.js';
import { AttnError } from '../errors.js';
import { noGrad, tidy, keep } from '../autograd.js';
import { mul, pow } from '../ops/arithmetic.js';
import { abs } from '../ops/unary.js';
import { sum, max } from '../ops/reduce.js';
import { reshape } from '../ops/shape-ops.js';
import { assign } from '../ops/assign.js';
import { clone } from '../ops/shape-ops.js';

/**
 * Clip the gradients of `params` so that their global `normType`-norm is at most `maxNorm`; returns the norm
 * before clipping. Gradients are scaled in place (a gradient shared by several parameters is copied first).
 * @example backward(loss); const norm = clipGradNorm(model.parameters(), 1.0); opt.step();
 */
export function clipGradNorm(
  params: Iterable<Tensor>,
  maxNorm: number,
  { normType = 2, errorIfNonfinite = false }: { normType?: number; errorIfNonfinite?: boolean } = {},
): number {
  if (!(maxNorm >= 0)) throw new AttnError('E_INPUT', `clipGradNorm: maxNorm ${maxNorm} must be ≥ 0`);
  if (!(normType > 0)) throw new AttnError('E_INPUT', `clipGradNorm: normType ${normType} must be > 0 (or Infinity)`);
  const withGrad = [...params].filter((p) => p.grad);
  if (withGrad.length === 0) return 0;
  const total = noGrad(() => tidy(() => {
    let acc = 0;
    for (const p of withGrad) {
      const g = reshape(p.grad!, [-1]);
      // Each gradient's part, read back as a number (a float64 sum across gradients, as before).
      if (normType === 2) acc += sum(mul(g, g)).item(); // the usual case, without pow
      else if (normType === Infinity) acc = Math.max(acc, g.size ? max(abs(g), 0).item() : 0);
      else acc += sum(pow(abs(g), normType)).item();
    }
    return normType === Infinity ? acc : acc ** (1 / normType);
  }));
  if (errorIfNonfinite && !Number.isFinite(total)) {
    throw new AttnError('E_INPUT', `clipGradNorm: the total gradient norm is ${total}; the gradients cannot be clipped`);
  }
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1 || Number.isNaN(coef)) {
    // In place, as PyTorch's grad.mul_(coef), unless one gradient object is shared: then each holder gets a
    // scaled copy, so it is scaled once per parameter, not once per holder.
    const holders = new Map<Tensor, number>();
    for (const p of withGrad) holders.set(p.grad!, (holders.get(p.grad!) ?? 0) + 1);
    noGrad(() => {
      for (const p of withGrad) {
        const g = p.grad!;
        if (holders.get(g) === 1) tidy(() => void assign(g, mul(g, coef)));
        else p.grad = keep(tidy(() => mul(clone(g), coef)));
      }
    });
  }
  return total;
}
