// webgpu kernel: sum or max over one axis of a contiguous x, seen as (outer, len, inner); one thread per output
// element walks the axis in order, so sums add in the js oracle's order (src/backends/js/reduce.ts).
import type { ReduceOp } from '../../primitives.js';
import { FLOAT_BITS, grid, WG } from './_map.js';
import { Params, type GpuBuffer, type Launch } from './runtime.js';

export function reduce(op: ReduceOp, x: GpuBuffer, xOff: number, shape: readonly number[], axis: number, out: GpuBuffer, outOff: number): Launch {
  let outer = 1, inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  const len = shape[axis];
  // max: -Infinity over an empty axis; a NaN anywhere on the axis wins.
  const step = op === 'sum'
    ? 'var r = 0.0; for (var k = 0u; k < len; k++) { r += ld_x(base + k * inner); }'
    : `var r = -inf_(); for (var k = 0u; k < len; k++) { let v = ld_x(base + k * inner); if (v > r || isnan_(v)) { r = v; } }`;
  const body = () => `${FLOAT_BITS}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) g: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let outer = pu(0u); let len = pu(1u); let inner = pu(2u);
  for (var o = g.x; o < outer * inner; o += nw.x * ${WG}u) {
    let base = pu(3u) + (o / inner) * len * inner + o % inner;
    ${step}
    st_out(pu(4u) + o, r);
  }
}`;
  return { key: `reduce:${op}`, body, operands: { x, out }, params: new Params().u(outer, len, inner, xOff, outOff), groups: grid(outer * inner) };
}
