// webgpu kernels: strided copy (any strides on both sides: makes views contiguous and writes windows) and fill.
import { mapLaunch, grid, WG, type Operand } from './_map.js';
import { Params, type GpuBuffer, type Launch } from './runtime.js';

export function copy(x: Operand, out: Operand, shape: readonly number[]): Launch {
  return mapLaunch('copy', 'a', '', [x], out, shape);
}

/** out[offset + i] = value for i < n. */
export function fill(out: GpuBuffer, offset: number, n: number, value: number): Launch {
  const body = () => `
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) g: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  for (var i = g.x; i < pu(0u); i += nw.x * ${WG}u) { st_out(pu(1u) + i, pf(2u)); }
}`;
  return { key: 'fill', body, operands: { out }, params: new Params().u(n, offset).f(value), groups: grid(n) };
}
