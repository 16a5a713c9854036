// An accessible heatmap that stays quick at 300 words (90,000 cells): the word headers are elements that stay
// in view while the cells scroll (position: sticky); the cells are painted on one canvas the size of the visible
// part, repainted on scroll, so the page holds O(R + C) elements, not R·C. An ARIA grid with one focusable cell
// that moves (arrow keys / Home / End; Enter or Space, or a click, picks the row) and names its row word, column
// word and value; a grid drawn again under the same label starts at the cell focused last (so a re-render keeps
// the reader's place); hover and clicks are found by position. Each row carries its values at full precision (data-<valueAttr>s, space-separated) and the
// focused cell its own (data-row, data-col, data-<valueAttr>), so tests and scripts read the exact numbers.
// Not a chart library: colours come from color.ts, details are drawn by the caller on focus/hover.
import { h, fmt } from './dom';
import type { ColorScale } from './color';

export interface HeatmapOptions {
  rows: string[];
  cols: string[];
  /** (R, C) row-major. */
  values: ArrayLike<number>;
  scale: ColorScale;
  /** Accessible name of the grid. */
  label: string;
  /** The data attribute holding each value, e.g. 'weight' → data-weight (a cell), data-weights (a row). */
  valueAttr: string;
  cellLabel(i: number, j: number, v: number): string;
  rowHeader?: string;
  selectedRow?: number | null;
  onCell?(i: number, j: number): void;
  onRow?(i: number): void;
}

/** White space around each cell inside its grid track, in CSS pixels (two cells are 2·PAD apart). */
const PAD = 1;
const SELECTED = '#f59e0b';
/** The cell each grid (by its label) had focused last, for the grid that replaces it on a re-render. */
const lastFocused = new Map<string, [number, number]>();

