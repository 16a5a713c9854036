// Render a (rows × cols) weight matrix as a labelled terminal heatmap: rows = query words,
// columns = key words, each cell the weight to two decimals on a viridis background, plus a legend.
import { paintCell } from './colour-scale.js';

function pad(s: string, n: number, right = false): string {
  const cut = s.length > n ? s.slice(0, n - 1) + '…' : s;
  return right ? cut.padStart(n) : cut.padEnd(n);
}

export function renderHeatmap(rowLabels: string[], colLabels: string[], values: ArrayLike<number>, opts: { colour: boolean; digits?: number; title?: string }): string {
  const digits = opts.digits ?? 2;
  const cellW = Math.max(digits + 4, Math.min(13, Math.max(...colLabels.map((l) => l.length)) + 2));
  const labelW = Math.min(14, Math.max(...rowLabels.map((l) => l.length)) + 1);
  // Long sentences: the terminal cannot hold more columns than this; --json has everything.
  const lines: string[] = [];
  if (opts.title) lines.push(opts.title);
  lines.push(' '.repeat(labelW) + colLabels.map((c) => ' ' + pad(c, cellW - 1, true)).join(''));
  rowLabels.forEach((r, i) => {
    const cells = colLabels.map((_, j) => {
      const v = values[i * colLabels.length + j];
      return paintCell(pad(v.toFixed(digits), cellW, true), v, opts.colour);
    });
    lines.push(pad(r, labelW) + cells.join(''));
  });
  if (opts.colour) {
    const legend = [0, 0.25, 0.5, 0.75, 1].map((t) => paintCell(` ${t.toFixed(2)} `, t, true)).join('');
    lines.push(' '.repeat(labelW) + 'weight: ' + legend);
  }
  return lines.join('\n');
}

/** Beyond this many words a T×T heatmap no longer fits a terminal: show each row's largest weights instead. */
export const HEATMAP_MAX_WORDS = 40;

/**
 * Each query word's `k` largest weights, one line per row (for long sentences; --json has the whole matrix).
 * @example renderTopWeights(['a', 'b'], [0.9, 0.1, 0.3, 0.7], 1) // 'a  → itself 0.90\nb  → itself 0.70'
 */
export function renderTopWeights(labels: string[], values: ArrayLike<number>, k: number): string {
  const T = labels.length;
  // A word that occurs more than once is named with its position (bank#7), so that the rows can be told apart.
  const seen = new Map<string, number>();
  for (const l of labels) seen.set(l, (seen.get(l) ?? 0) + 1);
  const name = labels.map((l, j) => (seen.get(l)! > 1 ? `${l}#${j + 1}` : l));
  const labelW = Math.min(16, Math.max(...name.map((l) => l.length)) + 1);
  return name.map((q, i) => {
    const order = Array.from({ length: T }, (_, j) => j).sort((a, b) => values[i * T + b] - values[i * T + a]).slice(0, k);
    return `${pad(q, labelW)} → ${order.map((j) => `${j === i ? 'itself' : name[j]} ${values[i * T + j].toFixed(2)}`).join(', ')}`;
  }).join('\n');
}
