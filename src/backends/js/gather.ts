// js reference kernels: row gather (embedding lookup) and its adjoint, row scatter-add.
import type { Data } from '../../primitives.js';

export function gatherRows(table: Data, rows: Int32Array, cols: number, out: Data): void {
  for (let i = 0; i < rows.length; i++) out.set(table.subarray(rows[i] * cols, (rows[i] + 1) * cols), i * cols);
}

export function scatterAddRows(src: Data, rows: Int32Array, cols: number, out: Data): void {
  for (let i = 0; i < rows.length; i++) {
    const o = rows[i] * cols, s = i * cols;
    for (let j = 0; j < cols; j++) out[o + j] += src[s + j];
  }
}
