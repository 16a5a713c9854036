// Windows along one axis: narrow (PyTorch's narrow / a slice x[..., start:start+len, ...]), concat, and split.
// narrow and concat are each other's adjoints, so each backward is written with the other.
import { Tensor, randn, zeros, viewOf } from '../tensor.js';
import { normAxis, shapeStr } from '../shape.js';
import { AttnError } from '../errors.js';
import { defineOp, apply, kernels } from './define.js';
import { outputLike } from './_util.js';

type NarrowAttrs = { axis: number; start: number; length: number };

export const narrowOp = defineOp<NarrowAttrs>({
  name: 'narrow',
  view: true,
  forward: ([x], { axis, start, length }) => ({
    out: viewOf(x, x.shape.map((d, i) => (i === axis ? length : d)), x.strides, x.offset + start * x.strides[axis]),
  }),
  // dx = g padded with zeros before and after the window
  backward({ inputs: [x], attrs: { axis, start, length } }, g) {
    const pad = (n: number) => zeros(x.shape.map((d, i) => (i === axis ? n : d)), { dtype: x.dtype });
    return [concat([pad(start), g, pad(x.shape[axis] - start - length)], axis)];
  },
  sample: (rng) => ({ inputs: [randn([2, 5, 3], rng, { dtype: 'float64' })], attrs: { axis: 1, start: 1, length: 3 } }),
});

/**
 * The window [start, start + length) along `axis` (a view, no copy), like `torch.narrow`.
 * @example const q = narrow(qkv, -1, 0, C); // (B, T, 3C) -> (B, T, C)
 */
export function narrow(x: Tensor, axis: number, start: number, length: number): Tensor {
  const a = normAxis('narrow', axis, x.rank);
  const n = x.shape[a];
  if (!Number.isInteger(start) || !Number.isInteger(length) || start < 0 || length < 0 || start + length > n) {
    throw new AttnError('E_SHAPE', `narrow: window [${start}, ${start + length}) does not fit axis ${axis} of size ${n} in ${shapeStr(x.shape)}`);
  }
  if (start === 0 && length === n) return x;
  return apply(narrowOp, [x], { axis: a, start, length });
}

export const concatOp = defineOp<{ axis: number }>({
  name: 'concat',
  forward(xs, { axis }) {
    const shape = [...xs[0].shape];
    shape[axis] = xs.reduce((s, x) => s + x.shape[axis], 0);
    const out = outputLike(xs[0], shape);
    let at = 0;
    for (const x of xs) {
      // Each input is copied into its window of out, a view.
      const window = viewOf(out, x.shape, out.strides, at * out.strides[axis]);
      kernels().copy(x, window);
      window.dispose();
      at += x.shape[axis];
    }
    return { out };
  },
  // dx_i = the window of g that x_i filled
  backward({ inputs, attrs: { axis }, needs }, g) {
    let at = 0;
    return inputs.map((x, i) => {
      const len = x.shape[axis];
      at += len;
      return needs[i] ? narrow(g, axis, at - len, len) : null;
    });
  },
  sample: (rng) => ({
    inputs: [randn([2, 1, 3], rng, { dtype: 'float64' }), randn([2, 4, 3], rng, { dtype: 'float64' }), randn([2, 2, 3], rng, { dtype: 'float64' })],
    attrs: { axis: 1 },
  }),
});

/**
 * Join tensors along `axis`; all other dims must agree (PyTorch's `torch.cat`).
 * @example concat([x1, x2], -1) // (B, T, D/2) twice -> (B, T, D)
 */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  if (xs.length === 0) throw new AttnError('E_INPUT', 'concat: needs at least one tensor');
  const a = normAxis('concat', axis, xs[0].rank);
  for (const x of xs) {
    if (x.rank !== xs[0].rank || x.shape.some((d, i) => i !== a && d !== xs[0].shape[i]) || x.dtype !== xs[0].dtype) {
      throw new AttnError('E_SHAPE', `concat: ${x.dtype} ${shapeStr(x.shape)} does not fit ${xs[0].dtype} ${shapeStr(xs[0].shape)} along axis ${axis} (other dims and dtype must agree)`);
    }
  }
  if (xs.length === 1) return xs[0];
  return apply(concatOp, xs, { axis: a });
}

/**
 * Cut `x` into consecutive pieces of the given sizes along `axis` (PyTorch's `split` with a list).
 * @example const [q, k, v] = split(qkv, [C, C, C], -1);
 */
export function split(x: Tensor, sizes: readonly number[], axis = 0): Tensor[] {
  const a = normAxis('split', axis, x.rank);
  const total = sizes.reduce((s, n) => s + n, 0);
  if (total !== x.shape[a]) throw new AttnError('E_SHAPE', `split: sizes [${sizes.join(', ')}] add up to ${total}, not axis ${axis} of ${shapeStr(x.shape)}`);
  let at = 0;
  return sizes.map((n) => narrow(x, a, (at += n) - n, n));
}
