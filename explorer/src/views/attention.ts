// Attention view: the (T, T) weights as a heatmap (rows = query word, columns = key word), scaled or
// not, with or without positions; hover or focus a cell for its dot product, weight and contribution;
// pick a row to see the whole computation for that word with the real numbers and the formula.
import { h, fmt } from '../dom';
import { heatmap } from '../heatmap';
import { weightScaleTo } from '../color';
import type { AttentionData } from '../protocol';
import type { View, ViewContext } from '../view-context';
import { attentionControls } from './controls';
import { stepByStep } from './attention-steps';
import { fileStem, heatmapDownloads } from '../export';

export const attentionView: View<AttentionData> = {
  id: 'attention',
  title: 'Attention',
  load: ({ client, state }) => client.request({ type: 'attention', sentence: state.sentence, scale: state.scale, positions: state.positions }),
  sentenceOf: (d) => d.sentence,
  render(panel, d, ctx) {
    const words = d.sentence.words, T = d.T;
    panel.append(
      h('p', { class: 'lede' },
        'Each row is one word asking "whom should I look at?". Its weights are a softmax over its dot products with every word',
        d.scale ? `, divided by √C = ${fmt(d.divisor, 0)}` : ' (unscaled: large GloVe dot products saturate the softmax)',
        '. Rows sum to 1.'),
      attentionControls(ctx, { stretch: true }),
    );
    if (T === 0) {
      panel.append(h('p', { class: 'empty' }, 'Type a sentence with at least one known word.'));
      return;
    }
    const detail = h('div', { class: 'cell-detail', 'aria-live': 'polite' },
      h('p', { class: 'hint' }, 'Hover or focus a cell to see its numbers. Click a row, or press Enter on a cell, to see the computation step by step.'));
    const steps = h('section', { class: 'steps', 'aria-label': 'Step-by-step computation' });
    const showRow = (i: number | null) => {
      steps.replaceChildren(i === null || i >= T ? h('p', { class: 'hint' }, 'No row picked yet: click a word on the left of the heatmap.') : stepByStep(d, i, ctx));
    };
    const scale = weightScaleTo(ctx.state.stretch ? Math.max(...d.weights) : 1);
    const grid = heatmap({
      rows: words, cols: words, values: d.weights, scale, valueAttr: 'weight',
      label: 'Attention weights: rows are query words, columns key words',
      rowHeader: 'query ↓ key →',
      selectedRow: ctx.state.row,
      cellLabel: (i, j, v) => `${words[i]} attends to ${words[j]}: weight ${fmt(v, 3)}`,
      onCell: (i, j) => detail.replaceChildren(cellDetail(d, i, j)),
      onRow: (i) => {
        ctx.set({ row: i }, { rerender: false });
        showRow(i);
      },
    });
    panel.append(
      h('div', { class: 'attention-layout' },
        h('div', { class: 'heatmap-box' }, grid, h('div', { class: 'legend' }, scale.legend('attention weight aᵢⱼ')),
          heatmapDownloads(fileStem('attention', ctx.state.sentence), 'the attention weights',
            { title: `attention weights: ${words.join(' ')}`, rows: words, cols: words, values: d.weights, scale })),
        detail),
      steps,
    );
    showRow(ctx.state.row);
  },
};

function cellDetail(d: AttentionData, i: number, j: number): HTMLElement {
  const T = d.T, w = d.sentence.words, k = i * T + j;
  return h('dl', { class: 'numbers' },
    h('dt', {}, 'query → key'), h('dd', {}, `${w[i]} → ${w[j]}`),
    h('dt', {}, `dot product e(${w[i]})·e(${w[j]})`), h('dd', {}, fmt(d.dots[k], 3)),
    h('dt', {}, 'score (softmax input)'), h('dd', {}, d.divisor === 1 ? fmt(d.scores[k], 3) : `${fmt(d.dots[k], 3)} ÷ ${fmt(d.divisor, 2)} = ${fmt(d.scores[k], 3)}`),
    h('dt', {}, 'softmax weight aᵢⱼ'), h('dd', {}, fmt(d.weights[k], 4)),
    h('dt', {}, 'contribution to y'), h('dd', {}, `${fmt(d.weights[k], 3)}·e(${w[j]}), adds ${fmt(d.contribution[k], 3)} of |y(${w[i]})| = ${fmt(d.outNorms[i], 3)}`),
    h('dt', {}, 'the dot product by dimension'), h('dd', {}, dotTerms(d, i, j)),
  );
}

/** The neuron view of one query/key pair: the C products x_i[c]·x_j[c] whose sum is the dot product, largest first. */
function dotTerms(d: AttentionData, i: number, j: number, shown = 5): HTMLElement {
  const C = d.C, x = d.inputs; // (T, C): the static vectors (plus positions) the scores were made from
  const products = Array.from({ length: C }, (_, c) => x[i * C + c] * x[j * C + c]);
  const top = [...products.keys()].sort((a, b) => Math.abs(products[b]) - Math.abs(products[a])).slice(0, shown);
  const rest = products.reduce((s, p) => s + p, 0) - top.reduce((s, c) => s + products[c], 0);
  return h('span', { 'data-testid': 'dot-terms', 'data-products': products.join(' ') },
    top.map((c) => `dim ${c + 1}: ${fmt(x[i * C + c], 2)} × ${fmt(x[j * C + c], 2)} = ${fmt(products[c], 3)}; `),
    `the other ${C - shown} add ${fmt(rest, 3)}`);
}
