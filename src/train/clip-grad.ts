// Global-norm gradient clipping, as torch.nn.utils.clip_grad_norm_ (1.13): one norm over every gradient together,
// and every gradient scaled by min(1, maxNorm / (norm + 1e-6)).
import { Tensor } from '../tensor.js';
import { AttnError } from '../errors.js';
import { keep } from '../autograd.js';

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
  let acc = 0;
  for (const p of withGrad) {
    const g = p.grad!.data;
    if (normType === 2) for (let i = 0; i < g.length; i++) acc += g[i] * g[i]; // the usual case, without pow
    else {
      for (let i = 0; i < g.length; i++) {
        const a = Math.abs(g[i]);
        acc = normType === Infinity ? Math.max(acc, a) : acc + a ** normType;
      }
    }
  }
  const total = normType === Infinity ? acc : acc ** (1 / normType);
  if (errorIfNonfinite && !Number.isFinite(total)) {
    throw new AttnError('E_INPUT', `clipGradNorm: the total gradient norm is ${total}; the gradients cannot be clipped`);
  }
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1 || Number.isNaN(coef)) {
    // In place, as PyTorch's grad.mul_(coef), unless one gradient object is shared: then each holder gets a
    // scaled copy, so it is scaled once per parameter, not once per holder. (Large embedding tables make a
    // copy per step costly.)
    const holders = new Map<Tensor, number>();
    for (const p of withGrad) holders.set(p.grad!, (holders.get(p.grad!) ?? 0) + 1);
    for (const p of withGrad) {
      const g = p.grad!;
      if (holders.get(g) === 1) {
        for (let i = 0; i < g.data.length; i++) g.data[i] *= coef;
      } else p.grad = keep(new Tensor(g.data.map((v) => v * coef), g.shape));
    }
  }
  return total;
}