export function heatmap(o: HeatmapOptions): HTMLElement {
  const R = o.rows.length, C = o.cols.length;
  const numbers = C <= 12; // numbers in cells only while they fit
  let selected = o.selectedRow ?? null;
  const last = lastFocused.get(o.label);
  let active: [number, number] = last ? [Math.min(last[0], R - 1), Math.min(last[1], C - 1)] : [selected !== null && selected < R ? selected : 0, 0];

  const canvas = h('canvas', { width: 0, height: 0, 'aria-hidden': 'true' });
  const cells = h('div', { class: 'cells', style: { gridArea: `2 / 2 / ${R + 2} / ${C + 2}` } }, canvas);
  const hover = h('div', { class: 'hover', hidden: true });
  const cursor = h('div', { role: 'gridcell', tabindex: 0, class: 'cursor' });
  const rowHeads = o.rows.map((w, i) => h('div', { role: 'rowheader', 'aria-colindex': 1, class: 'row-head', style: { gridArea: `${i + 2} / 1` } }, o.onRow
    ? h('button', { type: 'button', class: 'row-button', 'aria-pressed': 'false', onclick: () => pick(i) }, w)
    : w));
  const rowEls = rowHeads.map((th, i) => h('div', { role: 'row', 'aria-rowindex': i + 2, 'data-row': i, [`data-${o.valueAttr}s`]: rowValues(o.values, i, C) }, th));
  const colHeads = o.cols.map((w, j) => h('div', { role: 'columnheader', 'aria-colindex': j + 2, class: 'col-head', 'data-col': j, style: { gridArea: `1 / ${j + 2}` } }, h('span', {}, w)));
  const grid = h('div', {
    class: `heatmap${numbers ? '' : ' compact'}`, role: 'grid', 'aria-label': o.label, 'aria-rowcount': R + 1, 'aria-colcount': C + 1,
    // A column is as wide as its word where that is wider than a cell (as in a table); the canvas reads the tracks.
    style: { gridTemplateColumns: `max-content repeat(${C}, minmax(var(--cell-w), max-content))`, gridTemplateRows: `auto repeat(${R}, minmax(var(--cell-h), max-content))` },
  },
  h('div', { role: 'row', 'aria-rowindex': 1 }, h('div', { role: 'columnheader', 'aria-colindex': 1, class: 'corner' }, o.rowHeader ?? ''), colHeads),
  rowEls, cells, hover);
  const box = h('div', { class: 'heatmap-scroll' }, grid);

  // Where each column and row starts in the cell area (CSS px; the last entry is where the last one ends), read
  // from the headers, which fill their tracks: a column header's left is exact while it sticks to the top, a row
  // header's top while it sticks to the left.
  let xs: number[] = [], ys: number[] = [];

  /** Paint the cells that the scroll box shows (the canvas sticks to its top left corner, under the headers). */
  const g = canvas.getContext('2d');
  function draw(): void {
    const area = cells.getBoundingClientRect(); // every cell, CSS px
    if (!g || !area.width || !area.height) return; // not on the page (yet)
    xs = edges(colHeads, (r) => [r.left - area.left, r.right - area.left]);
    ys = edges(rowHeads, (r) => [r.top - area.top, r.bottom - area.top]);
    const dpr = devicePixelRatio || 1;
    const w = Math.min(area.width, box.clientWidth), ht = Math.min(area.height, box.clientHeight);
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(ht * dpr)) {
      Object.assign(canvas.style, { width: `${w}px`, height: `${ht}px` });
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(ht * dpr);
    }
    const at = canvas.getBoundingClientRect(), whole = grid.getBoundingClientRect();
    // Focusing a cell scrolls it into view below and beside the headers, not under them.
    const padding = `${area.top - whole.top}px 0 0 ${area.left - whole.left}px`;
    if (box.style.scrollPadding !== padding) box.style.scrollPadding = padding;
    const ox = at.left - area.left, oy = at.top - area.top; // where the canvas is in the cell area
    const i0 = Math.max(0, track(ys, oy)), i1 = track(ys, oy + ht - 1e-6) + 1 || R;
    const j0 = Math.max(0, track(xs, ox)), j1 = track(xs, ox + w - 1e-6) + 1 || C;
    const X = (x: number) => Math.round((x - ox) * dpr), Y = (y: number) => Math.round((y - oy) * dpr); // → device pixels
    g.clearRect(0, 0, canvas.width, canvas.height);
    if (numbers) {
      const css = getComputedStyle(grid);
      g.font = `${parseFloat(css.fontSize) * dpr}px ${css.fontFamily}`;
      g.textAlign = 'center';
      g.textBaseline = 'middle';
    }
    for (let i = i0; i < i1; i++) {
      const y0 = Y(ys[i] + PAD), y1 = Y(ys[i + 1] - PAD);
      for (let j = j0; j < j1; j++) {
        const v = o.values[i * C + j], x0 = X(xs[j] + PAD), x1 = X(xs[j + 1] - PAD);
        g.fillStyle = o.scale.color(v);
        g.beginPath();
        g.roundRect(x0, y0, x1 - x0, y1 - y0, 3 * dpr);
        g.fill();
        if (i === selected) { // the picked row: a 2 px ring inside each cell
          g.strokeStyle = SELECTED;
          g.lineWidth = 2 * dpr;
          g.beginPath();
          g.roundRect(x0 + dpr, y0 + dpr, x1 - x0 - 2 * dpr, y1 - y0 - 2 * dpr, 2 * dpr);
          g.stroke();
        }
        if (numbers) {
          g.fillStyle = o.scale.dark(v) ? '#fff' : '#111827';
          g.fillText(fmt(v, 2), (x0 + x1) / 2, (y0 + y1) / 2);
        }
      }
    }
    canvas.dataset.drawn = `${i0}-${i1} ${j0}-${j1}`; // the rows and columns painted, half-open
  }
  let queued = false;
  box.addEventListener('scroll', () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; draw(); });
  }, { passive: true });
  // First paint once laid out (before the frame shows), then on resize; a box taken off the page lets go.
  const sizes = new ResizeObserver(() => (box.isConnected ? draw() : sizes.disconnect()));
  sizes.observe(box);

  /** The cell under the pointer, or null (tracks as last painted). */
  const cellAt = (e: MouseEvent): [number, number] | null => {
    const r = cells.getBoundingClientRect();
    const i = track(ys, e.clientY - r.top), j = track(xs, e.clientX - r.left);
    return i >= 0 && j >= 0 ? [i, j] : null;
  };
  const area = (i: number, j: number) => `${i + 2} / ${j + 2}`; // a cell's place in the CSS grid
  /** Move the focusable cell to (i, j); with `focus`, focus it (or tell onCell, when it has the focus already). */
  function moveCursor(i: number, j: number, focus: boolean): void {
    active = [i, j];
    const v = o.values[i * C + j];
    Object.assign(cursor.dataset, { row: String(i), col: String(j), [o.valueAttr]: String(v) });
    cursor.setAttribute('aria-colindex', String(j + 2));
    cursor.setAttribute('aria-label', o.cellLabel(i, j, v));
    cursor.style.gridArea = area(i, j);
    if (cursor.parentElement !== rowEls[i]) rowEls[i].append(cursor); // a gridcell lives in its row (moving it drops the focus)
    if (!focus) return;
    if (document.activeElement !== cursor) return cursor.focus(); // scrolls it into view; the focus listener calls onCell
    lastFocused.set(o.label, active);
    cursor.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    o.onCell?.(i, j);
  }
  function markSelected(): void {
    rowEls.forEach((r, k) => {
      r.classList.toggle('selected', k === selected);
      if (k === selected) r.setAttribute('aria-selected', 'true');
      else r.removeAttribute('aria-selected');
      r.querySelector('.row-button')?.setAttribute('aria-pressed', String(k === selected));
    });
  }
  function pick(i: number): void {
    if (!o.onRow) return;
    selected = i;
    markSelected();
    draw();
    o.onRow(i);
  }

  let hovered = '';
  cells.addEventListener('mousemove', (e) => {
    const c = cellAt(e);
    hover.hidden = !c;
    if (!c || hovered === area(...c)) return;
    hover.style.gridArea = hovered = area(...c);
    o.onCell?.(...c);
  });
  cells.addEventListener('mouseleave', () => {
    hover.hidden = true;
    hovered = '';
  });
  cells.addEventListener('click', (e) => {
    const c = cellAt(e);
    if (!c) return;
    moveCursor(...c, true);
    pick(c[0]);
  });
  cursor.addEventListener('focus', () => {
    lastFocused.set(o.label, active);
    o.onCell?.(...active);
  });
  cursor.addEventListener('keydown', (e) => {
    const [i, j] = active;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [Math.max(0, i - 1), j], ArrowDown: [Math.min(R - 1, i + 1), j],
      ArrowLeft: [i, Math.max(0, j - 1)], ArrowRight: [i, Math.min(C - 1, j + 1)],
      Home: [i, 0], End: [i, C - 1],
    };
    if (moves[e.key]) {
      e.preventDefault();
      moveCursor(...moves[e.key], true);
    } else if ((e.key === 'Enter' || e.key === ' ') && o.onRow) {
      e.preventDefault();
      pick(i);
    }
  });

  moveCursor(...active, false);
  if (selected !== null) markSelected();
  return box;
}

/** Track starts of elements in a line, plus the end of the last one, from their boxes. */
function edges(els: HTMLElement[], span: (r: DOMRect) => [number, number]): number[] {
  const e = new Array<number>(els.length + 1);
  els.forEach((el, k) => ([e[k], e[k + 1]] = span(el.getBoundingClientRect())));
  return e;
}

/** k with starts[k] ≤ x < starts[k + 1], or −1 outside every track (binary search). */
function track(starts: number[], x: number): number {
  const n = starts.length - 1;
  if (!(x >= starts[0] && x < starts[n])) return -1;
  let lo = 0, hi = n; // starts[lo] ≤ x < starts[hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= x) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Row i of (R, C) `values`, space-separated, each at full precision (String(x) reads back exactly). */
function rowValues(values: ArrayLike<number>, i: number, C: number): string {
  let s = '';
  for (let j = 0; j < C; j++) s += (j ? ' ' : '') + String(values[i * C + j]);
  return s;
}
