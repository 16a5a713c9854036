// Attention as one op: softmax(q·kᵀ·scale + bias, masked)·v. With the backend's fused kernel the forward keeps only
// the per-row log-sum-exp (never the T×S weights) and the backward recomputes them; without it, the composed path
// (matmul, masked softmax, matmul) runs, and it is the reference a test holds the kernel to, in value and gradient.
// Masks: nonzero = masked out; a fully masked row gives a zero output. Not dropout (see nn/attention.ts).
import { Tensor, tensor, randn } from '../tensor.js';
import type { DType } from '../primitives.js';
import { AttnError } from '../errors.js';
import { broadcastShapes, shapeStr } from '../shape.js';
import { defineOp, apply, fused } from './define.js';
import { contiguousOf, outputLike, release } from './_util.js';
import { matmul } from './matmul.js';
import { add, div, mul, sub, compare } from './arithmetic.js';
import { sum, max } from './reduce.js';
import { exp, log } from './unary.js';
import { where, maskedFill } from './where.js';
import { softmax } from './softmax.js';
import { expand } from './broadcast.js';
import { reshape } from './shape-ops.js';

/**
 * The (T, S) causal mask: 1 above the (bottom-right aligned) diagonal, i.e. where key j > i + (S − T).
 * @example causalMask(3, 3) // [[0,1,1],[0,0,1],[0,0,0]]
 */
export function causalMask(T: number, S: number, dtype: DType = 'float32'): Tensor {
  const m = dtype === 'float64' ? new Float64Array(T * S) : new Float32Array(T * S);
  for (let i = 0; i < T; i++) for (let j = i + S - T + 1; j < S; j++) if (j >= 0) m[i * S + j] = 1;
  return tensor(m, [T, S]);
}

export interface AttentionOptions {
  /** Broadcastable to (..., T, S); nonzero = masked out (the key is not attended). */
  mask?: Tensor | null;
  /** Query i sees keys j ≤ i + (S − T): bottom-right aligned, the usual lower triangle when S = T. */
  causal?: boolean;
  /** An additive float bias broadcastable to (..., T, S), e.g. ALiBi. */
  bias?: Tensor | null;
  /** Score scale (default 1/√D). */
  scale?: number;
}

/** scores (..., T, S) = q·kᵀ·scale + bias, and the same with masked keys at −∞. */
function maskedScores(q: Tensor, k: Tensor, opts: AttentionOptions) {
  const D = q.shape[q.rank - 1], T = q.shape[q.rank - 2], S = k.shape[k.rank - 2];
  const raw = matmul(q, k, { transB: true }); // (..., T, D) @ (..., S, D)ᵀ -> (..., T, S)
  let scores = opts.scale === undefined ? div(raw, Math.sqrt(D)) : opts.scale === 1 ? raw : mul(raw, opts.scale);
  if (opts.bias) scores = add(scores, opts.bias);
  let masked = opts.mask ? maskedFill(scores, opts.mask, -Infinity) : scores; // masked keys -> −∞ -> weight 0
  if (opts.causal) masked = maskedFill(masked, causalMask(T, S, q.dtype), -Infinity);
  return { scores, masked };
}

/**
 * The composed reference: the scaled, biased scores (..., T, S) and the weights = their masked row softmax
 * (rows sum to 1, or are zeros when fully masked).
 * @example const { weights } = attentionWeights(q, k, { causal: true }); // (B, H, T, T)
 */
export function attentionWeights(q: Tensor, k: Tensor, opts: AttentionOptions = {}): { scores: Tensor; weights: Tensor } {
  const { scores, masked } = maskedScores(q, k, opts);
  return { scores, weights: softmax(masked, -1) }; // an all −∞ row gives zeros
}

/** log Σ_j exp(x_ij) over the last axis, −∞ on an all −∞ row. */
function logSumExp(x: Tensor): Tensor {
  const m = max(x, -1, true);
  const shift = where(compare('eq', m, -Infinity), 0, m); // an all −∞ row: log Σ exp(−∞) = −∞
  const lse = add(shift, log(sum(exp(sub(x, shift)), -1, true))); // (..., T, 1)
  return reshape(lse, lse.shape.slice(0, -1));
}

interface AttentionAttrs {
  scale: number;
  causal: boolean;
  /** Inputs 3 and 4 are the mask and bias, when present (mask first). */
  mask: boolean;
  bias: boolean;
}

function parts(inputs: readonly Tensor[], a: AttentionAttrs) {
  const [q, k, v] = inputs;
  const mask = a.mask ? inputs[3] : null, bias = a.bias ? inputs[a.mask ? 4 : 3] : null;
  return { q, k, v, mask, bias, args: { scale: a.scale, causal: a.causal } };
}

