// An accessible heatmap: a table with role=grid, one focusable cell at a time (roving tabindex), arrow
// keys / Home / End to move, Enter or Space (or a click) to pick the row. Cells carry data-row and
// data-col plus a data-* value attribute, so tests and scripts can read the exact numbers.
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
  /** The data attribute holding each value, e.g. 'weight' → data-weight. */
  valueAttr: string;
  cellLabel(i: number, j: number, v: number): string;
  rowHeader?: string;
  selectedRow?: number | null;
  onCell?(i: number, j: number): void;
  onRow?(i: number): void;
}

export function heatmap(o: HeatmapOptions): HTMLElement {
  const R = o.rows.length, C = o.cols.length;
  const numbers = C <= 12; // numbers in cells only while they fit
  const table = h('table', { class: `heatmap${numbers ? '' : ' compact'}`, role: 'grid', 'aria-label': o.label });
  table.append(h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'corner' }, o.rowHeader ?? ''),
    o.cols.map((w, j) => h('th', { scope: 'col', 'data-col': j }, h('span', {}, w))))));
  const body = h('tbody');
  const focusCell = (i: number, j: number) => {
    const next = body.querySelector<HTMLElement>(`td[data-row="${i}"][data-col="${j}"]`);
    if (!next) return;
    body.querySelectorAll('td[tabindex="0"]').forEach((c) => c.setAttribute('tabindex', '-1'));
    next.setAttribute('tabindex', '0');
    next.focus();
  };
  for (let i = 0; i < R; i++) {
    const tr = h('tr', { class: o.selectedRow === i ? 'selected' : undefined, 'aria-selected': o.selectedRow === i ? 'true' : undefined });
    tr.append(h('th', { scope: 'row' }, o.onRow
      ? h('button', { type: 'button', class: 'row-button', 'aria-pressed': String(o.selectedRow === i), onclick: () => o.onRow!(i) }, o.rows[i])
      : o.rows[i]));
    for (let j = 0; j < C; j++) {
      const v = o.values[i * C + j];
      const first = (o.selectedRow ?? 0) === i && j === 0;
      const td = h('td', {
        role: 'gridcell', tabindex: first ? 0 : -1, 'data-row': i, 'data-col': j, [`data-${o.valueAttr}`]: String(v),
        'aria-label': o.cellLabel(i, j, v), class: o.scale.dark(v) ? 'dark' : undefined,
        style: { background: o.scale.color(v) },
      }, numbers ? fmt(v, 2) : '');
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  body.addEventListener('focusin', (e) => {
    const td = (e.target as HTMLElement).closest('td');
    if (td) o.onCell?.(Number(td.dataset.row), Number(td.dataset.col));
  });
  body.addEventListener('mouseover', (e) => {
    const td = (e.target as HTMLElement).closest('td');
    if (td) o.onCell?.(Number(td.dataset.row), Number(td.dataset.col));
  });
  body.addEventListener('click', (e) => {
    const td = (e.target as HTMLElement).closest('td');
    if (td && o.onRow) o.onRow(Number(td.dataset.row));
  });
  body.addEventListener('keydown', (e) => {
    const td = (e.target as HTMLElement).closest('td');
    if (!td) return;
    const i = Number(td.dataset.row), j = Number(td.dataset.col);
    const moves: Record<string, [number, number]> = {
      ArrowUp: [Math.max(0, i - 1), j], ArrowDown: [Math.min(R - 1, i + 1), j],
      ArrowLeft: [i, Math.max(0, j - 1)], ArrowRight: [i, Math.min(C - 1, j + 1)],
      Home: [i, 0], End: [i, C - 1],
    };
    if (moves[e.key]) {
      e.preventDefault();
      focusCell(...moves[e.key]);
    } else if ((e.key === 'Enter' || e.key === ' ') && o.onRow) {
      e.preventDefault();
      o.onRow(i);
    }
  });
  return h('div', { class: 'heatmap-scroll' }, table);
}
