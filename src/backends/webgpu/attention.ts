// webgpu fused kernel: attention forward with an online softmax (FlashAttention's recurrence), no T×S buffer.
// A workgroup takes 64 query rows of one leading index; K and V tiles of TK keys are staged in workgroup memory
// (TK chosen so both fit in 16 KiB while D + Dv ≤ 4096); each thread keeps its row's running max and sum and
// rescales its output row, accumulated in the output buffer, when the max grows. Mask and bias are read through their strides (an expanded padding mask costs no memory).
// The backward (below) recomputes the weights from lse, without tiles yet.
import type { AttentionArgs, KTensor } from '../../primitives.js';
import { FLOAT_BITS } from './_map.js';
import { Params, type GpuBuffer, type Launch } from './runtime.js';

type T = KTensor<GpuBuffer>;
const ROWS = 64;

/** Shapes, the parameters both kernels read (indices 0–5 sizes, then `offsets`, then lead shape, mask and bias
 *  strides) and the WGSL that finds a leading index's mask and bias offsets and tests whether key j is seen by row t. */
function layout(q: T, k: T, v: T, mask: T | null, bias: T | null, offsets: number[], args: AttentionArgs) {
  const r = q.shape.length;
  const lead = q.shape.slice(0, r - 2);
  const nL = lead.reduce((p, d) => p * d, 1);
  const [Tq, S, D, Dv] = [q.shape[r - 2], k.shape[r - 2], q.shape[r - 1], v.shape[r - 1]];
  const rank = lead.length;
  const params = new Params().u(Tq, S, nL, rank).f(args.scale).u(args.causal ? 1 : 0)
    .u(mask?.offset ?? 0, bias?.offset ?? 0, ...offsets)
    .list(lead).list(mask?.strides ?? new Array(r).fill(0)).list(bias?.strides ?? new Array(r).fill(0));
  const L0 = 8 + offsets.length, MS = L0 + rank, BS = MS + r; // lead shape, mask strides, bias strides
  const hasMask = !!mask, hasBias = !!bias;
  const wgsl = `
// Mask and bias offsets of leading index li, through their own strides, and their (T, S) strides.
struct MB { mo: u32, bo: u32, mT: u32, mS: u32, bT: u32, bS: u32 }
fn mb_(li: u32) -> MB {
  let rank = pu(3u);
  var mo = pu(6u); var bo = pu(7u); var rem = li;
  for (var d = rank; d > 0u; d--) {
    let ax = d - 1u; let at = rem % pu(${L0}u + ax); rem = rem / pu(${L0}u + ax);
    mo += at * pu(${MS}u + ax); bo += at * pu(${BS}u + ax);
  }
  return MB(mo, bo, pu(${MS}u + rank), pu(${MS}u + rank + 1u), pu(${BS}u + rank), pu(${BS}u + rank + 1u));
}
// Whether query row t sees key j (in range, causal with the keys aligned at the end, not masked).
fn seen_(mb: MB, t: u32, j: u32) -> bool {
  return j < pu(1u) && !(pu(5u) == 1u && j + pu(0u) > t + pu(1u))${hasMask ? ' && ld_mask(mb.mo + t * mb.mT + j * mb.mS) == 0.0' : ''};
}
fn bias_(mb: MB, t: u32, j: u32) -> f32 { return ${hasBias ? 'ld_bias(mb.bo + t * mb.bT + j * mb.bS)' : '0.0'}; }`;
  const key = `${D}:${Dv}:r${rank}:${hasMask ? 'm' : ''}${hasBias ? 'b' : ''}`;
  const extra: Record<string, GpuBuffer> = {};
  if (mask) extra.mask = mask.buf;
  if (bias) extra.bias = bias.buf;
  return { Tq, S, D, Dv, nL, params, wgsl, key, extra };
}

export function attention(q: T, k: T, v: T, mask: T | null, bias: T | null, out: T, lse: T, args: AttentionArgs): Launch {
  const { Tq, D, Dv, nL, params, wgsl, key, extra } = layout(q, k, v, mask, bias, [q.offset, k.offset, v.offset, out.offset, lse.offset], args);
  const TK = Math.max(1, Math.min(32, Math.floor(4096 / Math.max(1, D + Dv))));
  const body = () => `${FLOAT_BITS}${wgsl}
var<workgroup> Ks: array<f32, ${TK * Math.max(1, D)}>;
var<workgroup> Vs: array<f32, ${TK * Math.max(1, Dv)}>;
@compute @workgroup_size(${ROWS})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let T = pu(0u); let S = pu(1u); let nL = pu(2u);
  let scale = pf(4u);
  let t = wg.x * ${ROWS}u + l.x;
  let live = t < T;
  for (var li = wg.y; li < nL; li += nw.y) {
    let mb = mb_(li);
    let kb = pu(9u) + li * S * ${D}u; let vb = pu(10u) + li * S * ${Dv}u;
    let ob = pu(11u) + (li * T + t) * ${Dv}u;
    var qr: array<f32, ${Math.max(1, D)}>;
    if (live) {
      for (var c = 0u; c < ${D}u; c++) { qr[c] = ld_q(pu(8u) + (li * T + t) * ${D}u + c); }
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
          if (seen_(mb, t, j)) {
            var dot = 0.0;
            for (var c = 0u; c < ${D}u; c++) { dot += qr[c] * Ks[jj * ${D}u + c]; }
            x = dot * scale + bias_(mb, t, j);
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
      if (m == -inf_()) { st_lse(pu(12u) + li * T + t, m); } else {
        let inv = 1.0 / total;
        for (var c = 0u; c < ${Dv}u; c++) { st_out(ob + c, ld_out(ob + c) * inv); }
        st_lse(pu(12u) + li * T + t, m + log(total));
      }
    }
  }
}`;
  return {
    key: `attention:${key}`, body, operands: { q: q.buf, k: k.buf, v: v.buf, out: out.buf, lse: lse.buf, ...extra }, params,
    groups: [Math.ceil(Tq / ROWS), Math.min(nL, 65535)],
  };
}

