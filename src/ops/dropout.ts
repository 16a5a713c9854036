// Inverted dropout as a composition: x · mask, where mask holds 0 (dropped, probability p) or 1/(1 − p),
// drawn from a seeded Rng so that the same seed drops the same elements. No op of its own: the gradient is
// mul's (g · mask), so the gradient check of `mul` covers it; test/grad checks it with a fixed mask too.
// The mask is drawn on the backend by its `dropoutMask` kernel where it has one (the same draws: the
// generator hands them over with Rng.take), else by the host loop below, the kernel's reference.
import { Tensor, tensor } from '../tensor.js';
import { AttnError } from '../errors.js';
import type { Rng } from '../random.js';
import { mul } from './arithmetic.js';
import { fused } from './define.js';
import { outputLike } from './_util.js';

/**
 * Zero each element with probability `p` and scale the rest by 1/(1 − p) (PyTorch's training-mode dropout).
 * p = 0 returns `x` itself; p = 1 gives zeros.
 * @example const h = dropout(x, 0.1, rng); // same rng seed, same mask
 */
export function dropout(x: Tensor, p: number, rng: Rng): Tensor {
  if (!(p >= 0 && p <= 1)) throw new AttnError('E_INPUT', `dropout: p must be in [0, 1], got ${p}`);
  if (p === 0) return x;
  const keepScale = p === 1 ? 0 : 1 / (1 - p);
  const kernel = fused().dropoutMask;
  if (kernel) {
    const mask = outputLike(x, x.shape);
    kernel(mask, rng.take(x.size), p, keepScale);
    return mul(x, mask);
  }
  return mul(x, dropoutMaskHost(x, p, keepScale, rng));
}

/** The mask drawn on the host, one uniform draw per element in order: the reference of the backends' kernel. */
export function dropoutMaskHost(like: Tensor, p: number, keepScale: number, rng: Rng): Tensor {
  const m = like.dtype === 'float64' ? new Float64Array(like.size) : new Float32Array(like.size);
  for (let i = 0; i < m.length; i++) m[i] = rng.uniform() < p ? 0 : keepScale;
  return tensor(m, like.shape, { backend: like.backend });
}
