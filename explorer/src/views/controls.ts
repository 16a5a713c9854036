// The controls shared by the attention-based views: scaling by √C, positions, and the colour range.
import { h } from '../dom';
import type { ViewContext } from '../view-context';

export function attentionControls(ctx: ViewContext, opts: { positions?: boolean; stretch?: boolean } = {}): HTMLElement {
  const { state } = ctx;
  return h('div', { class: 'controls' },
    h('label', {}, h('input', { id: 'opt-scale', type: 'checkbox', checked: state.scale, onchange: (e: Event) => ctx.set({ scale: (e.target as HTMLInputElement).checked }) }),
      ' divide scores by √C'),
    opts.positions === false ? null : h('label', {}, 'positions ',
      h('select', { id: 'opt-positions', onchange: (e: Event) => ctx.set({ positions: (e.target as HTMLSelectElement).value as 'none' | 'sinusoidal' }) },
        h('option', { value: 'none', selected: state.positions === 'none' }, 'none (order-blind)'),
        h('option', { value: 'sinusoidal', selected: state.positions === 'sinusoidal' }, 'sinusoidal, added'))),
    opts.stretch ? h('label', {}, h('input', { id: 'opt-stretch', type: 'checkbox', checked: state.stretch, onchange: (e: Event) => ctx.set({ stretch: (e.target as HTMLInputElement).checked }) }),
      ' colours up to the largest weight') : null,
  );
}