/**
 * The backward as two launches over the same parameters, with P = exp(s − lse), Δ_t = dOut_t·out_t and
 * dS = P∘(dOut·vᵀ − Δ): one thread per query row writes dq_t = scale·Σ_j dS_tj k_j; one thread per key writes
 * dv_j = Σ_t P_tj dOut_t and dk_j = scale·Σ_t dS_tj q_t (recomputing Δ_t: no extra buffer). Rows read K, V, Q and
 * dOut from device memory, not tiled yet. A fully masked row (lse = −∞) contributes nothing and gets dq = 0.
 */
export function attentionBackward(q: T, k: T, v: T, mask: T | null, bias: T | null, out: T, lse: T, dOut: T, dq: T, dk: T, dv: T,
  args: AttentionArgs): Launch[] {
  const offsets = [q.offset, k.offset, v.offset, out.offset, lse.offset, dOut.offset, dq.offset, dk.offset, dv.offset];
  const { Tq, S, D, Dv, nL, params, wgsl, key, extra } = layout(q, k, v, mask, bias, offsets, args);
  // Parameter indices: q 8, k 9, v 10, out 11, lse 12, dOut 13, dq 14, dk 15, dv 16.
  const common = `${FLOAT_BITS}${wgsl}
fn score_(mb: MB, li: u32, t: u32, j: u32) -> f32 {
  var dot = 0.0;
  for (var c = 0u; c < ${D}u; c++) { dot += ld_q(pu(8u) + (li * pu(0u) + t) * ${D}u + c) * ld_k(pu(9u) + (li * pu(1u) + j) * ${D}u + c); }
  return dot * pf(4u) + bias_(mb, t, j);
}
fn dotv_(li: u32, t: u32, j: u32) -> f32 {
  var dot = 0.0;
  for (var c = 0u; c < ${Dv}u; c++) { dot += ld_dOut(pu(13u) + (li * pu(0u) + t) * ${Dv}u + c) * ld_v(pu(10u) + (li * pu(1u) + j) * ${Dv}u + c); }
  return dot;
}
fn delta_(li: u32, t: u32) -> f32 {
  var dot = 0.0;
  let o = (li * pu(0u) + t) * ${Dv}u;
  for (var c = 0u; c < ${Dv}u; c++) { dot += ld_dOut(pu(13u) + o + c) * ld_out(pu(11u) + o + c); }
  return dot;
}`;
  // One thread per query row (idx t, below T) or per key (idx j, below S), looping over the leading indices.
  const entry = (idx: string, bound: string, inner: string) => `${common}
@compute @workgroup_size(${ROWS})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let T = pu(0u); let S = pu(1u); let nL = pu(2u);
  let ${idx} = wg.x * ${ROWS}u + l.x;
  if (${idx} >= ${bound}) { return; }
  for (var li = wg.y; li < nL; li += nw.y) {
    let mb = mb_(li);${inner}  }
}`;
  const rowsBody = () => entry('t', 'T', `
    let m = ld_lse(pu(12u) + li * T + t);
    var acc: array<f32, ${Math.max(1, D)}>;
    if (m != -inf_()) {
      let delta = delta_(li, t);
      for (var j = 0u; j < S; j++) {
        if (!seen_(mb, t, j)) { continue; }
        let ds = exp_(score_(mb, li, t, j) - m) * (dotv_(li, t, j) - delta);
        for (var c = 0u; c < ${D}u; c++) { acc[c] += ds * ld_k(pu(9u) + (li * S + j) * ${D}u + c); }
      }
    }
    for (var c = 0u; c < ${D}u; c++) { st_dq(pu(14u) + (li * T + t) * ${D}u + c, acc[c] * pf(4u)); }
`);
  const keysBody = () => entry('j', 'S', `
    var gk: array<f32, ${Math.max(1, D)}>;
    var gv: array<f32, ${Math.max(1, Dv)}>;
    for (var t = 0u; t < T; t++) {
      let m = ld_lse(pu(12u) + li * T + t);
      if (m == -inf_() || !seen_(mb, t, j)) { continue; }
      let p = exp_(score_(mb, li, t, j) - m);
      let ds = p * (dotv_(li, t, j) - delta_(li, t));
      for (var c = 0u; c < ${Dv}u; c++) { gv[c] += p * ld_dOut(pu(13u) + (li * T + t) * ${Dv}u + c); }
      for (var c = 0u; c < ${D}u; c++) { gk[c] += ds * ld_q(pu(8u) + (li * T + t) * ${D}u + c); }
    }
    for (var c = 0u; c < ${Dv}u; c++) { st_dv(pu(16u) + (li * S + j) * ${Dv}u + c, gv[c]); }
    for (var c = 0u; c < ${D}u; c++) { st_dk(pu(15u) + (li * S + j) * ${D}u + c, gk[c] * pf(4u)); }
`);
  const read = { q: q.buf, k: k.buf, v: v.buf, out: out.buf, lse: lse.buf, dOut: dOut.buf, ...extra };
  return [
    { key: `attention-backward-rows:${key}`, body: rowsBody, operands: { ...read, dq: dq.buf }, params, groups: [Math.ceil(Tq / ROWS), Math.min(nL, 65535)] },
    { key: `attention-backward-keys:${key}`, body: keysBody, operands: { ...read, dk: dk.buf, dv: dv.buf }, params, groups: [Math.ceil(S / ROWS), Math.min(nL, 65535)] },
  ];
}
