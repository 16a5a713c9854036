// The model view (as bertviz's): every layer × head of a trained model at once, one small heatmap each (rows =
// layers, columns = heads) of the first sequence's weights; a click, or Enter, on one shows it large below, with
// its neuron view. A head whose every weight is within ±50% of 1/T is marked "≈ uniform", the same test as the
// large view's note, so a reader sees at a glance which heads average the sentence instead of picking out words.
import { h } from '../dom';
import type { ColorScale } from '../color';
import type { ModelSequence } from '../protocol';
import type { ViewContext } from '../view-context';
import { distanceFromUniform, NEAR_UNIFORM, thumbnail } from './model-weights';

/** The L × H grid of heads for sequence `s`; the head shown large (`layer`, `head`) is pressed. */
export function modelGrid(ctx: ViewContext, s: ModelSequence, layer: number, head: number | null, scale: ColorScale, title: string): HTMLElement {
  const L = s.heads.length, H = s.heads[0].length, T = s.tokens.length;
  let uniform = 0;
  const cell = (l: number, k: number) => {
    const w = s.heads[l][k], d = distanceFromUniform(w, T), flat = T >= 2 && d < NEAR_UNIFORM;
    if (flat) uniform++;
    const pressed = l === layer && k === head;
    return h('button', {
      type: 'button', class: `grid-head${flat ? ' uniform' : ''}`, id: `grid-l${l + 1}-h${k + 1}`, 'aria-pressed': String(pressed),
      'aria-label': `layer ${l + 1}, head ${k + 1}${flat ? `: nearly uniform (within ±${Math.round(100 * d)}% of 1/${T})` : ''}`,
      'data-testid': 'grid-head', 'data-layer': l + 1, 'data-head': k + 1, 'data-near-uniform': String(flat), 'data-distance': d, 'data-weights': Array.from(w).join(' '),
      onclick: () => ctx.set({ layer: l, head: k }, { push: true }),
    }, thumbnail(w, T, scale, 72), flat ? h('span', { class: 'uniform-mark', 'aria-hidden': 'true' }, '≈ uniform') : null);
  };
  const rows = Array.from({ length: L }, (_, l) => [h('span', { class: 'grid-layer', style: { gridRow: l + 2 } }, `layer ${l + 1}`), Array.from({ length: H }, (_, k) => cell(l, k))]);
  return h('section', { class: 'model-grid', 'aria-labelledby': 'model-grid-title', 'data-testid': 'model-grid', 'data-layers': L, 'data-heads': H },
    h('p', { class: 'small-title', id: 'model-grid-title' }, `Every head at once: ${L} layer${L > 1 ? 's' : ''} × ${H} heads, weights on ${title} (click one to see it large, with its q·k products)`),
    h('div', { class: 'grid-heads', style: { gridTemplateColumns: `auto repeat(${H}, max-content)` } },
      h('span', {}), Array.from({ length: H }, (_, k) => h('span', { class: 'grid-col' }, `head ${k + 1}`)), rows),
    uniform ? h('p', { class: 'note', 'data-testid': 'grid-uniform' }, `${uniform} of ${L * H} heads are nearly uniform on this sentence (every weight within ±${100 * NEAR_UNIFORM}% of 1/${T}): they average the sentence rather than pick out words.`) : null);
}
