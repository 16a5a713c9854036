// Observable Plot, loaded on demand: the first paint (the attention heatmap) does not wait for its
// ~250 kB (with d3) to be parsed; views that draw charts wait for it (View.plots), legends fill in.
import { h } from './dom';

export type PlotModule = typeof import('@observablehq/plot');
let mod: PlotModule | undefined;
let loading: Promise<PlotModule> | undefined;

export function loadPlot(): Promise<PlotModule> {
  return (loading ??= import('@observablehq/plot').then((m) => (mod = m)));
}

/** A box holding draw(Plot): drawn now if Plot is loaded, otherwise as soon as it is. */
export function plotted(draw: (Plot: PlotModule) => Element, className = 'plot-box'): HTMLElement {
  const box = h('div', { class: className });
  if (mod) box.append(draw(mod));
  else void loadPlot().then((m) => box.append(draw(m)));
  return box;
}
