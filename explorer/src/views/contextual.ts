// Contextual view: where attention moves each word. A 2-D PCA of the static and contextual vectors
// together (explained variance on the axes), an arrow from each word's static vector e to its
// contextual vector y (each word's label placed where it overlaps no other), and the nearest vocabulary words of each y.
import { h, fmt } from '../dom';
import { plotted } from '../plot';
import { exportButtons, fileStem, plotSvg, tableCsv } from '../export';
import type { ContextualData } from '../protocol';
import type { View } from '../view-context';
import { attentionControls } from './controls';
import { placeLabels } from '../label-layout';
import type * as PlotTypes from '@observablehq/plot';

const LABEL_FONT = 12;
let measure: CanvasRenderingContext2D | null | undefined;

/** The width of a label in Plot's font (system-ui) at LABEL_FONT px, plus a little air. */
function textWidth(text: string): number {
  measure ??= document.createElement('canvas').getContext('2d');
  if (!measure) return text.length * LABEL_FONT * 0.6 + 4;
  measure.font = `${LABEL_FONT}px system-ui, sans-serif`;
  return measure.measureText(text).width + 4;
}

export const contextualView: View<ContextualData> = {
  id: 'contextual',
  title: 'Contextual',
  plots: true,
  load: ({ client, state }) => client.request({ type: 'contextual', sentence: state.sentence, scale: state.scale, positions: state.positions }),
  sentenceOf: (d) => d.attention.sentence,
  render(panel, d, ctx) {
    const words = d.attention.sentence.words, T = words.length;
    panel.append(
      h('p', { class: 'lede' }, 'Each arrow starts at a word’s static vector e and ends at its contextual vector y = Σ aᵢⱼ·e(j): attention pulls every word toward the words it attends to. Axes: the first two principal components of these 2T vectors.'),
      attentionControls(ctx),
    );
    if (!T) {
      panel.append(h('p', { class: 'empty' }, 'Type a sentence with at least one known word.'));
      return;
    }
    const pts = words.map((word, i) => ({
      word, sx: d.staticXY[2 * i], sy: d.staticXY[2 * i + 1], cx: d.contextXY[2 * i], cy: d.contextXY[2 * i + 1],
    }));
    const width = Math.max(300, Math.min(760, panel.clientWidth - 8 || 760));
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    const chart = plotted((Plot) => {
      const options = (marks: PlotTypes.Markish[], x: PlotTypes.ScaleOptions = {}, y: PlotTypes.ScaleOptions = {}) => Plot.plot({
        width, height: Math.round(width * 0.62), inset: 24,
        ariaLabel: `PCA projection of static and contextual vectors; PC1 explains ${pct(d.explained[0])}, PC2 ${pct(d.explained[1])} of the variance`,
        x: { label: `PC1 (${pct(d.explained[0])} of variance)`, grid: true, ...x },
        y: { label: `PC2 (${pct(d.explained[1])})`, grid: true, ...y },
        marks: [
          Plot.arrow(pts, { x1: 'sx', y1: 'sy', x2: 'cx', y2: 'cy', stroke: '#6b7280', strokeWidth: 1.4, headLength: 7, insetEnd: 4 }),
          Plot.dot(pts, { x: 'sx', y: 'sy', r: 4, stroke: '#2563eb', fill: 'white', strokeWidth: 1.5, title: (p: { word: string }) => `e(${p.word}) static` }),
          Plot.dot(pts, { x: 'cx', y: 'cy', r: 4, fill: '#ea580c', title: (p: { word: string }) => `y(${p.word}) contextual` }),
          ...marks,
        ],
      });
      // Drawn once without labels for its scales, then with each label where it overlaps no other (label-layout.ts).
      const bare = options([]);
      const xs = bare.scale('x')!, ys = bare.scale('y')!;
      // A repeated word has one static vector: one label for it, with its count.
      const once = [...new Map(pts.map((p) => [p.word, { ...p, text: p.word }])).values()];
      for (const p of once) {
        const n = words.filter((w) => w === p.word).length;
        if (n > 1) p.text = `${p.word} ×${n}`;
      }
      const at = placeLabels(once.map((p) => ({ x: xs.apply(p.sx), y: ys.apply(p.sy) })), once.map((p) => textWidth(p.text)), LABEL_FONT + 3, width, Math.round(width * 0.62));
      const labels = once.map((p, i) => ({ text: p.text, lx: xs.invert!(at[i].x), ly: ys.invert!(at[i].y) }));
      return options([Plot.text(labels, { x: 'lx', y: 'ly', text: 'text', fill: '#1e3a8a', fontSize: LABEL_FONT, lineAnchor: 'middle', textAnchor: 'middle' })],
        { domain: xs.domain }, { domain: ys.domain });
    });
    panel.append(
      h('figure', { class: 'chart' }, chart,
        h('figcaption', {},
          h('span', { class: 'key static-key' }, '○ static e'), ' ', h('span', { class: 'key context-key' }, '● contextual y'),
          ` — PC1 + PC2 explain ${pct(d.explained[0] + d.explained[1])} of the variance of the ${2 * T} vectors.`),
        exportButtons(fileStem('contextual-pca', ctx.state.sentence), 'the PCA chart', {
          svg: () => plotSvg(chart),
          csv: () => tableCsv(['word', 'static PC1', 'static PC2', 'contextual PC1', 'contextual PC2'], pts.map((p) => [p.word, p.sx, p.sy, p.cx, p.cy])),
        })),
      h('div', { class: 'table-scroll' }, h('table', { class: 'data-table' },
        h('caption', {}, `Nearest words of each contextual vector (searched among the ${d.restrictVocab.toLocaleString('en')} most frequent words)`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'word'), h('th', { scope: 'col' }, 'cos(e, y)'), h('th', { scope: 'col' }, 'nearest words of y (cosine)'))),
        h('tbody', {}, words.map((w, i) => h('tr', {},
          h('th', { scope: 'row' }, w), h('td', {}, fmt(d.selfCosine[i], 3)),
          h('td', {}, d.neighbours[i].map((n, k) => [k ? ', ' : '', n.word, h('small', {}, ` ${fmt(n.cosine, 2)}`)]))))))),
    );
  },
};
