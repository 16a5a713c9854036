// In-place writes: copy values into an existing tensor's storage through the backend's `copy` kernel.
// This is how optimizers, clipping, EMA and state-dict loading write (PyTorch's `dst.copy_(src)`); it
// records no gradient, so it is for leaves and state, never inside a graph that will be differentiated.
import { Tensor } from '../tensor.js';
import { sameShape, shapeStr, broadcastShapes } from '../shape.js';
import { AttnError } from '../errors.js';
import { expandView } from './broadcast.js';

/**
 * dst ← src (src broadcast to dst's shape; dtypes may differ). Returns dst.
 * @example noGrad(() => assign(w, mul(w, 0.5))); // halve w in place
 */
export function assign(dst: Tensor, src: Tensor): Tensor {
  if (dst.backend !== src.backend) throw new AttnError('E_INPUT', `assign: ${dst} is on '${dst.backend.name}', ${src} on '${src.backend.name}'`);
  if (!sameShape(broadcastShapes('assign', dst.shape, src.shape), dst.shape)) {
    throw new AttnError('E_SHAPE', `assign: cannot write ${shapeStr(src.shape)} into ${shapeStr(dst.shape)}`);
  }
  const s = sameShape(src.shape, dst.shape) ? src : expandView(src, dst.shape);
  dst.backend.kernels.copy(s, dst);
  if (s !== src) s.dispose();
  return dst;
}
