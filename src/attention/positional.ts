// Sinusoidal positional encodings (Vaswani et al. 2017): PE[p, 2i] = sin(p / 10000^(2i/C)),
// PE[p, 2i+1] = cos(same). Added to the embeddings, they make attention sensitive to word order.
import { Tensor, tensor } from '../tensor.js';
import { AttnError } from '../errors.js';
import type { DType } from '../primitives.js';

/**
 * The (T, C) sinusoidal encoding table.
 * @example const pe = sinusoidalPositionalEncoding(3, 100); // add to a (3, 100) embedding matrix
 */
export function sinusoidalPositionalEncoding(length: number, dim: number, opts: { dtype?: DType; base?: number } = {}): Tensor {
  if (!Number.isInteger(length) || length < 0 || !Number.isInteger(dim) || dim <= 0) {
    throw new AttnError('E_INPUT', `sinusoidalPositionalEncoding: length and dim must be non-negative integers (dim > 0), got ${length} and ${dim}`);
  }
  const base = opts.base ?? 10000;
  const d = opts.dtype === 'float64' ? new Float64Array(length * dim) : new Float32Array(length * dim);
  for (let i = 0; 2 * i < dim; i++) {
    // Same expression order as PyTorch's reference: exp(2i · −ln(base)/C) so float32 results agree.
    const freq = Math.exp(2 * i * (-Math.log(base) / dim));
    for (let p = 0; p < length; p++) {
      const angle = p * freq;
      d[p * dim + 2 * i] = Math.sin(angle);
      if (2 * i + 1 < dim) d[p * dim + 2 * i + 1] = Math.cos(angle);
    }
  }
  return tensor(d, [length, dim]);
}
