// Private: the row-index check of gatherRows/scatterAddRows for backends whose kernels do not check bounds
// themselves (wasm would touch another tensor's memory, WebGPU would clamp to the wrong row, both silently).
import { AttnError } from '../errors.js';

export function checkRows(kernel: string, rows: Int32Array, n: number): void {
  for (let i = 0; i < rows.length; i++) {
    if (!(rows[i] >= 0 && rows[i] < n)) throw new AttnError('E_INPUT', `${kernel}: row ${rows[i]} out of range [0, ${n})`);
  }
}
