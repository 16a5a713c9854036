// Order view: the same words in two orders. Without positions, self-attention is permutation-
// equivariant: B's outputs are A's outputs reordered (the same set, shown by a zero difference).
// With sinusoidal positions added, or RoPE on the scores, they differ. Plus a plot of the sinusoidal encoding.
import { h, fmt } from '../dom';
import { plotted } from '../plot';
import { exportButtons, fileStem, plotSvg, matrixCsv } from '../export';
import type { OrderData } from '../protocol';
import type { View, ViewContext } from '../view-context';
import { attentionControls } from './controls';

/** The other order when none is typed: the sentence's words reversed. */
export function reversed(sentence: string): string {
  return sentence.trim().split(/\s+/).reverse().join(' ');
}

export const orderView: View<OrderData> = {
  id: 'order',
  title: 'Order',
  plots: true,
  load: ({ client, state }) => client.request({ type: 'order', a: state.sentence, b: state.reordered || reversed(state.sentence), scale: state.scale }),
  sentenceOf: (d) => d.a,
  render(panel, d, ctx) {
    panel.append(
      h('p', { class: 'lede' }, 'Attention compares every word with every word, but nothing in X·Xᵀ says where a word stands. Shuffle the words and the outputs shuffle with them — unless positions enter the computation.'),
      reorderBox(ctx),
      attentionControls(ctx, { positions: false }),
      h('p', {}, h('strong', {}, 'A: '), d.a.words.join(' '), h('br'), h('strong', {}, 'B: '), d.b.words.join(' ')),
    );
    if (d.problem || !d.rows.length) {
      panel.append(h('p', { class: 'warning' }, d.problem ?? 'No word to compare: type a sentence with known words.'));
    } else {
      panel.append(
        h('div', { class: 'big-numbers' },
          h('div', { class: 'big' }, h('span', { class: 'big-label' }, 'no positions: max |y_A(w) − y_B(w)|'), h('strong', { 'data-testid': 'order-diff-without' }, fmt(d.maxDiffWithout, 6)),
            h('span', { class: 'big-note' }, d.maxDiffWithout < 1e-5 ? 'the same set of outputs, reordered' : 'differs (repeated words?)')),
          h('div', { class: 'big' }, h('span', { class: 'big-label' }, 'sinusoidal positions added: max |Δ|'), h('strong', { 'data-testid': 'order-diff-with' }, fmt(d.maxDiffWith, 3)),
            h('span', { class: 'big-note' }, 'order now changes the outputs')),
          h('div', { class: 'big' }, h('span', { class: 'big-label' }, 'rotary positions (RoPE) on the scores: max |Δ|'), h('strong', { 'data-testid': 'order-diff-rope' }, fmt(d.maxDiffRope, 3)),
            h('span', { class: 'big-note' }, 'scores now depend on relative distance'))),
        // One "A → B" column for the two positions, so that at phone width the three cosines (the point of the
        // table: sinusoidal and RoPE against none) fit on the screen instead of scrolling out of sight.
        h('div', { class: 'table-scroll' }, h('table', { class: 'data-table order-table' },
          h('caption', {}, 'cosine between a word’s output in A and in B'),
          h('thead', {}, h('tr', {}, ['word', 'position A → B', 'no positions', 'sinusoidal', 'RoPE'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, d.rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, r.word), h('td', {}, `${r.a} → ${r.b}`),
            h('td', {}, fmt(r.without, 4)), h('td', {}, fmt(r.with, 4)), h('td', {}, fmt(r.rope, 4))))))),
      );
    }
    panel.append(encodingPlot(d, Math.max(300, Math.min(760, panel.clientWidth - 8 || 760))),
      h('p', { class: 'note' }, 'RoPE here rotates the vectors only to compute the scores (values stay unrotated), as in a transformer with identity projections. Learned position embeddings need training: they belong to the Trained models view.'));
  },
};

function reorderBox(ctx: ViewContext): HTMLElement {
  return h('div', { class: 'controls' },
    h('label', { for: 'reordered' }, 'Same words, another order (B)'),
    h('input', { id: 'reordered', class: 'wide', value: ctx.state.reordered, placeholder: reversed(ctx.state.sentence), autocomplete: 'off', spellcheck: 'false',
      oninput: (e: Event) => ctx.set({ reordered: (e.target as HTMLInputElement).value }) }));
}

function encodingPlot(d: OrderData, width: number): HTMLElement {
  const chart = plotted((Plot) => Plot.plot({
    width, height: 110 + d.P * 14, marginLeft: 56,
    ariaLabel: `Sinusoidal positional encoding for positions 0 to ${d.P - 1} and ${d.C} dimensions`,
    x: { label: 'dimension →', domain: [0, d.C] },
    y: { label: '↓ position', domain: [d.P, 0] },
    color: { type: 'diverging', domain: [-1, 1], scheme: 'RdBu', legend: true, label: 'PE value' },
    marks: [Plot.raster(Array.from(d.pe), { width: d.C, height: d.P, x1: 0, x2: d.C, y1: 0, y2: d.P, imageRendering: 'pixelated' })],
  }));
  return h('figure', { class: 'chart' }, chart,
    h('figcaption', {}, 'PE[p, 2i] = sin(p / 10000^(2i/C)), PE[p, 2i+1] = cos(…): low dimensions oscillate fast with the position, high ones slowly, so every position gets a distinct pattern.'),
    exportButtons(fileStem('sinusoidal-encoding', `${d.P} positions`), 'the positional encoding', {
      svg: () => plotSvg(chart),
      csv: () => matrixCsv('position\\dimension', Array.from({ length: d.P }, (_, p) => String(p)), Array.from({ length: d.C }, (_, c) => String(c)), d.pe),
    }));
}
