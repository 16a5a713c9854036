// Reading PyTorch fixture objects ({"shape": [...], "data": [...]}) into tensors. Data in, tensors out:
// reading the files is the caller's job (the library never touches the file system).
import { Tensor, tensor } from '../tensor.js';
import type { DType } from '../primitives.js';

export interface FixtureTensor {
  shape: number[];
  data: number[];
}

/** Is this JSON value a fixture tensor? */
export function isFixtureTensor(x: unknown): x is FixtureTensor {
  return !!x && typeof x === 'object' && Array.isArray((x as FixtureTensor).shape) && Array.isArray((x as FixtureTensor).data);
}

/** A fixture tensor as a Tensor (float32 unless asked). @example const e = fromFixture(fx.embeddings) */
export function fromFixture(x: FixtureTensor, dtype: DType = 'float32'): Tensor {
  const data = dtype === 'float64' ? Float64Array.from(x.data) : Float32Array.from(x.data);
  return tensor(data, x.shape);
}
