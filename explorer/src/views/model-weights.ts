// The trained-models view's weights: a head picker (average of heads, or one head, each with a thumbnail of
// its weights) and, for each sequence the model read, the learned heatmap beside the parameter-free one on the
// same tokens, with a shared detail box (learned weight, parameter-free weight, their difference, and for one head
// the neuron view of the pair: its q·k products).
import { h, fmt } from '../dom';
import { heatmap } from '../heatmap';
import { heatmapDownloads } from '../export';
import type { ColorScale } from '../color';
import type { ModelSequence } from '../protocol';
import type { ViewContext } from '../view-context';
import { neuronView } from './neuron-view';

/** The learned (T, T) weights shown for `layer` and `head` (null = the mean of the layer's heads). */
export function learnedWeights(s: ModelSequence, layer: number, head: number | null): Float32Array {
  return head === null ? s.average[layer] : s.heads[layer][head];
}

export const headName = (head: number | null, H: number) => (head === null ? `average of ${H} heads` : `head ${head + 1}`);

/** Layer select and head buttons; the thumbnails show `s` (the first sequence) at the chosen layer. */
export function layerHeadPicker(ctx: ViewContext, s: ModelSequence, layer: number, head: number | null, scale: ColorScale): HTMLElement {
  const L = s.heads.length, H = s.heads[0].length, T = s.tokens.length;
  const button = (k: number | null) => h('button', {
    type: 'button', class: 'head-button', id: k === null ? 'head-avg' : `head-${k + 1}`, 'aria-pressed': String(k === head),
    onclick: () => ctx.set({ head: k }, { push: true }),
  }, thumbnail(learnedWeights(s, layer, k), T, scale), h('span', {}, k === null ? 'average' : `head ${k + 1}`));
  return h('div', { class: 'controls head-controls' },
    h('label', {}, 'Layer ', h('select', { id: 'layer-pick', onchange: (e: Event) => ctx.set({ layer: Number((e.target as HTMLSelectElement).value) }, { push: true }) },
      Array.from({ length: L }, (_, l) => h('option', { value: l, selected: l === layer }, `layer ${l + 1} of ${L}`)))),
    h('div', { class: 'head-picker', role: 'group', 'aria-labelledby': 'head-picker-label' },
      h('span', { id: 'head-picker-label', class: 'picker-label' }, `Head of layer ${layer + 1}`),
      button(null), Array.from({ length: H }, (_, k) => button(k))),
  );
}

/** A (T, T) matrix as a small picture `px` wide: decoration inside a labelled button, so hidden from assistive tech. */
export function thumbnail(w: Float32Array, T: number, scale: ColorScale, px = 48): HTMLCanvasElement {
  const c = h('canvas', { width: px, height: px, 'aria-hidden': 'true' });
  const g = c.getContext('2d');
  if (!g) return c;
  const cell = px / T;
  for (let i = 0; i < T; i++) {
    for (let j = 0; j < T; j++) {
      g.fillStyle = scale.color(w[i * T + j]);
      g.fillRect(Math.floor(j * cell), Math.floor(i * cell), Math.ceil(cell), Math.ceil(cell));
    }
  }
  return c;
}

