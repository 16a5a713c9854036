// webgpu fused kernel: attention forward with an online softmax (FlashAttention's recurrence), no T×S buffer.
// A workgroup takes 64 query rows of one leading index; K and V tiles of TK keys are staged in workgroup memory
// (TK chosen so both fit in 16 KiB while D + Dv ≤ 4096); each thread keeps its row's running max and sum and
// rescales its output row, accumulated in the output buffer, when the max grows. Mask and bias are read through their strides (an expanded padding mask costs no memory).
// Not here: the backward, which runs composed (src/ops/attention.ts recomputes the weights).
import type { AttentionArgs, KTensor } from '../../primitives.js';
import { FLOAT_BITS } from './_map.js';
import { Params, type GpuBuffer, type Launch } from './runtime.js';

type T = KTensor<GpuBuffer>;
const ROWS = 64;

export function attention(q: T, k: T, v: T, mask: T | null, bias: T | null, out: T, lse: T, args: AttentionArgs): Launch {
  const r = q.shape.length;
  const lead = q.shape.slice(0, r - 2);
  const nL = lead.reduce((p, d) => p * d, 1);
  const [Tq, S, D, Dv] = [q.shape[r - 2], k.shape[r - 2], q.shape[r - 1], v.shape[r - 1]];
  const TK = Math.max(1, Math.min(32, Math.floor(4096 / Math.max(1, D + Dv))));
  const rank = lead.length;
  const params = new Params().u(Tq, S, nL, rank).f(args.scale).u(args.causal ? 1 : 0)
    .u(q.offset, k.offset, v.offset, out.offset, lse.offset, mask?.offset ?? 0, bias?.offset ?? 0)
    .list(lead).list(mask?.strides ?? new Array(r).fill(0)).list(bias?.strides ?? new Array(r).fill(0));
  const L0 = 13, MS = L0 + rank, BS = MS + r; // parameter layout: lead shape, mask strides, bias strides
  const hasMask = !!mask, hasBias = !!bias;
  const body = () => `${FLOAT_BITS}
var<workgroup> Ks: array<f32, ${TK * Math.max(1, D)}>;
var<workgroup> Vs: array<f32, ${TK * Math.max(1, Dv)}>;
@compute @workgroup_size(${ROWS})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let T = pu(0u); let S = pu(1u); let nL = pu(2u); let rank = pu(3u);
  let scale = pf(4u); let causal = pu(5u) == 1u;
  let t = wg.x * ${ROWS}u + l.x;
  let live = t < T;
  for (var li = wg.y; li < nL; li += nw.y) {
    // Mask and bias offsets of this leading index, through their own strides.
    var mo = pu(11u); var bo = pu(12u); var rem = li;
    for (var d = rank; d > 0u; d--) {
      let ax = d - 1u; let at = rem % pu(${L0}u + ax); rem = rem / pu(${L0}u + ax);
      mo += at * pu(${MS}u + ax); bo += at * pu(${BS}u + ax);
    }
    let mT = pu(${MS}u + rank); let mS = pu(${MS}u + rank + 1u);
    let bT = pu(${BS}u + rank); let bS = pu(${BS}u + rank + 1u);
    let kb = pu(7u) + li * S * ${D}u; let vb = pu(8u) + li * S * ${Dv}u;
    let ob = pu(9u) + (li * T + t) * ${Dv}u;
    var qr: array<f32, ${Math.max(1, D)}>;
    if (live) {
      for (var c = 0u; c < ${D}u; c++) { qr[c] = ld_q(pu(6u) + (li * T + t) * ${D}u + c); }
      for (var c = 0u; c < ${Dv}u; c++) { st_out(ob + c, 0.0); }
    }
    var m = -inf_(); var total = 0.0;
    for (var s0 = 0u; s0 < S; s0 += ${TK}u) {
      workgroupBarrier();
      for (var e = l.x; e < ${TK * D}u; e += ${ROWS}u) { let j = s0 + e / ${Math.max(1, D)}u; var x = 0.0; if (j < S) { x = ld_k(kb + s0 * ${D}u + e); } Ks[e] = x; }
      for (var e = l.x; e < ${TK * Dv}u; e += ${ROWS}u) { let j = s0 + e / ${Math.max(1, Dv)}u; var x = 0.0; if (j < S) { x = ld_v(vb + s0 * ${Dv}u + e); } Vs[e] = x; }
      workgroupBarrier();
      if (live) {
        var p: array<f32, ${TK}>;
        var tmax = -inf_();
        for (var jj = 0u; jj < ${TK}u; jj++) {
          let j = s0 + jj;
          var x = -inf_();
          let seen = j < S && !(causal && j + T > t + S)${hasMask ? ' && ld_mask(mo + t * mT + j * mS) == 0.0' : ''};
          if (seen) {
            var dot = 0.0;
            for (var c = 0u; c < ${D}u; c++) { dot += qr[c] * Ks[jj * ${D}u + c]; }
            x = dot * scale${hasBias ? ' + ld_bias(bo + t * bT + j * bS)' : ''};
          }
          p[jj] = x;
          if (x > tmax) { tmax = x; }
        }
        let mnew = max(m, tmax);
        if (mnew != -inf_()) {
          let alpha = exp_(m - mnew); // 0 while nothing was seen (m = -inf)
          total *= alpha;
          for (var jj = 0u; jj < ${TK}u; jj++) { p[jj] = exp_(p[jj] - mnew); total += p[jj]; }
          for (var c = 0u; c < ${Dv}u; c++) {
            var acc = ld_out(ob + c) * alpha;
            for (var jj = 0u; jj < ${TK}u; jj++) { acc += p[jj] * Vs[jj * ${Dv}u + c]; }
            st_out(ob + c, acc);
          }
          m = mnew;
        }
      }
    }
    if (live) {
      // A fully masked row keeps its zeros and gets lse = -Infinity (the library's policy).
      if (m == -inf_()) { st_lse(pu(10u) + li * T + t, m); } else {
        let inv = 1.0 / total;
        for (var c = 0u; c < ${Dv}u; c++) { st_out(ob + c, ld_out(ob + c) * inv); }
        st_lse(pu(10u) + li * T + t, m + log(total));
      }
    }
  }
}`;
  const operands: Record<string, GpuBuffer> = { q: q.buf, k: k.buf, v: v.buf, out: out.buf, lse: lse.buf };
  if (mask) operands.mask = mask.buf;
  if (bias) operands.bias = bias.buf;
  return {
    key: `attention:${D}:${Dv}:${hasMask ? 'm' : ''}${hasBias ? 'b' : ''}`, body, operands, params,
    groups: [Math.ceil(Tq / ROWS), Math.min(nL, 65535)],
  };
}
