// Pearson and Spearman correlation as scipy.stats computes them (Spearman = Pearson of the ranks, tied
// values sharing their average rank), for the word-pair evaluation. Plain float64 loops over arrays;
// no p-values (gensim reports them, nothing here needs them).
import { AttnError } from '../errors.js';

/**
 * Pearson's r of two equal-length samples.
 * @example pearson([1, 2, 3], [2, 4, 7]); // 0.9933
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n !== y.length || n < 2) throw new AttnError('E_INPUT', `pearson: needs two samples of the same length ≥ 2, got ${n} and ${y.length}`);
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx, dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN; // a constant sample has no correlation (scipy also gives nan)
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * Ranks 1…n, ties sharing the average of the ranks they span (scipy's rankdata 'average').
 * @example rankAverage([10, 20, 20, 30]); // [1, 2.5, 2.5, 4]
 */
export function rankAverage(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && x[order[j + 1]] === x[order[i]]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}

/**
 * Spearman's ρ: Pearson's r of the average ranks.
 * @example spearman([1, 2, 3, 4], [1, 3, 2, 4]); // 0.8
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return pearson(rankAverage(x), rankAverage(y));
}
