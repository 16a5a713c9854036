// Inverted dropout as a composition: x · mask, where mask holds 0 (dropped, probability p) or 1/(1 − p),
// drawn from a seeded Rng so that the same seed drops the same elements. No op of its own: the gradient is
// mul's (g · mask), so the gradient check of `mul` covers it; test/grad checks it with a fixed mask too.
import { Tensor, tensor } from '../tensor.js';
import { AttnError } from '../errors.js';
import type { Rng } from '../random.js';
import { mul } from './arithmetic.js';

/**
 * Zero each element with probability `p` and scale the rest by 1/(1 − p) (PyTorch's training-mode dropout).
 * p = 0 returns `x` itself; p = 1 gives zeros.
 * @example const h = dropout(x, 0.1, rng); // same rng seed, same mask
 */
export function dropout(x: Tensor, p: number, rng: Rng): Tensor {
  if (!(p >= 0 && p <= 1)) throw new AttnError('E_INPUT', `dropout: p must be in [0, 1], got ${p}`);
  if (p === 0) return x;
  const keepScale = p === 1 ? 0 : 1 / (1 - p);
  const m = x.dtype === 'float64' ? new Float64Array(x.size) : new Float32Array(x.size);
  for (let i = 0; i < m.length; i++) m[i] = rng.uniform() < p ? 0 : keepScale;
  return mul(x, tensor(m, x.shape, { backend: x.backend }));
}
