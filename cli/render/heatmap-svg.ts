// A (rows × cols) weight matrix as a standalone SVG document: key words along the top, query words down the
// left, each cell coloured on the viridis scale of the terminal heatmap (0 → 1) with its exact value in a <title>
// tooltip, and a colour bar. Words are user text: every one is XML-escaped, and characters XML cannot hold shown
// as \uXXXX. Not a chart library: one layout, sized from the labels, no fonts embedded.
import { viridis } from './colour-scale.js';

/** Beyond this many words a T×T SVG grows past a few megabytes: --json has every weight. */
export const SVG_MAX_WORDS = 300;

// Characters XML 1.0 cannot hold (most C0 controls, lone surrogates, U+FFFE/U+FFFF), and the C1 controls and line
// separators that would only confuse a viewer: shown as \uXXXX, the way terminalSafe shows them.
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text safe inside an XML element or a double- or single-quoted attribute. @example xmlText('a<b & "c"') */
export function xmlText(s: string): string {
  return s
    .replace(UNSAFE, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const LABEL_CHARS = 24; // a longer word is cut with … on the axis; its <title> has all of it
const cut = (w: string) => ([...w].length > LABEL_CHARS ? [...w].slice(0, LABEL_CHARS - 1).join('') + '…' : w);
const rgb = (t: number) => `rgb(${viridis(t).join(',')})`;
const n = (x: number) => Number(x.toFixed(2)); // coordinates to 2 decimals

/** The title cut to `room` px (bold 12 px: about 8 px a character, wider than the labels), whole in the <title>. */
function fitTitle(title: string, room: number): string {
  const chars = [...title], fits = Math.max(8, Math.floor(room / 8));
  return chars.length <= fits ? title : chars.slice(0, fits - 1).join('') + '…';
}

/**
 * The SVG text of a heatmap: `values[i * cols.length + j]` is row i's weight on column j.
 * @example heatmapSvg(['a', 'b'], ['a', 'b'], [0.9, 0.1, 0.3, 0.7], { title: 'weights' })
 */
export function heatmapSvg(rows: string[], cols: string[], values: ArrayLike<number>, opts: { title?: string; rowAxis?: string; colAxis?: string } = {}): string {
  const big = Math.max(rows.length, cols.length) <= 20;
  const cell = big ? 40 : 14;
  const font = 12, charW = 7.2; // a 12 px sans-serif averages about 7 px a character
  const width = (ws: string[]) => Math.max(0, ...ws.map((w) => [...cut(w)].length)) * charW;
  const left = 16 + width(rows) + 8;
  const top = 28 + (width(cols) + 8) * Math.SQRT1_2 + 8; // column labels at −45°
  const gridW = cols.length * cell, gridH = rows.length * cell;
  const barX = left + gridW + 24, barH = Math.max(gridH, 120);
  // the last column's label leans right past the grid
  const W = Math.max(barX + 16 + 48, left + gridW + width(cols) * Math.SQRT1_2 + 16), H = top + Math.max(gridH, barH) + 40;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(W)}" height="${n(H)}" viewBox="0 0 ${n(W)} ${n(H)}" font-family="sans-serif" font-size="${font}">`,
    `<title>${xmlText(opts.title ?? 'attention weights')}</title>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="16" y="18" font-weight="bold">${xmlText(fitTitle(opts.title ?? 'attention weights', W - 32))}</text>`,
  ];
  // Column words (keys), rotated, ending just above their column.
  cols.forEach((w, j) => {
    const x = left + j * cell + cell / 2, y = top - 6;
    out.push(`<text x="${n(x)}" y="${n(y)}" transform="rotate(-45 ${n(x)} ${n(y)})"><title>${xmlText(w)}</title>${xmlText(cut(w))}</text>`);
  });
  rows.forEach((w, i) => {
    out.push(`<text x="${n(left - 8)}" y="${n(top + i * cell + cell / 2 + font / 3)}" text-anchor="end"><title>${xmlText(w)}</title>${xmlText(cut(w))}</text>`);
  });
  out.push(`<g stroke="white" stroke-width="${big ? 1 : 0.5}">`);
  rows.forEach((r, i) => cols.forEach((c, j) => {
    const v = values[i * cols.length + j];
    out.push(`<rect x="${n(left + j * cell)}" y="${n(top + i * cell)}" width="${cell}" height="${cell}" fill="${rgb(v)}"><title>${xmlText(`${r} → ${c}: ${v.toFixed(6)}`)}</title></rect>`);
  }));
  out.push('</g>');
  if (big) {
    // The value in each cell, dark on light colours and light on dark ones.
    out.push('<g text-anchor="middle" pointer-events="none">');
    rows.forEach((_, i) => cols.forEach((_, j) => {
      const v = values[i * cols.length + j];
      const [r, g, b] = viridis(v);
      const fill = 0.299 * r + 0.587 * g + 0.114 * b > 140 ? 'black' : 'white';
      out.push(`<text x="${n(left + j * cell + cell / 2)}" y="${n(top + i * cell + cell / 2 + font / 3)}" fill="${fill}">${v.toFixed(2)}</text>`);
    }));
    out.push('</g>');
  }
  // The colour bar: 1 at the top, 0 at the bottom.
  out.push('<defs><linearGradient id="scale" x1="0" y1="1" x2="0" y2="0">');
  for (let k = 0; k <= 4; k++) out.push(`<stop offset="${k / 4}" stop-color="${rgb(k / 4)}"/>`);
  out.push('</linearGradient></defs>');
  out.push(`<rect x="${n(barX)}" y="${n(top)}" width="16" height="${n(barH)}" fill="url(#scale)"/>`);
  for (const t of [0, 0.5, 1]) out.push(`<text x="${n(barX + 22)}" y="${n(top + (1 - t) * barH + font / 3)}">${t.toFixed(1)}</text>`);
  const axes = `${opts.rowAxis ?? 'rows'} (left) × ${opts.colAxis ?? 'columns'} (top)`;
  out.push(`<text x="16" y="${n(top + Math.max(gridH, barH) + 24)}" fill="#555">${xmlText(axes)}</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
