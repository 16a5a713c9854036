// Global-norm gradient clipping, as torch.nn.utils.clip_grad_norm_ (1.13): one norm over every gradient together,
// and every gradient scaled by min(1, maxNorm / (norm + 1e-6)). Everything runs as ops on the backend, with no read
// back: the norm is returned as a scalar tensor, to read with `await norm.data()` when it is wanted.
import { Tensor, zeros } from '../tensor.js';
import { AttnError } from '../errors.js';
import { readSyncFor } from '../_sync-read.js';
import { noGrad, tidy, keep } from '../autograd.js';
import { add, div, mul, pow, maximum, minimum } from '../ops/arithmetic.js';
import { abs, sqrt } from '../ops/unary.js';
import { sum, max } from '../ops/reduce.js';
import { reshape } from '../ops/shape-ops.js';
import { assign } from '../ops/assign.js';
import { clone } from '../ops/shape-ops.js';

/**
 * Clip the gradients of `params` so that their global `normType`-norm is at most `maxNorm`; returns the norm
 * before clipping as a scalar tensor (owned by the caller, or by the enclosing `tidy`). Gradients are scaled in
 * place (a gradient shared by several parameters is copied first). `errorIfNonfinite` reads the norm at once, so
 * it needs a backend that reads synchronously (js, wasm); elsewhere check `await norm.data()` instead.
 * @example backward(loss); const norm = clipGradNorm(model.parameters(), 1.0); opt.step(); (await norm.data())[0]
 */
export function clipGradNorm(
  params: Iterable<Tensor>,
  maxNorm: number,
  { normType = 2, errorIfNonfinite = false }: { normType?: number; errorIfNonfinite?: boolean } = {},
): Tensor {
  if (!(maxNorm >= 0)) throw new AttnError('E_INPUT', `clipGradNorm: maxNorm ${maxNorm} must be ≥ 0`);
  if (!(normType > 0)) throw new AttnError('E_INPUT', `clipGradNorm: normType ${normType} must be > 0 (or Infinity)`);
  const withGrad = [...params].filter((p) => p.grad);
  if (withGrad.length === 0) return zeros([]);
  const total = noGrad(() => tidy(() => {
    // Each gradient's part, summed (or, for the ∞-norm, maxed) across gradients on the backend.
    const parts = withGrad.filter((p) => p.grad!.size > 0).map((p) => {
      const g = reshape(p.grad!, [-1]);
      if (normType === 2) return sum(mul(g, g)); // the usual case, without pow
      if (normType === Infinity) return max(abs(g), 0);
      return sum(pow(abs(g), normType));
    });
    if (parts.length === 0) return zeros([], { dtype: withGrad[0].grad!.dtype });
    const acc = parts.reduce((a, b) => (normType === Infinity ? maximum(a, b) : add(a, b)));
    return normType === Infinity ? acc : normType === 2 ? sqrt(acc) : pow(acc, 1 / normType);
  }));
  if (errorIfNonfinite) {
    const v = readSyncFor(total, 'clipGradNorm (errorIfNonfinite)', 'errorIfNonfinite: false and check the returned norm with await norm.data()')[0];
    if (!Number.isFinite(v)) throw new AttnError('E_INPUT', `clipGradNorm: the total gradient norm is ${v}; the gradients cannot be clipped`);
  }
  // coef = min(1, maxNorm / (norm + 1e-6)), a scalar on the backend (NaN when the norm is NaN, as in PyTorch).
  // In place, as PyTorch's grad.mul_(coef), unless one gradient object is shared: then each holder gets a
  // scaled copy, so it is scaled once per parameter, not once per holder.
  const holders = new Map<Tensor, number>();
  for (const p of withGrad) holders.set(p.grad!, (holders.get(p.grad!) ?? 0) + 1);
  noGrad(() => tidy(() => {
    const coef = minimum(div(maxNorm, add(total, 1e-6)), 1);
    for (const p of withGrad) {
      const g = p.grad!;
      if (holders.get(g) === 1) assign(g, mul(g, coef));
      else p.grad = keep(mul(clone(g), coef));
    }
  }));
  return total;
}
