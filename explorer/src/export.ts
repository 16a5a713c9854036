// Downloads of what a view draws: a heatmap's weights as CSV (words as header row and first column, every
// value at full precision) and as a standalone SVG, or an SVG already on the page; each SVG also as a PNG. Files are made in the page
// (a Blob and a download link); nothing is sent anywhere. File names come from the sentence, safe characters only.
import { h, fmt } from './dom';
import type { ColorScale } from './color';

/** "Money bank grows!" → "money-bank-grows": ASCII letters, digits and single hyphens, at most 60 characters. */
const slug = (s: string) => s.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');

/** A download's file name without its extension: attnlab-<what>-<sentence>, safe characters only. */
export function fileStem(what: string, sentence: string): string {
  return `attnlab-${slug(what) || 'figure'}-${slug(sentence) || 'sentence'}`;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
const field = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A table as CSV: a header row, then one line per row; numbers at full precision (String(x) reads back exactly). */
export function tableCsv(header: string[], rows: (string | number)[][]): string {
  return [header, ...rows].map((r) => r.map((x) => field(String(x))).join(',')).join('\r\n') + '\r\n';
}

/** (R, C) row-major values with column words as the header row and row words as the first column. */
export function matrixCsv(corner: string, rows: string[], cols: string[], values: ArrayLike<number>): string {
  return tableCsv([corner, ...cols], rows.map((w, i) => [w, ...cols.map((_, j) => values[i * cols.length + j])]));
}

// Characters XML 1.0 cannot hold (C0 controls, lone surrogates, U+FFFE/U+FFFF) are written as \uXXXX.
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const esc = (s: string) => s.replace(UNSAFE, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A heatmap as a standalone SVG document, in the page's colours, each cell's exact value in its <title>. */
export function heatmapSvg(title: string, rows: string[], cols: string[], values: ArrayLike<number>, scale: ColorScale): string {
  const cell = Math.max(rows.length, cols.length) <= 12 ? 40 : 16, charW = 7.2;
  const left = 12 + Math.max(0, ...rows.map((w) => w.length)) * charW + 8;
  const top = 30 + Math.max(0, ...cols.map((w) => w.length)) * charW * Math.SQRT1_2 + 10;
  const W = Math.max(24 + title.length * 7.6, left + cols.length * cell + Math.max(0, ...cols.map((w) => w.length)) * charW * Math.SQRT1_2 + 12);
  const H = top + rows.length * cell + 12;
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W.toFixed(0)}" height="${H.toFixed(0)}" font-family="sans-serif" font-size="12">`,
    `<title>${esc(title)}</title><rect width="100%" height="100%" fill="white"/><text x="12" y="18" font-weight="bold">${esc(title)}</text>`];
  cols.forEach((w, j) => {
    const x = left + j * cell + cell / 2, y = top - 6;
    out.push(`<text x="${x}" y="${y}" transform="rotate(-45 ${x} ${y})">${esc(w)}</text>`);
  });
  rows.forEach((w, i) => {
    out.push(`<text x="${left - 6}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end">${esc(w)}</text>`);
    cols.forEach((c, j) => {
      const v = values[i * cols.length + j], x = left + j * cell, y = top + i * cell;
      out.push(`<rect x="${x}" y="${y}" width="${cell - 2}" height="${cell - 2}" fill="${scale.color(v)}"><title>${esc(`${w} → ${c}: ${v}`)}</title></rect>`);
      if (cell === 40) out.push(`<text x="${x + 19}" y="${y + 23}" text-anchor="middle" fill="${scale.dark(v) ? 'white' : '#111827'}">${esc(fmt(v, 2))}</text>`);
    });
  });
  return out.join('\n') + '\n</svg>\n';
}

/** An SVG element of the page as a standalone document. */
export function svgDocument(el: SVGElement): string {
  const copy = el.cloneNode(true) as SVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('font-family', 'sans-serif');
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy) + '\n';
}

function save(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** An SVG document drawn on a canvas at twice its size: the PNG of a figure. */
async function svgToPng(text: string): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = h('canvas', { width: img.naturalWidth * 2, height: img.naturalHeight * 2 });
    const g = canvas.getContext('2d')!;
    g.fillStyle = 'white';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail(new Error('PNG export: the canvas gave no image'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** "Download SVG", "Download PNG" (the SVG drawn at 2×) and, with `csv`, "Download CSV"; `what` names the figure for screen readers. */
export function exportButtons(stem: string, what: string, files: { svg: () => string; csv?: () => string }): HTMLElement {
  const button = (kind: string, run: () => void | Promise<void>) => h('button', { type: 'button', 'aria-label': `Download ${what} as ${kind}`, onclick: run }, `Download ${kind}`);
  return h('div', { class: 'export', role: 'group', 'aria-label': `Download ${what}` },
    button('SVG', () => save(`${stem}.svg`, new Blob([files.svg()], { type: 'image/svg+xml' }))),
    button('PNG', async () => save(`${stem}.png`, await svgToPng(files.svg()))),
    files.csv ? button('CSV', () => save(`${stem}.csv`, new Blob([files.csv!()], { type: 'text/csv' }))) : null);
}

/** The chart of a plotted() box (the last <svg>: a legend, when there is one, comes first) as a document. */
export function plotSvg(box: Element): string {
  const all = box.querySelectorAll('svg');
  if (!all.length) throw new Error('export: the chart is not drawn yet');
  return svgDocument(all[all.length - 1]);
}

/** Both downloads of one heatmap: `what` names it for screen readers, `title` heads the SVG. */
export function heatmapDownloads(stem: string, what: string, m: { title: string; rows: string[]; cols: string[]; values: ArrayLike<number>; scale: ColorScale; corner?: string }): HTMLElement {
  return exportButtons(stem, what, {
    svg: () => heatmapSvg(m.title, m.rows, m.cols, m.values, m.scale),
    csv: () => matrixCsv(m.corner ?? 'query\\key', m.rows, m.cols, m.values),
  });
}
