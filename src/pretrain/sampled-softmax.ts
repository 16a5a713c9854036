// The objective: a sampled softmax over the frozen vector vocabulary (Jean et al. 2015). The encoder's output at a
// masked position, projected to the vectors' dimension, scores a word by its dot product with that word's frozen
// vector; the full softmax over 50k words is replaced by the true word against K negatives drawn from the unigram
// distribution raised to 0.75 (word2vec's), each logit corrected by −log(K·q(w)) so the estimate is unbiased in the
// limit, and a negative that happens to be the true word is masked out.
import { Tensor, tensor } from '../tensor.js';
import { AttnError } from '../errors.js';
import type { Rng } from '../random.js';
import { add, mul } from '../ops/arithmetic.js';
import { sum } from '../ops/reduce.js';
import { matmul } from '../ops/matmul.js';
import { concat } from '../ops/slice.js';
import { reshape } from '../ops/shape-ops.js';
import { crossEntropy } from '../train/losses.js';

/** Draws words with probability ∝ count^power (a cumulative table and binary search). */
export class UnigramSampler {
  private readonly cumulative: Float64Array;
  private readonly total: number;
  constructor(readonly counts: Float64Array, readonly power = 0.75) {
    this.cumulative = new Float64Array(counts.length);
    let acc = 0;
    for (let i = 0; i < counts.length; i++) this.cumulative[i] = acc += counts[i] > 0 ? counts[i] ** power : 0;
    this.total = acc;
    if (!(acc > 0)) throw new AttnError('E_INPUT', 'UnigramSampler: no word has a positive count');
  }
  /** q(w): the probability of drawing `id`. */
  prob(id: number): number {
    return this.counts[id] > 0 ? this.counts[id] ** this.power / this.total : 0;
  }
  sample(rng: Rng): number {
    const u = rng.uniform() * this.total;
    let lo = 0, hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/**
 * Mean sampled-softmax loss of predictions `pred` (M, dim) for the vector rows `targets` (M) against the
 * `negatives` (K) shared by the batch; `vectors` is the frozen table (rows × dim).
 * @example const loss = sampledSoftmaxLoss(pred, [17, 4], negs, wv.vectors, wv.dim, sampler);
 */
export function sampledSoftmaxLoss(pred: Tensor, targets: readonly number[], negatives: readonly number[], vectors: Float32Array, dim: number, sampler: UnigramSampler): Tensor {
  const M = targets.length, K = negatives.length;
  const rows = (ids: readonly number[]) => {
    const out = new Float32Array(ids.length * dim);
    ids.forEach((id, i) => out.set(vectors.subarray(id * dim, (id + 1) * dim), i * dim));
    return tensor(out, [ids.length, dim]);
  };
  const logQ = (id: number) => Math.log(K * Math.max(sampler.prob(id), 1e-30));
  const trueLogit = reshape(sum(mul(pred, rows(targets)), -1), [M, 1]); // (M, 1)
  const negLogits = matmul(pred, rows(negatives), { transB: true }); // (M, K)
  const correction = new Float32Array(M * (K + 1));
  for (let m = 0; m < M; m++) {
    correction[m * (K + 1)] = -logQ(targets[m]);
    for (let k = 0; k < K; k++) correction[m * (K + 1) + 1 + k] = negatives[k] === targets[m] ? -1e9 : -logQ(negatives[k]);
  }
  const logits = add(concat([trueLogit, negLogits], 1), tensor(correction, [M, K + 1])); // (M, 1 + K)
  return crossEntropy(logits, new Int32Array(M)); // the true word is class 0
}