export const attentionOp = defineOp<AttentionAttrs, Tensor>({
  name: 'attention',
  strided: [3, 4],
  constant: [3, 4],
  forward(inputs, a) {
    const { q, k, v, mask, bias, args } = parts(inputs, a);
    const kernel = fused().attention;
    if (!kernel) {
      const { masked } = maskedScores(q, k, { mask, bias, ...args });
      return { out: matmul(softmax(masked, -1), v), saved: logSumExp(masked) };
    }
    const lead = q.shape.slice(0, -2);
    const out = outputLike(q, [...lead, q.shape[q.rank - 2], v.shape[v.rank - 1]]); // (...L, T, Dv)
    const lse = outputLike(q, q.shape.slice(0, -1)); // (...L, T)
    kernel(q, k, v, mask, bias, out, lse, args);
    return { out, saved: lse };
  },
  // P = softmax(s), Δ = Σ_d g∘out: dS = P∘(g·vᵀ − Δ), dq = scale·dS·k, dk = scale·dSᵀ·q, dv = Pᵀ·g
  backward({ inputs, out, attrs, saved: lse }, g) {
    const { q, k, v, mask, bias, args } = parts(inputs, attrs);
    const kernel = fused().attentionBackward;
    if (!kernel) {
      const P = attentionWeights(q, k, { mask, bias, ...args }).weights; // recomputed, as the kernel does
      const dS = mul(P, sub(matmul(g, v, { transB: true }), sum(mul(g, out), -1, true)));
      return [mul(matmul(dS, k), args.scale), mul(matmul(dS, q, { transA: true }), args.scale), matmul(P, g, { transA: true }), null, null];
    }
    const given = [q, k, v, g];
    const [qc, kc, vc, gc] = given.map(contiguousOf);
    const [dq, dk, dv] = [qc, kc, vc].map((x) => outputLike(x, x.shape));
    kernel(qc, kc, vc, mask, bias, out, lse, gc, dq, dk, dv, args);
    release([qc, kc, vc, gc], given);
    return [dq, dk, dv, null, null];
  },
  sample(rng) {
    const x = (shape: number[]) => randn(shape, rng, { dtype: 'float64' });
    const m = new Float64Array(2 * 3 * 5).map(() => (rng.uniform() < 0.3 ? 1 : 0));
    m.fill(1, 15, 20); // batch 1, query 0: fully masked
    const mask = tensor(m, [2, 3, 5], { dtype: 'float64' });
    return { inputs: [x([2, 3, 4]), x([2, 5, 4]), x([2, 5, 3]), mask, x([2, 3, 5])], attrs: { scale: 0.5, causal: true, mask: true, bias: true } };
  },
});

/**
 * softmax(q·kᵀ·scale + bias, masked)·v over the last two axes, leading axes broadcast: (..., T, D), (..., S, D),
 * (..., S, Dv) -> (..., T, Dv). On a backend with the fused kernel no T×S tensor is made (a key-padding mask is
 * expanded as a view, at O(S) memory); the weights are not returned — `attentionWeights` gives them. The bias
 * gets no gradient here: `scaledDotProductAttention` takes the composed path for a bias that needs one.
 * @example const y = attention(q, k, v, { causal: true }); // (B, H, T, D)
 */
export function attention(q: Tensor, k: Tensor, v: Tensor, opts: AttentionOptions = {}): Tensor {
  if (q.rank < 2 || k.rank < 2 || v.rank < 2) {
    throw new AttnError('E_SHAPE', `attention: q, k, v need rank ≥ 2, got ${shapeStr(q.shape)}, ${shapeStr(k.shape)}, ${shapeStr(v.shape)}`);
  }
  const D = q.shape[q.rank - 1], T = q.shape[q.rank - 2], S = k.shape[k.rank - 2], Dv = v.shape[v.rank - 1];
  if (k.shape[k.rank - 1] !== D || v.shape[v.rank - 2] !== S) {
    throw new AttnError('E_SHAPE', `attention: q ${shapeStr(q.shape)}, k ${shapeStr(k.shape)}, v ${shapeStr(v.shape)} do not fit (q, k share D; k, v share S)`);
  }
  const { mask, bias } = opts;
  if (bias && (bias.requiresGrad || bias.node)) {
    throw new AttnError('E_INPUT', 'attention: the bias needs a gradient, which this op does not give; use scaledDotProductAttention (composed path)');
  }
  const leadOf = (t: Tensor) => t.shape.slice(0, Math.max(0, t.rank - 2));
  const L = [k, v, mask, bias].reduce<number[]>((acc, t) => (t ? broadcastShapes('attention', acc, leadOf(t)) : acc), leadOf(q));
  const inputs = [expand(q, [...L, T, D]), expand(k, [...L, S, D]), expand(v, [...L, S, Dv])];
  if (mask) inputs.push(expand(mask, [...L, T, S]));
  if (bias) inputs.push(expand(bias, [...L, T, S]));
  return apply(attentionOp, inputs, { scale: opts.scale ?? 1 / Math.sqrt(D), causal: !!opts.causal, mask: !!mask, bias: !!bias });
}
