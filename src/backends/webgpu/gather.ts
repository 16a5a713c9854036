// webgpu kernels: row gather (embedding lookup) and its adjoint, row scatter-add. The row indices come from the
// host with the launch. Scatter-add needs no atomics: the host groups the sources by target row, so one thread
// owns each (target row, column) and adds its sources in index order — the js oracle's order of additions.
import { grid, WG } from './_map.js';
import { Params, type GpuBuffer, type Launch } from './runtime.js';

export function gatherRows(table: GpuBuffer, tOff: number, rows: Int32Array, cols: number, out: GpuBuffer, oOff: number): Launch {
  const n = rows.length * cols;
  const body = () => `
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) g: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let n = pu(0u); let cols = pu(1u);
  for (var e = g.x; e < n; e += nw.x * ${WG}u) {
    let i = e / cols;
    st_out(pu(3u) + e, ld_table(pu(2u) + pu(4u + i) * cols + e % cols));
  }
}`;
  return { key: 'gatherRows', body, operands: { table, out }, params: new Params().u(n, cols, tOff, oOff).list(rows), groups: grid(n) };
}

export function scatterAddRows(src: GpuBuffer, sOff: number, rows: Int32Array, cols: number, out: GpuBuffer, oOff: number): Launch {
  // CSR by target row: targets[u], and the sources of target u at srcs[starts[u] .. starts[u + 1]).
  const byRow = new Map<number, number[]>();
  rows.forEach((r, i) => (byRow.get(r) ?? byRow.set(r, []).get(r)!).push(i));
  const targets = [...byRow.keys()], starts = [0], srcs: number[] = [];
  for (const t of targets) {
    for (const i of byRow.get(t)!) srcs.push(i);
    starts.push(srcs.length);
  }
  const U = targets.length;
  const body = () => `
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) g: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let U = pu(0u); let cols = pu(1u);
  for (var e = g.x; e < U * cols; e += nw.x * ${WG}u) {
    let u = e / cols; let j = e % cols;
    let at = pu(3u) + pu(4u + u) * cols + j;
    var acc = ld_out(at);
    for (var q = pu(4u + U + u); q < pu(5u + U + u); q++) { acc += ld_src(pu(2u) + pu(5u + 2u * U + q) * cols + j); }
    st_out(at, acc);
  }
}`;
  const params = new Params().u(U, cols, sOff, oOff).list(targets).list(starts).list(srcs);
  return { key: 'scatterAddRows', body, operands: { src, out }, params, groups: grid(U * cols) };
}