/** One sequence: the learned heatmap beside the parameter-free one; focus words (target, expression) marked. */
export function sequenceWeights(s: ModelSequence, opts: { layer: number; head: number | null; heads: number; dim: number; scale: ColorScale; title: string; stem: string }): HTMLElement {
  const { tokens: t, focus } = s, T = t.length;
  const learned = learnedWeights(s, opts.layer, opts.head), free = s.parameterFree;
  const which = `layer ${opts.layer + 1}, ${headName(opts.head, opts.heads)}`;
  const detail = h('div', { class: 'cell-detail', 'aria-live': 'polite' },
    h('p', { class: 'hint' }, `Hover or focus a cell to compare the learned weight with the parameter-free one${opts.head === null ? '' : ', and to see the query and key products that make its score'}.`));
  const numbers = opts.head === null ? null : s.queryKeys[opts.layer]?.[opts.head];
  const show = (i: number, j: number) => detail.replaceChildren(h('dl', { class: 'numbers' },
    h('dt', {}, 'query → key'), h('dd', {}, `${t[i]} → ${t[j]}`),
    h('dt', {}, `learned (${which})`), h('dd', {}, fmt(learned[i * T + j], 4)),
    h('dt', {}, 'parameter-free'), h('dd', {}, fmt(free[i * T + j], 4)),
    h('dt', {}, 'learned − parameter-free'), h('dd', {}, signed(learned[i * T + j] - free[i * T + j]))),
  numbers ? neuronView(numbers, t, i, j, learned[i * T + j], which)
    : h('p', { class: 'hint' }, 'The average of heads has no single query and key: pick a head to see the q·k products of this pair.'));
  const downloads = (values: Float32Array, kind: string) => heatmapDownloads(`${opts.stem}-${kind.toLowerCase()}`, `the ${kind.toLowerCase()} weights of ${opts.title}`,
    { title: `${kind} attention weights (${kind === 'Learned' ? which : 'parameter-free'}): ${t.join(' ')}`, rows: t, cols: t, values, scale: opts.scale });
  const grid = (values: Float32Array, kind: string) => marked(heatmap({
    rows: t, cols: t, values, scale: opts.scale, valueAttr: 'weight', rowHeader: 'query ↓ key →',
    label: `${kind} attention weights, ${opts.title}: rows are query words, columns key words`,
    cellLabel: (i, j, v) => `${kind}: ${t[i]} attends to ${t[j]}: weight ${fmt(v, 3)}`,
    onCell: show,
  }), focus);
  return h('section', { class: 'model-sequence', 'aria-label': opts.title, 'data-testid': 'model-sequence' },
    h('h3', {}, `${opts.title}: `, t.map((w, k) => [k ? ' ' : '', focus.includes(k) ? h('mark', {}, w) : w]),
      s.unknown.length ? h('small', {}, ` (read as <unk>: ${[...new Set(s.unknown)].join(', ')})`) : null),
    h('div', { class: 'weight-pair' },
      h('figure', { class: 'heatmap-box', 'data-testid': 'learned-heatmap', 'data-layer': opts.layer + 1, 'data-head': opts.head === null ? 'avg' : opts.head + 1 },
        h('figcaption', {}, h('strong', {}, 'Learned'), `: ${which}`), grid(learned, 'Learned'), downloads(learned, 'Learned')),
      h('figure', { class: 'heatmap-box', 'data-testid': 'free-heatmap' },
        h('figcaption', {}, h('strong', {}, 'Parameter-free'), `: softmax(x·xᵀ/√${opts.dim}) on the same vectors`), grid(free, 'Parameter-free'), downloads(free, 'Parameter-free'))),
    uniformNote(learned, T, which),
    detail,
  );
}

/** A head whose every weight is within this fraction of 1/T is called nearly uniform. */
export const NEAR_UNIFORM = 0.5;

/** The largest |w − 1/T| of a (T, T) weight matrix, as a fraction of 1/T (0 = exactly uniform). */
export function distanceFromUniform(w: ArrayLike<number>, T: number): number {
  let worst = 0;
  for (let k = 0; k < T * T; k++) worst = Math.max(worst, Math.abs(w[k] * T - 1));
  return worst;
}

/** Says so when the learned weights barely differ from 1/T: such a head averages the sentence, it picks no word. */
function uniformNote(w: Float32Array, T: number, which: string): HTMLElement | null {
  const d = distanceFromUniform(w, T);
  if (T < 2 || d >= NEAR_UNIFORM) return null;
  return h('p', { class: 'note', 'data-testid': 'near-uniform', 'data-distance': d },
    `Nearly uniform: every learned weight of ${which} is within ±${Math.round(100 * d)}% of 1/${T} = ${fmt(1 / T, 3)}, so this head averages the whole sentence rather than picking out words (common in a small model trained on little data, and for heads the task did not need).`);
}

/** Mark the focus rows and columns (the WiC target, the expression) in a heatmap. */
function marked(box: HTMLElement, focus: number[]): HTMLElement {
  const rows = box.querySelectorAll('.row-head');
  for (const k of focus) {
    rows[k]?.classList.add('focus');
    box.querySelector(`.col-head[data-col="${k}"]`)?.classList.add('focus');
  }
  return box;
}

const signed = (x: number) => (x > 0 ? '+' : '') + fmt(x, 4);
