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
