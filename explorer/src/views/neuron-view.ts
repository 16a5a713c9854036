// The neuron view of one trained head (as bertviz's): for one query/key pair, the head's query q_i and key k_j
// dimension by dimension, their element-wise products q∘k, and the sum that is the pre-softmax score (plus ALiBi's
// bias where the model has one), then the softmax of the query's row of scores, which is the weight the heatmap
// shows. The queries, keys and scores are explainWithModel's (q already times the model's 1/√D); only the
// products, their sum and the row softmax are done here, so the page shows that they agree.
import { h, fmt } from '../dom';
import type { HeadNumbers } from '../protocol';

/** Row i's softmax of (T, T) scores at column j (what the head's softmax gives from the library's scores). */
function rowSoftmax(scores: Float64Array, T: number, i: number, j: number): number {
  const row = scores.subarray(i * T, (i + 1) * T);
  let m = -Infinity, s = 0;
  for (const v of row) m = Math.max(m, v);
  if (m === -Infinity) return 0; // a fully masked row has zero weights (the library's policy)
  for (const v of row) s += Math.exp(v - m);
  return Math.exp(row[j] - m) / s;
}

/**
 * The q, k, q∘k table of query i and key j for head numbers `n`, with Σ q∘k = score and softmax → weight.
 * `weight` is the learned weight the heatmap shows for (i, j) (the model's own forward pass).
 */
export function neuronView(n: HeadNumbers, t: string[], i: number, j: number, weight: number, which: string): HTMLElement {
  const T = t.length, D = n.D;
  const q = n.queries.subarray(i * D, (i + 1) * D), k = n.keys.subarray(j * D, (j + 1) * D);
  const bias = n.bias ? n.bias[i * T + j] : 0;
  const products = Array.from(q, (v: number, d) => v * k[d]);
  const sum = products.reduce((s, p) => s + p, 0);
  const score = n.scores[i * T + j], softmaxed = rowSoftmax(n.scores, T, i, j);
  const big = Math.max(1e-12, ...products.map(Math.abs));
  const bar = (p: number) => h('span', { class: `qk-bar ${p < 0 ? 'neg' : 'pos'}`, style: { width: `${(100 * Math.abs(p)) / big}%` } });
  return h('section', {
    class: 'neuron-view', 'aria-label': `Neuron view: ${t[i]} → ${t[j]}`, 'data-testid': 'neuron-view', 'data-row': i, 'data-col': j,
    'data-queries': Array.from(q).join(' '), 'data-keys': Array.from(k).join(' '), 'data-products': products.join(' '),
    'data-sum': sum, 'data-bias': bias, 'data-score': score, 'data-softmax': softmaxed,
  },
  h('p', { class: 'small-title' }, `Neuron view (${which}): the query of “${t[i]}” times the key of “${t[j]}”, dimension by dimension. q is after the learned projection and its bias, already divided by √${D} as the model scales it, so the products add up to the score.`),
  h('div', { class: 'neuron-scroll' }, h('table', { class: 'neuron-table' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'dim'), h('th', { scope: 'col' }, `q(${t[i]})`), h('th', { scope: 'col' }, `k(${t[j]})`),
      h('th', { scope: 'col' }, 'q∘k'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'share of the largest product')))),
    h('tbody', {}, products.map((p, d) => h('tr', {}, h('td', {}, d + 1), h('td', {}, fmt(q[d], 3)), h('td', {}, fmt(k[d], 3)), h('td', {}, fmt(p, 3)), h('td', { class: 'qk-cell' }, bar(p))))))),
  h('dl', { class: 'numbers' },
    h('dt', {}, 'Σ q∘k'), h('dd', {}, fmt(sum, 4)),
    n.bias ? [h('dt', {}, '+ position bias (ALiBi)'), h('dd', {}, fmt(bias, 4))] : null,
    h('dt', {}, 'score (the softmax input)'), h('dd', {}, `${fmt(score, 4)} — nothing is masked in one sentence alone`),
    h('dt', {}, `softmax over ${t[i]}’s row of scores`), h('dd', {}, `${fmt(softmaxed, 4)} = the learned weight ${fmt(weight, 4)}`)),
  );
}
