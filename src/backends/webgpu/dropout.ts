// webgpu fused kernel: the inverted-dropout mask, each element's draw computed from its index as the js kernel
// computes it (src/backends/js/dropout.ts): u = mix32(state + (i + 1)·STEP), in u32 arithmetic, whose multiply and
// add wrap as Math.imul and the `^`/`>>> 0` of src/random.ts do. The test u / 2^32 < p is made on integers, as
// u < ⌈p · 2^32⌉ folded on the host in float64: u / 2^32 in f32 would round and flip the elements nearest p.
import { STEP } from '../../random.js';
import { grid, WG } from './_map.js';
import { Params, type GpuBuffer, type Launch } from './runtime.js';

type Flat = { buf: GpuBuffer; offset: number };

export function dropoutMask(out: Flat, n: number, state: number, p: number, keep: number): Launch {
  const below = Math.ceil(p * 2 ** 32); // u / 2^32 < p exactly when u < below (below = 2^32: every u)
  const body = () => `
fn mix32(t0: u32) -> u32 {
  var t = (t0 ^ (t0 >> 15u)) * (t0 | 1u);
  t ^= t + (t ^ (t >> 7u)) * (t | 61u);
  return t ^ (t >> 14u);
}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gi: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let state = pu(2u); let below = pu(3u); let all = pu(4u) == 1u; let keep = pf(5u);
  for (var i = gi.x; i < pu(0u); i += nw.x * ${WG}u) {
    let u = mix32(state + (i + 1u) * ${STEP >>> 0}u);
    st_out(pu(1u) + i, select(keep, 0.0, all || u < below));
  }
}`;
  const params = new Params().u(n, out.offset, state >>> 0, Math.min(below, 2 ** 32 - 1), below >= 2 ** 32 ? 1 : 0).f(keep);
  return { key: 'dropoutMask', body, operands: { out: out.buf }, params, groups: grid(n) };
}
