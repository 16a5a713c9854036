// A WordVectors' matrix copied once into a backend's memory, with one row of zeros after the last word: the
// neighbour search reads its first V rows (the dotRows kernel, _backend-search.ts) and a task batch gathers
// its rows (row V for padding and for words the vectors lack, src/tasks/batch.ts). One copy per WordVectors,
// on the backend that asked last. Not a general tensor cache.
import { getBackend, type Backend } from '../backend.js';
import { Tensor, empty } from '../tensor.js';
import type { WordVectors } from './word-vectors.js';

const copies = new WeakMap<WordVectors, Tensor>();

/**
 * (V + 1, C) float32 on backend `b`: wv's vectors, then a row of zeros (index `wv.size`). Lives as long as wv;
 * freed when another backend asks for it.
 * @example gatherRows(vectorsOn(wv), Int32Array.of(wv.index.get('bank')!, wv.size)) // bank's vector, zeros
 */
export function vectorsOn(wv: WordVectors, b: Backend = getBackend()): Tensor {
  const have = copies.get(wv);
  if (have && !have.disposed && have.backend === b) return have;
  have?.dispose();
  const matrix = empty([wv.size + 1, wv.dim], { backend: b }); // zero-filled: the last row stays zeros
  b.write(matrix.buf, matrix.offset, wv.vectors);
  matrix.kept = true;
  copies.set(wv, matrix);
  return matrix;
}
