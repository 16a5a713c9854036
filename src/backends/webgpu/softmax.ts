// webgpu fused kernel: row softmax over the last axis, one workgroup per row: the threads stride along the row,
// then reduce max and sum in workgroup memory. A fully masked row (all -Infinity) gives zeros and a row holding
// NaN gives NaN, as the js oracle does (src/backends/js/softmax.ts).
import { FLOAT_BITS, WG } from './_map.js';
import { Params, type GpuBuffer, type Launch } from './runtime.js';

export function softmax(x: GpuBuffer, xOff: number, rows: number, cols: number, out: GpuBuffer, oOff: number): Launch {
  const body = () => `${FLOAT_BITS}
var<workgroup> red: array<f32, ${WG}>;
fn max_(a: f32, b: f32) -> f32 { return select(b, a, a >= b || isnan_(a)); }
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let rows = pu(0u); let cols = pu(1u);
  for (var r = wg.x; r < rows; r += nw.x) {
    let xb = pu(2u) + r * cols; let ob = pu(3u) + r * cols;
    var m = -inf_();
    for (var j = l.x; j < cols; j += ${WG}u) { m = max_(ld_x(xb + j), m); }
    red[l.x] = m;
    for (var s = ${WG / 2}u; s > 0u; s >>= 1u) {
      workgroupBarrier();
      if (l.x < s) { red[l.x] = max_(red[l.x + s], red[l.x]); }
    }
    let mx = workgroupUniformLoad(&red[0]);
    var sum = 0.0;
    if (mx == -inf_()) {
      for (var j = l.x; j < cols; j += ${WG}u) { st_out(ob + j, 0.0); }
    } else {
      for (var j = l.x; j < cols; j += ${WG}u) { let e = exp_(ld_x(xb + j) - mx); st_out(ob + j, e); sum += e; }
    }
    workgroupBarrier();
    red[l.x] = sum;
    for (var s = ${WG / 2}u; s > 0u; s >>= 1u) {
      workgroupBarrier();
      if (l.x < s) { red[l.x] += red[l.x + s]; }
    }
    let total = workgroupUniformLoad(&red[0]);
    if (mx != -inf_()) {
      let inv = 1.0 / total;
      for (var j = l.x; j < cols; j += ${WG}u) { st_out(ob + j, ld_out(ob + j) * inv); }
    }
    workgroupBarrier();
  }
}`;
  return { key: 'softmax', body, operands: { x, out }, params: new Params().u(rows, cols, xOff, oOff), groups: [Math.min(rows, 65535)] };
}
