// Static view: what GloVe alone knows. Each word's nearest neighbours, the cosine between every two
// words of the sentence (a heatmap), and a box to compare any two vocabulary words. The limit shows
// here: a word has one vector, whatever the sentence around it.
import { h, fmt } from '../dom';
import { heatmap } from '../heatmap';
import { cosineScale } from '../color';
import { fileStem, heatmapDownloads } from '../export';
import type { StaticData } from '../protocol';
import type { View, ViewContext } from '../view-context';

export const staticView: View<StaticData> = {
  id: 'static',
  title: 'Static',
  load: ({ client, state }) => client.request({ type: 'static', sentence: state.sentence }),
  sentenceOf: (d) => d.sentence,
  render(panel, d, ctx) {
    const words = d.sentence.words;
    panel.append(h('p', { class: 'lede' },
      'Static embeddings give every word one vector, learned from co-occurrence counts. Similar words point the same way (cosine near 1) — but "bank" is the same vector next to "money" and next to "river".'));
    if (!words.length) {
      panel.append(h('p', { class: 'empty' }, 'Type a sentence with at least one known word.'), pairForm(ctx));
      return;
    }
    panel.append(
      h('div', { class: 'static-layout' },
        h('section', { 'aria-labelledby': 'nn-title' },
          h('h3', { id: 'nn-title' }, 'Nearest neighbours (cosine, among the 10,000 most frequent words)'),
          h('ul', { class: 'neighbour-list' }, words.map((w, i) => h('li', {},
            h('span', { class: 'word' }, w), ' ',
            d.neighbours[i].map((n, k) => [k ? ', ' : '', n.word, h('small', {}, ` ${fmt(n.cosine, 2)}`)]))))),
        h('section', { 'aria-labelledby': 'cos-title' },
          h('h3', { id: 'cos-title' }, 'Cosine between every two of these words'),
          heatmap({
            rows: words, cols: words, values: d.cosines, scale: cosineScale, valueAttr: 'cosine',
            label: 'Cosine similarity between every two words typed',
            cellLabel: (i, j, v) => `cosine of ${words[i]} and ${words[j]}: ${fmt(v, 3)}`,
          }),
          h('div', { class: 'legend' }, cosineScale.legend('cosine similarity')),
          heatmapDownloads(fileStem('cosines', ctx.state.sentence), 'the cosines',
            { title: `cosines: ${words.join(' ')}`, rows: words, cols: words, values: d.cosines, scale: cosineScale, corner: 'word' }))),
      pairForm(ctx),
    );
  },
};

/** "The cosine between any two words": two inputs and a live result. */
function pairForm(ctx: ViewContext): HTMLElement {
  const out = h('output', { class: 'pair-result', for: 'pair-a pair-b', 'aria-live': 'polite' });
  const a = h('input', { id: 'pair-a', value: 'king', autocomplete: 'off', spellcheck: 'false' });
  const b = h('input', { id: 'pair-b', value: 'queen', autocomplete: 'off', spellcheck: 'false' });
  const run = async () => {
    const r = await ctx.client.request({ type: 'similarity', a: a.value, b: b.value });
    if (!r) return;
    if (r.cosine !== null) out.replaceChildren(`cos(${r.a.text}, ${r.b.text}) = `, h('strong', {}, fmt(r.cosine, 3)));
    else {
      const bad = [r.a, r.b].filter((t) => !t.known);
      out.replaceChildren(...bad.map((t) => `"${t.text || '(empty)'}" is not in the vocabulary${t.suggestions.length ? ` (did you mean ${t.suggestions.join(', ')}?)` : ''}. `));
    }
  };
  a.addEventListener('input', run);
  b.addEventListener('input', run);
  void run();
  return h('section', { class: 'pair', 'aria-labelledby': 'pair-title' },
    h('h3', { id: 'pair-title' }, 'Cosine between any two words'),
    h('div', { class: 'pair-inputs' },
      h('label', { for: 'pair-a' }, 'Word A'), a, h('label', { for: 'pair-b' }, 'Word B'), b, out));
}
