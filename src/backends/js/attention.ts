// js fused kernel: attention one query row at a time with an online softmax over key tiles (FlashAttention's
// recurrence), O(tile + Dv) extra memory per row and never a T×S buffer; the backward recomputes each weight from
// the saved log-sum-exp. Not the fast kernel (that is wasm's): the plain, checkable version every other one is
// compared with. Accumulates in float64 whatever the storage dtype.
import type { AttentionArgs, Data, KTensor } from '../../primitives.js';

type T = KTensor<Data>;
/** Keys per tile of the online softmax. */
export const KEY_TILE = 64;

/** Element offset of each [T, S] block of a [...L, T, S] tensor with any strides, in row-major order of L. */
function blockOffsets(t: T, count: number): Float64Array {
  const lead = t.shape.slice(0, -2);
  const offs = new Float64Array(count);
  for (let l = 0; l < count; l++) {
    let rem = l, o = t.offset;
    for (let d = lead.length - 1; d >= 0; d--) {
      o += (rem % lead[d]) * t.strides[d];
      rem = Math.floor(rem / lead[d]);
    }
    offs[l] = o;
  }
  return offs;
}

/** Sizes and the strided mask/bias addressing shared by forward and backward. */
function geometry(q: T, k: T, v: T, mask: T | null, bias: T | null) {
  const r = q.shape.length;
  const T = q.shape[r - 2], D = q.shape[r - 1], S = k.shape[r - 2], Dv = v.shape[r - 1];
  const L = q.shape.slice(0, -2).reduce((a, b) => a * b, 1);
  const strided = (m: T | null) => m && { m, offs: blockOffsets(m, L), st: m.strides[r - 2], ss: m.strides[r - 1] };
  return { L, T, S, D, Dv, mask: strided(mask), bias: strided(bias) };
}
type Geometry = ReturnType<typeof geometry>;

/** The keys query row i may see: [0, S), or [0, i + S − T] when causal. */
function keyEnd(g: Geometry, i: number, causal: boolean): number {
  return causal ? Math.max(0, Math.min(g.S, i + g.S - g.T + 1)) : g.S;
}

/** s[j − j0] = q_i·k_j·scale + bias[i, j] for keys j in [j0, j1), −∞ where masked. */
function tileScores(g: Geometry, q: T, k: T, l: number, i: number, j0: number, j1: number, scale: number, s: Float64Array): void {
  const { D, S, mask, bias } = g;
  const qo = q.offset + (l * g.T + i) * D, qb = q.buf, kb = k.buf;
  for (let j = j0; j < j1; j++) {
    if (mask && mask.m.buf[mask.offs[l] + i * mask.st + j * mask.ss] !== 0) {
      s[j - j0] = -Infinity;
      continue;
    }
    const ko = k.offset + (l * S + j) * D;
    let dot = 0;
    for (let d = 0; d < D; d++) dot += qb[qo + d] * kb[ko + d];
    s[j - j0] = dot * scale + (bias ? bias.m.buf[bias.offs[l] + i * bias.st + j * bias.ss] : 0);
  }
}

