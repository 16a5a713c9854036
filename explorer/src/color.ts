// The explorer's two colour scales and their legends: attention weights (sequential, 0 → 1, YlGnBu)
// and cosines (diverging, −1 → 1, RdBu). Cells and legend use the same d3 interpolator, so a colour
// always means the same number; text on a cell switches to white where the background is dark.
import { interpolateYlGnBu, interpolateRdBu } from 'd3-scale-chromatic';
import { plotted } from './plot';

export interface ColorScale {
  color(v: number): string;
  /** Whether text on this colour should be light. */
  dark(v: number): boolean;
  legend(label: string): Element;
}

/** Weights from 0 to `top` (1 by default; the largest weight to stretch a long sentence's small weights). */
export function weightScaleTo(top = 1): ColorScale {
  const t = top > 0 ? top : 1;
  return {
    color: (v) => interpolateYlGnBu(clamp(v / t, 0, 1)),
    dark: (v) => v / t > 0.5,
    legend: (label) => plotted((Plot) => Plot.legend({ color: { type: 'linear', domain: [0, t], scheme: 'YlGnBu', label }, width: 260, tickFormat: t < 0.1 ? '.3f' : '.2f', ticks: 5 })),
  };
}

export const weightScale = weightScaleTo(1);

export const cosineScale: ColorScale = {
  color: (v) => interpolateRdBu((clamp(v, -1, 1) + 1) / 2),
  dark: (v) => Math.abs(v) > 0.6,
  legend: (label) => plotted((Plot) => Plot.legend({ color: { type: 'diverging', domain: [-1, 1], scheme: 'RdBu', label }, width: 260, ticks: 5 })),
};

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
