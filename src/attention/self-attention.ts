// Parameter-free self-attention, the idea in one screen: scores = X·Xᵀ (÷ √C), weights = row softmax,
// outputs = weights·X. One parallel matrix computation — no loop over words — on the tensor core, so it
// is differentiable and runs on any backend. Not the trainable layer (see nn/ for Q/K/V projections).
import { Tensor } from '../tensor.js';
import { AttnError } from '../errors.js';
import { shapeStr } from '../shape.js';
import { scaledDotProductAttention } from '../nn/attention.js';
import { noGrad, tidy, isGradEnabled } from '../autograd.js';
import { mul, sub } from '../ops/arithmetic.js';
import { sum, max } from '../ops/reduce.js';
import { reshape } from '../ops/shape-ops.js';
import { concat } from '../ops/slice.js';
import { mapKernel } from '../ops/unary.js';

export interface SelfAttentionOptions {
  /** Divide scores by √C (default true). Unscaled GloVe dot products saturate the softmax. */
  scale?: boolean;
  /** Divide scores further by this temperature (default 1); > 1 flattens, < 1 sharpens. */
  temperature?: number;
}

export interface SelfAttentionResult {
  /** (T, T) dot products e_i·e_j, after scaling and temperature. */
  scores: Tensor;
  /** (T, T) row-softmax of scores; each row sums to 1. */
  weights: Tensor;
  /** (T, C) contextual embeddings, y_i = Σ_j weights[i, j]·e_j. */
  outputs: Tensor;
  /** The divisor applied to the raw dot products (√C·temperature, or temperature). */
  divisor: number;
}

/**
 * Contextual embeddings from static ones with no parameters. Asynchronous because it first checks its input on the
 * backend (non-finite values, scores that would overflow) and reads back two numbers, on every backend.
 * @example
 * const { weights, outputs } = await selfAttention(tensor([[1, 0], [0, 1], [1, 1]]));
 */
export async function selfAttention(x: Tensor, opts: SelfAttentionOptions = {}): Promise<SelfAttentionResult> {
  if (x.rank !== 2) throw new AttnError('E_SHAPE', `selfAttention: expected embeddings of shape (T, C), got ${shapeStr(x.shape)}`);
  const [T, C] = x.shape;
  if (T === 0) throw new AttnError('E_INPUT', 'selfAttention: the sentence is empty (T = 0); give at least one word');
  if (C === 0) throw new AttnError('E_SHAPE', 'selfAttention: embeddings have no channels (C = 0)');
  const temperature = opts.temperature ?? 1;
  if (!(temperature > 0) || !Number.isFinite(temperature)) {
    throw new AttnError('E_INPUT', `selfAttention: temperature must be a positive finite number, got ${temperature}`);
  }
  // On the backend: the count of non-finite values and the largest ‖e_i‖², read back as two numbers; x itself is
  // read only to say where a bad value is, once one is known to exist.
  const check = noGrad(() => tidy(() => concat([reshape(sum(sub(1, mapKernel('isfinite', x))), [1]), reshape(max(sum(mul(x, x), 1), 0), [1])])));
  let bad: number, norm2: number;
  try {
    [bad, norm2] = await check.data();
  } finally {
    check.dispose();
  }
  if (bad > 0) {
    const values = await x.data();
    const at = values.findIndex((v) => !Number.isFinite(v));
    throw new AttnError('E_INPUT', `selfAttention: embeddings contain ${values[at]} at row ${Math.floor(at / C)}, column ${at % C}`);
  }
  const divisor = (opts.scale ?? true ? Math.sqrt(C) : 1) * temperature;
  // The largest score is a diagonal one, ‖e_i‖² / divisor (Cauchy–Schwarz): refuse what would overflow the dtype
  // (scores of Infinity give NaN weights) rather than return NaN. ‖e_i‖² itself overflows to Infinity in the dtype.
  const limit = x.dtype === 'float32' ? 3.4028234663852886e38 : Number.MAX_VALUE;
  if (1 / divisor > limit || norm2 > limit || norm2 / divisor > limit) {
    throw new AttnError('E_INPUT', `selfAttention: the scores overflow ${x.dtype} (largest ‖e‖² = ${norm2.toPrecision(3)}, divided by ${divisor.toPrecision(3)}); use a larger temperature or smaller vectors`);
  }
  // Queries, keys and values are the embeddings themselves: the trainable layers' path with no projections.
  // scores = X·Xᵀ / divisor (T, T); weights = row softmax (T, T); outputs = weights·X (T, C).
  // Without a gradient to carry, intermediates are freed here (a caller cannot wrap an async call in tidy).
  const run = () => scaledDotProductAttention(x, x, x, { scale: 1 / divisor });
  const { scores, weights, outputs } = isGradEnabled() && (x.requiresGrad || x.node) ? run() : tidy(run);
  return { scores, weights, outputs, divisor };
}
