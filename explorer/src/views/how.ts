// "How it works": the figure of parameter-free self-attention, live, for the current sentence. First one
// query word's computation with the real numbers (buttons or ← → Home End step to the other words), beside it
// (below on a narrow screen) the matrix form that computes every y at once. Numbers: the worker's selfAttention.
import { h, fmt } from '../dom';
import type { AttentionData } from '../protocol';
import type { View, ViewContext } from '../view-context';
import { attentionControls } from './controls';
import { queryDiagram, matrixDiagram } from './how-svg';
import { weightScale } from '../color';
import { exportButtons, fileStem, heatmapDownloads, svgDocument } from '../export';

/** Beyond this many words the five matrices (5·T² SVG cells) are not drawn; the weights still download. */
const MATRIX_MAX_WORDS = 40;

export const howView: View<AttentionData> = {
  id: 'how',
  title: 'How it works',
  load: ({ client, state }) => client.request({ type: 'attention', sentence: state.sentence, scale: state.scale, positions: state.positions }, 'how'),
  sentenceOf: (d) => d.sentence,
  render(panel, d, ctx) {
    panel.append(
      h('p', { class: 'lede' },
        'Self-attention without parameters, on the words\' own vectors: each word scores every word by a dot product',
        d.scale ? `, divides by √C = ${fmt(d.divisor, 0)}` : '', ', turns the scores into weights with a softmax, and ',
        'becomes the weighted sum of the vectors. First one word at a time, then the same for every word at once, as matrices.'),
      attentionControls(ctx),
    );
    if (d.T === 0) {
      panel.append(h('p', { class: 'empty' }, 'Type a sentence with at least one known word.'));
      return;
    }
    const body = h('div', { class: 'how-layout' });
    panel.append(body);
    const draw = (i: number, focus: string | null) => {
      body.replaceChildren(...figures(d, i, ctx, (next) => {
        ctx.set({ row: next }, { rerender: false });
        ctx.announce(`Query word ${next + 1} of ${d.T}: ${d.sentence.words[next]}`);
        draw(next, document.activeElement?.id ?? null);
      }));
      if (!focus) return;
      const again = document.getElementById(focus) as HTMLButtonElement | null; // "next →" is disabled at the last word
      (again && !again.disabled ? again : document.getElementById('how-step'))?.focus();
    };
    draw(Math.min(ctx.state.row ?? 0, d.T - 1), null);
  },
};

function figures(d: AttentionData, i: number, ctx: ViewContext, step: (i: number) => void): HTMLElement[] {
  const T = d.T, w = d.sentence.words, stem = fileStem('how', ctx.state.sentence), E = d.positions === 'sinusoidal' ? 'X' : 'E';
  const go = (k: number) => k >= 0 && k < T && k !== i && step(k);
  const one = queryDiagram(d, i), all = T <= MATRIX_MAX_WORDS ? matrixDiagram(d, i) : null;
  const stepper = h('figure', {
    id: 'how-step', class: 'how-figure', tabindex: '0', role: 'group', 'data-testid': 'how-step',
    'aria-label': `Computation of y(${w[i]}), query word ${i + 1} of ${T}. Left and right arrow keys step to the other words.`,
    onkeydown: (e: KeyboardEvent) => {
      const k = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? i - 1
        : e.key === 'Home' ? 0 : e.key === 'End' ? T - 1 : null;
      if (k === null) return;
      e.preventDefault();
      go(k);
    },
  },
  h('figcaption', {}, h('strong', {}, `One word: y(${w[i]})`), ` — query ${i + 1} of ${T}`),
  h('div', { class: 'how-nav' },
    h('button', { type: 'button', id: 'how-prev', disabled: i === 0, 'aria-label': 'Previous query word', onclick: () => go(i - 1) }, '← previous'),
    h('span', { class: 'how-words' }, w.map((word, k) => h('button', {
      type: 'button', id: `how-word-${k}`, class: 'how-word', 'aria-pressed': String(k === i), 'aria-label': `Query word ${word}`, onclick: () => go(k),
    }, word))),
    h('button', { type: 'button', id: 'how-next', disabled: i === T - 1, 'aria-label': 'Next query word', onclick: () => go(i + 1) }, 'next →')),
  h('div', { class: 'how-svg-box' }, one),
  h('p', { class: 'formula' }, h('code', {}, d.formulas[i])),
  exportButtons(`${stem}-${safeWord(w[i], i)}`, `the computation of y(${w[i]})`, { svg: () => svgDocument(one) }));
  const matrices = h('figure', { class: 'how-figure', 'data-testid': 'how-matrix' },
    h('figcaption', {}, h('strong', {}, 'Every word at once'), ` — Y = softmax(${E}·${E}ᵀ${d.divisor === 1 ? '' : ' ÷ √C'}) · ${E}, T = ${T}, C = ${d.C}`),
    all ? [h('div', { class: 'how-svg-box' }, all), exportButtons(`${stem}-matrices`, 'the matrix form', { svg: () => svgDocument(all) })]
      : h('p', { class: 'note', 'data-testid': 'how-matrix-skipped' }, `The matrices are drawn up to ${MATRIX_MAX_WORDS} words (${T} × ${T} cells each would be more than anyone can read): the attention view's heatmap shows every weight, and the downloads below hold them all.`),
    h('p', { class: 'small-title' }, 'The weights A alone:'),
    heatmapDownloads(`${stem}-weights`, 'the attention weights', { title: `attention weights: ${w.join(' ')}`, rows: w, cols: w, values: d.weights, scale: weightScale }));
  return [stepper, matrices];
}

/** The query word in a file name: its safe characters, else its position. */
const safeWord = (word: string, i: number) => word.toLowerCase().replace(/[^a-z0-9]+/g, '') || `word${i + 1}`;
