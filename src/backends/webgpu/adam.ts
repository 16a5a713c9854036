// webgpu fused kernel: one Adam/AdamW step in place on the device, the js oracle's arithmetic and order
// (src/backends/js/adam.ts): decay, moments, bias-corrected step. The step sizes, and 1 − β1 and 1 − β2, are folded
// on the host in float64: 1 − β2 formed in f32 from β2 = 0.999 is off by 1.3e-5 relative (f32(0.999) = 0.99900001),
// which the second moment then carries.
import type { AdamStep } from '../../primitives.js';
import { grid, WG } from './_map.js';
import { Params, type GpuBuffer, type Launch } from './runtime.js';

type Flat = { buf: GpuBuffer; offset: number };

export function adam(p: Flat, g: Flat, m: Flat, v: Flat, n: number, s: AdamStep): Launch {
  const body = () => `
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gi: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let beta1 = pf(5u); let beta2 = pf(6u); let eps = pf(7u); let decay = pf(8u); let l2 = pf(9u);
  let stepSize = pf(10u); let bc2Sqrt = pf(11u); let omb1 = pf(12u); let omb2 = pf(13u);
  for (var i = gi.x; i < pu(0u); i += nw.x * ${WG}u) {
    let pi_ = pu(1u) + i; let mi = pu(3u) + i; let vi = pu(4u) + i;
    var pv = ld_p(pi_);
    let gv = ld_g(pu(2u) + i) + l2 * pv;
    let mv = beta1 * ld_m(mi) + omb1 * gv; // first moment
    let vv = beta2 * ld_v(vi) + omb2 * gv * gv; // second moment
    st_m(mi, mv);
    st_v(vi, vv);
    pv *= decay;
    st_p(pi_, pv - (stepSize * mv) / (sqrt(vv) / bc2Sqrt + eps));
  }
}`;
  const params = new Params().u(n, p.offset, g.offset, m.offset, v.offset)
    .f(s.beta1, s.beta2, s.eps, 1 - s.lrDecay, s.l2, s.lr / s.bc1, Math.sqrt(s.bc2), 1 - s.beta1, 1 - s.beta2);
  return { key: 'adam', body, operands: { p: p.buf, g: g.buf, m: m.buf, v: v.buf }, params, groups: grid(n) };
}
