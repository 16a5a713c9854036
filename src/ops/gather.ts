// Row gather (embedding lookup) and its adjoint, row scatter-add. Indices are an Int32Array carried as an
// attribute, so they are constants by construction (no gradient, no float round-trip).
import { Tensor, randn, zeros } from '../tensor.js';
import { shapeStr, sizeOf, type Shape } from '../shape.js';
import { AttnError } from '../errors.js';
import { defineOp, apply, kernels } from './define.js';
import { outputLike, zerosLike } from './_util.js';
import { reshape } from './shape-ops.js';

type RowsAttrs = { rows: Int32Array };

export const gatherRowsOp = defineOp<RowsAttrs>({
  name: 'gatherRows',
  forward([table], { rows }) {
    const C = table.shape[1];
    const out = outputLike(table, [rows.length, C]);
    kernels().gatherRows(table, rows, out);
    return { out };
  },
  // d table = Σ over lookups of g, scattered back to the rows that were read
  backward: ({ inputs: [table], attrs: { rows } }, g) => [scatterAddRows(g, rows, table.shape[0])],
  sample: (rng) => ({ inputs: [randn([5, 3], rng, { dtype: 'float64' })], attrs: { rows: Int32Array.from([4, 0, 4, 2]) } }),
});

export const scatterAddRowsOp = defineOp<RowsAttrs & { numRows: number }>({
  name: 'scatterAddRows',
  forward([src], { rows, numRows }) {
    const out = zerosLike(src, [numRows, src.shape[1]]); // scatter-add accumulates into zeros
    kernels().scatterAddRows(src, rows, out);
    return { out };
  },
  // d src = g gathered at the rows written
  backward: ({ attrs: { rows } }, g) => [gatherRows(g, rows)],
  sample: (rng) => ({ inputs: [randn([4, 3], rng, { dtype: 'float64' })], attrs: { rows: Int32Array.from([1, 0, 1, 3]), numRows: 5 } }),
});

function checkRows(op: string, rows: Int32Array, numRows: number): void {
  for (let i = 0; i < rows.length; i++) {
    if (!(rows[i] >= 0 && rows[i] < numRows)) {
      throw new AttnError('E_INPUT', `${op}: index ${rows[i]} at position ${i} is out of range for ${numRows} rows (0..${numRows - 1})`);
    }
  }
}

/**
 * Rows of a (V, C) table picked by integer indices (an embedding lookup); the result has shape (...shape, C).
 * @example const x = gatherRows(table, Int32Array.from([3, 1, 3]), [1, 3]); // (1, 3, C)
 */
export function gatherRows(table: Tensor, rows: Int32Array, shape: Shape = [rows.length]): Tensor {
  if (table.rank !== 2) throw new AttnError('E_SHAPE', `gatherRows: the table must be (V, C), got ${shapeStr(table.shape)}`);
  if (sizeOf(shape) !== rows.length) throw new AttnError('E_SHAPE', `gatherRows: ${rows.length} indices do not fill shape ${shapeStr(shape)}`);
  checkRows('gatherRows', rows, table.shape[0]);
  const flat = apply(gatherRowsOp, [table], { rows });
  return reshape(flat, [...shape, table.shape[1]]);
}

/**
 * out[rows[i], :] += src[i, :] into a fresh (numRows, C) tensor of zeros: the adjoint of gatherRows.
 * @example scatterAddRows(grads, Int32Array.from([0, 2, 0]), 4) // (3, C) -> (4, C), row 0 gets two sums
 */
export function scatterAddRows(src: Tensor, rows: Int32Array, numRows: number): Tensor {
  if (src.rank !== 2 || src.shape[0] !== rows.length) {
    throw new AttnError('E_SHAPE', `scatterAddRows: src must be (${rows.length}, C) for ${rows.length} indices, got ${shapeStr(src.shape)}`);
  }
  checkRows('scatterAddRows', rows, numRows);
  return apply(scatterAddRowsOp, [src], { rows, numRows });
}
