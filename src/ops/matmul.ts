// Batched matrix multiply with optional transposes and broadcast batch dims, PyTorch's matmul semantics
// for rank ≥ 2 (a 1-D operand is not promoted: reshape first). Backward: dA = g·Bᵀ, dB = Aᵀ·g.
import { Tensor, randn } from '../tensor.js';
import { broadcastShapes, shapeStr } from '../shape.js';
import { AttnError } from '../errors.js';
import { defineOp, apply, kernels } from './define.js';
import { outputLike } from './_util.js';
import { sumTo } from './broadcast.js';

type MatmulAttrs = { transA: boolean; transB: boolean };

function dims(a: Tensor, b: Tensor, { transA, transB }: MatmulAttrs) {
  if (a.rank < 2 || b.rank < 2) {
    throw new AttnError('E_SHAPE', `matmul: both operands need rank ≥ 2, got ${shapeStr(a.shape)} and ${shapeStr(b.shape)}`);
  }
  const [ar, ac] = a.shape.slice(-2), [br, bc] = b.shape.slice(-2);
  const [m, k] = transA ? [ac, ar] : [ar, ac];
  const [k2, n] = transB ? [bc, br] : [br, bc];
  if (k !== k2) {
    throw new AttnError('E_SHAPE', `matmul: inner dimensions differ: ${shapeStr(a.shape)}${transA ? 'ᵀ' : ''} @ ${shapeStr(b.shape)}${transB ? 'ᵀ' : ''} (${k} vs ${k2})`);
  }
  const aBatch = a.shape.slice(0, -2), bBatch = b.shape.slice(0, -2);
  const outBatch = broadcastShapes('matmul', aBatch, bBatch);
  return { m, k, n, aBatch, bBatch, outBatch };
}

export const matmulOp = defineOp<MatmulAttrs>({
  name: 'matmul',
  forward([a, b], attrs) {
    const d = dims(a, b, attrs);
    const out = outputLike(a, [...d.outBatch, d.m, d.n]);
    kernels().matmul(a, b, out, { ...d, transA: attrs.transA, transB: attrs.transB });
    return { out };
  },
  // C = A·B: dA = g·Bᵀ, dB = Aᵀ·g (with the stored transposes folded in, and batch dims summed back)
  backward({ inputs: [a, b], attrs: { transA, transB }, needs }, g) {
    const ab = a.shape.slice(0, -2), bb = b.shape.slice(0, -2);
    let da: Tensor | null = null, db: Tensor | null = null;
    if (needs[0]) {
      da = transA ? matmul(b, g, { transA: transB, transB: true }) : matmul(g, b, { transB: !transB });
      da = sumTo(da, [...ab, ...a.shape.slice(-2)]);
    }
    if (needs[1]) {
      db = transB ? matmul(g, a, { transA: true, transB: transA }) : matmul(a, g, { transA: !transA });
      db = sumTo(db, [...bb, ...b.shape.slice(-2)]);
    }
    return [da, db];
  },
  sample: (rng) => ({
    inputs: [randn([2, 3, 4], rng, { dtype: 'float64' }), randn([5, 4], rng, { dtype: 'float64' })],
    attrs: { transA: false, transB: true },
  }),
});

/**
 * a @ b over the last two axes, batch axes broadcast. Transpose flags avoid materialising Kᵀ.
 * @example const scores = matmul(q, k, { transB: true }); // (B, T, D) @ (B, S, D)ᵀ -> (B, T, S)
 */
export function matmul(a: Tensor, b: Tensor, opts: { transA?: boolean; transB?: boolean } = {}): Tensor {
  return apply(matmulOp, [a, b], { transA: opts.transA ?? false, transB: opts.transB ?? false });
}
