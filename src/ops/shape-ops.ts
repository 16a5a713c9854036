// Ops that move data without arithmetic: reshape, permute, transpose.
import { Tensor, randn, viewOf, emptyLike } from '../tensor.js';
import { sizeOf, shapeStr, type Shape, normAxis, stridesOf } from '../shape.js';
import { AttnError } from '../errors.js';
import { defineOp, apply, kernels } from './define.js';
import { contiguousOf } from './_util.js';

export const reshapeOp = defineOp<{ shape: number[] }>({
  name: 'reshape',
  view: true,
  // A view when x is contiguous; otherwise one copy, then a view of it.
  forward([x], { shape }) {
    const c = contiguousOf(x);
    const out = viewOf(c, shape, stridesOf(shape), c.offset);
    if (c !== x) c.dispose();
    return { out };
  },
  // d/dx = g reshaped back
  backward: ({ inputs: [x] }, g) => [reshape(g, x.shape)],
  sample: (rng) => ({ inputs: [randn([2, 6], rng, { dtype: 'float64' })], attrs: { shape: [3, 4] } }),
});

/**
 * Same values, new shape; one dim may be -1 (inferred).
 * @example reshape(x, [B, T, H, -1])
 */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const s = [...shape];
  const inferred = s.indexOf(-1);
  if (inferred >= 0) {
    const rest = sizeOf(s.filter((_, i) => i !== inferred));
    s[inferred] = rest === 0 ? 0 : x.size / rest;
  }
  if (sizeOf(s) !== x.size || s.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new AttnError('E_SHAPE', `reshape: cannot reshape ${shapeStr(x.shape)} (${x.size} values) to ${shapeStr(shape)}`);
  }
  if (s.length === x.rank && s.every((d, i) => d === x.shape[i])) return x;
  return apply(reshapeOp, [x], { shape: s });
}

export const permuteOp = defineOp<{ perm: number[] }>({
  name: 'permute',
  view: true,
  forward: ([x], { perm }) => ({ out: viewOf(x, perm.map((p) => x.shape[p]), perm.map((p) => x.strides[p]), x.offset) }),
  // d/dx = g permuted by the inverse permutation
  backward: ({ attrs: { perm } }, g) => {
    const inv = new Array<number>(perm.length);
    perm.forEach((p, i) => (inv[p] = i));
    return [permute(g, inv)];
  },
  sample: (rng) => ({ inputs: [randn([2, 3, 4], rng, { dtype: 'float64' })], attrs: { perm: [2, 0, 1] } }),
});

/** Reorder axes. @example permute(x, [0, 2, 1, 3]) // (B, T, H, D) -> (B, H, T, D) */
export function permute(x: Tensor, perm: readonly number[]): Tensor {
  const p = perm.map((a) => normAxis('permute', a, x.rank));
  if (p.length !== x.rank || new Set(p).size !== p.length) {
    throw new AttnError('E_SHAPE', `permute: [${perm.join(', ')}] is not a permutation of ${x.rank} axes`);
  }
  if (p.every((a, i) => a === i)) return x;
  return apply(permuteOp, [x], { perm: p });
}

/** Swap two axes (default: the last two). @example transpose(k) // (T, C) -> (C, T) */
export function transpose(x: Tensor, a = -2, b = -1): Tensor {
  const perm = x.shape.map((_, i) => i);
  const i = normAxis('transpose', a, x.rank), j = normAxis('transpose', b, x.rank);
  [perm[i], perm[j]] = [perm[j], perm[i]];
  return permute(x, perm);
}

export const cloneOp = defineOp({
  name: 'clone',
  forward([x]) {
    const out = emptyLike(x, x.shape);
    kernels().copy(x, out);
    return { out };
  },
  // d/dx = g
  backward: (_ctx, g) => [g],
  sample: (rng) => ({ inputs: [randn([2, 3], rng, { dtype: 'float64' })], attrs: undefined }),
});

/** A contiguous copy with its own storage, like `torch.clone`. @example const snapshot = clone(w) */
export function clone(x: Tensor): Tensor {
  return apply(cloneOp, [x], undefined);
}

/** x itself when contiguous, else a contiguous copy (differentiable), like `torch.Tensor.contiguous`. */
export function contiguous(x: Tensor): Tensor {
  return x.isContiguous ? x : clone(x);
}