export function attention(q: T, k: T, v: T, mask: T | null, bias: T | null, out: T, lse: T, args: AttentionArgs): void {
  const g = geometry(q, k, v, mask, bias);
  const { S, Dv } = g;
  const s = new Float64Array(KEY_TILE), acc = new Float64Array(Dv);
  for (let l = 0; l < g.L; l++) {
    for (let i = 0; i < g.T; i++) {
      // Running max m, running sum Σ exp(s − m) and unnormalised output acc = Σ exp(s − m)·v over the keys so far.
      let m = -Infinity, sum = 0;
      acc.fill(0);
      const end = keyEnd(g, i, args.causal);
      for (let j0 = 0; j0 < end; j0 += KEY_TILE) {
        const j1 = Math.min(j0 + KEY_TILE, end);
        tileScores(g, q, k, l, i, j0, j1, args.scale, s);
        let mt = m;
        for (let j = 0; j < j1 - j0; j++) if (s[j] > mt || s[j] !== s[j]) mt = s[j];
        if (mt === -Infinity) continue; // every key so far masked
        const c = Math.exp(m - mt); // rescales what was summed under the old max (0 when m was −∞)
        sum *= c;
        for (let d = 0; d < Dv; d++) acc[d] *= c;
        for (let j = 0; j < j1 - j0; j++) {
          const p = Math.exp(s[j] - mt);
          if (p === 0) continue;
          sum += p;
          const vo = v.offset + (l * S + j0 + j) * Dv;
          for (let d = 0; d < Dv; d++) acc[d] += p * v.buf[vo + d];
        }
        m = mt;
      }
      const oo = out.offset + (l * g.T + i) * Dv;
      // A fully masked row (sum 0): zeros and lse −∞. A NaN score stays NaN.
      const inv = sum === 0 ? 0 : 1 / sum;
      for (let d = 0; d < Dv; d++) out.buf[oo + d] = acc[d] * inv;
      lse.buf[lse.offset + l * g.T + i] = sum === 0 ? -Infinity : m + Math.log(sum);
    }
  }
}

// With P = exp(s − lse) (the weights), dP = dOut·vᵀ and Δ_i = dOut_i·out_i = Σ_j P_ij dP_ij:
// dS = P∘(dP − Δ), dq = scale·dS·k, dk = scale·dSᵀ·q, dv = Pᵀ·dOut.
export function attentionBackward(q: T, k: T, v: T, mask: T | null, bias: T | null, out: T, lse: T, dOut: T,
  dq: T, dk: T, dv: T, args: AttentionArgs): void {
  const g = geometry(q, k, v, mask, bias);
  const { S, D, Dv } = g;
  for (const t of [dq, dk, dv]) t.buf.fill(0, t.offset, t.offset + t.size);
  const s = new Float64Array(KEY_TILE), dqAcc = new Float64Array(D);
  for (let l = 0; l < g.L; l++) {
    for (let i = 0; i < g.T; i++) {
      const li = lse.buf[lse.offset + l * g.T + i];
      if (li === -Infinity) continue; // fully masked: no weights, no gradient
      const qo = q.offset + (l * g.T + i) * D, go = dOut.offset + (l * g.T + i) * Dv, oo = out.offset + (l * g.T + i) * Dv;
      let delta = 0;
      for (let d = 0; d < Dv; d++) delta += dOut.buf[go + d] * out.buf[oo + d];
      dqAcc.fill(0);
      const end = keyEnd(g, i, args.causal);
      for (let j0 = 0; j0 < end; j0 += KEY_TILE) {
        const j1 = Math.min(j0 + KEY_TILE, end);
        tileScores(g, q, k, l, i, j0, j1, args.scale, s);
        for (let j = j0; j < j1; j++) {
          const p = Math.exp(s[j - j0] - li);
          if (p === 0) continue;
          const vo = v.offset + (l * S + j) * Dv, ko = k.offset + (l * S + j) * D;
          let dp = 0;
          for (let d = 0; d < Dv; d++) dp += dOut.buf[go + d] * v.buf[vo + d];
          const ds = p * (dp - delta);
          const dvo = dv.offset + (l * S + j) * Dv, dko = dk.offset + (l * S + j) * D;
          for (let d = 0; d < Dv; d++) dv.buf[dvo + d] += p * dOut.buf[go + d];
          for (let d = 0; d < D; d++) {
            dk.buf[dko + d] += args.scale * ds * q.buf[qo + d];
            dqAcc[d] += ds * k.buf[ko + d];
          }
        }
      }
      const dqo = dq.offset + (l * g.T + i) * D;
      for (let d = 0; d < D; d++) dq.buf[dqo + d] = args.scale * dqAcc[d];
    }
  }
}
