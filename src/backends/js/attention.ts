// js fused kernel: attention one query row at a time with an online softmax over key tiles (FlashAttention's
// recurrence), O(tile + Dv) extra memory per row and never a T×S buffer; the backward recomputes each weight from
// the saved log-sum-exp, a block of query rows at a time. Not the fast kernel (that is wasm's): the plain,
// checkable version every other one is compared with. Sums in float64 (dk and dv in their own storage).
import type { AttentionArgs, Data, KTensor } from '../../primitives.js';
import { dot } from './_dot.js';

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

/** acc[ao + d] += Σ_{j<n} w[wo + j]·x[xo + j·len + d]: n rows of x weighted, four rows per sweep over acc. */
function axpyRows(acc: Data, ao: number, w: Float64Array, wo: number, n: number, x: Data, xo: number, len: number): void {
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const w0 = w[wo + j], w1 = w[wo + j + 1], w2 = w[wo + j + 2], w3 = w[wo + j + 3];
    const r0 = xo + j * len, r1 = r0 + len, r2 = r1 + len, r3 = r2 + len;
    for (let d = 0; d < len; d++) acc[ao + d] += w0 * x[r0 + d] + w1 * x[r1 + d] + w2 * x[r2 + d] + w3 * x[r3 + d];
  }
  for (; j < n; j++) {
    const wj = w[wo + j], r = xo + j * len;
    if (wj !== 0) for (let d = 0; d < len; d++) acc[ao + d] += wj * x[r + d];
  }
}

/**
 * Sizes, and a scorer shared by forward and backward: scores(l, i, j0, j1, s) sets s[j − j0] = q_i·k_j·scale +
 * bias[i, j] for keys j in [j0, j1) of block l, −∞ where the mask (any strides) is nonzero or causal hides j.
 * Buffers and strides are read once here: a Tensor's `buf` is a getter, too slow for an inner loop.
 */
function setup(q: T, k: T, v: T, mask: T | null, bias: T | null, args: AttentionArgs) {
  const r = q.shape.length;
  const T = q.shape[r - 2], D = q.shape[r - 1], S = k.shape[r - 2], Dv = v.shape[r - 1];
  const L = q.shape.slice(0, -2).reduce((a, b) => a * b, 1);
  const qb = q.buf, kb = k.buf, q0 = q.offset, k0 = k.offset, scale = args.scale;
  const mb = mask?.buf, mOffs = mask && blockOffsets(mask, L), mst = mask?.strides[r - 2] ?? 0, mss = mask?.strides[r - 1] ?? 0;
  const bb = bias?.buf, bOffs = bias && blockOffsets(bias, L), bst = bias?.strides[r - 2] ?? 0, bss = bias?.strides[r - 1] ?? 0;
  const scores = (l: number, i: number, j0: number, j1: number, s: Float64Array): void => {
    const qo = q0 + (l * T + i) * D, mo = mOffs ? mOffs[l] + i * mst : 0, bo = bOffs ? bOffs[l] + i * bst : 0;
    for (let j = j0; j < j1; j++) {
      if (mb && mb[mo + j * mss] !== 0) s[j - j0] = -Infinity;
      else s[j - j0] = dot(qb, qo, kb, k0 + (l * S + j) * D, D) * scale + (bb ? bb[bo + j * bss] : 0);
    }
  };
  /** The keys query row i may see: [0, S), or [0, i + S − T] when causal. */
  const keyEnd = (i: number) => (args.causal ? Math.max(0, Math.min(S, i + S - T + 1)) : S);
  return { L, T, S, D, Dv, scores, keyEnd };
}

export function attention(q: T, k: T, v: T, mask: T | null, bias: T | null, out: T, lse: T, args: AttentionArgs): void {
  const { L, T, S, Dv, scores, keyEnd } = setup(q, k, v, mask, bias, args);
  const vb = v.buf, v0 = v.offset, ob = out.buf, o0 = out.offset, lb = lse.buf, l0 = lse.offset;
  const s = new Float64Array(KEY_TILE), acc = new Float64Array(Dv);
  for (let l = 0; l < L; l++) {
    for (let i = 0; i < T; i++) {
      // Running max m, running sum Σ exp(s − m) and unnormalised output acc = Σ exp(s − m)·v over the keys so far.
      let m = -Infinity, sum = 0;
      acc.fill(0);
      const end = keyEnd(i);
      for (let j0 = 0; j0 < end; j0 += KEY_TILE) {
        const j1 = Math.min(j0 + KEY_TILE, end), n = j1 - j0;
        scores(l, i, j0, j1, s);
        let mt = m;
        for (let j = 0; j < n; j++) if (s[j] > mt || s[j] !== s[j]) mt = s[j];
        if (mt === -Infinity) continue; // every key so far masked
        if (mt !== m) {
          const c = Math.exp(m - mt); // rescales what was summed under the old max (0 when m was −∞)
          sum *= c;
          for (let d = 0; d < Dv; d++) acc[d] *= c;
          m = mt;
        }
        for (let j = 0; j < n; j++) sum += s[j] = Math.exp(s[j] - m); // s now holds the tile's exp(s − m)
        axpyRows(acc, 0, s, 0, n, vb, v0 + (l * S + j0) * Dv, Dv);
      }
      const oo = o0 + (l * T + i) * Dv;
      // A fully masked row (sum 0): zeros and lse −∞. A NaN score stays NaN.
      const inv = sum === 0 ? 0 : 1 / sum;
      for (let d = 0; d < Dv; d++) ob[oo + d] = acc[d] * inv;
      lb[l0 + l * T + i] = sum === 0 ? -Infinity : m + Math.log(sum);
    }
  }
}

/** Query rows per block of the backward: each key's dk and dv rows are updated once per block, not once per row. */
const ROWS = 4;

// With P = exp(s − lse) (the weights), dP = dOut·vᵀ and Δ_i = dOut_i·out_i = Σ_j P_ij dP_ij:
// dS = P∘(dP − Δ), dq = scale·dS·k, dk = scale·dSᵀ·q, dv = Pᵀ·dOut. P and dS of ROWS query rows × one key tile at
// a time: O(ROWS·(tile + D)) extra memory.
export function attentionBackward(q: T, k: T, v: T, mask: T | null, bias: T | null, out: T, lse: T, dOut: T,
  dq: T, dk: T, dv: T, args: AttentionArgs): void {
  const { L, T, S, D, Dv, scores, keyEnd } = setup(q, k, v, mask, bias, args);
  const [qb, kb, vb, ob, lb, gb, dqb, dkb, dvb] = [q, k, v, out, lse, dOut, dq, dk, dv].map((t) => t.buf);
  const [q0, k0, v0, o0, l0, g0, dq0, dk0, dv0] = [q, k, v, out, lse, dOut, dq, dk, dv].map((t) => t.offset);
  const scale = args.scale;
  for (const [b, o, n] of [[dqb, dq0, dq.size], [dkb, dk0, dk.size], [dvb, dv0, dv.size]] as const) b.fill(0, o, o + n);
  const s = new Float64Array(KEY_TILE), p = new Float64Array(ROWS * KEY_TILE), ds = new Float64Array(ROWS * KEY_TILE);
  const dqAcc = new Float64Array(ROWS * D), w = new Float64Array(ROWS), ends = new Float64Array(ROWS), delta = new Float64Array(ROWS);
  for (let l = 0; l < L; l++) {
    for (let i0 = 0; i0 < T; i0 += ROWS) {
      const nr = Math.min(ROWS, T - i0);
      let end = 0;
      for (let r = 0; r < nr; r++) {
        const i = i0 + r, masked = lb[l0 + l * T + i] === -Infinity; // fully masked: no weights, no gradient
        ends[r] = masked ? 0 : keyEnd(i);
        delta[r] = masked ? 0 : dot(gb, g0 + (l * T + i) * Dv, ob, o0 + (l * T + i) * Dv, Dv);
        end = Math.max(end, ends[r]);
      }
      dqAcc.fill(0);
      for (let j0 = 0; j0 < end; j0 += KEY_TILE) {
        const j1 = Math.min(j0 + KEY_TILE, end), n = j1 - j0;
        for (let r = 0; r < nr; r++) {
          const i = i0 + r, li = lb[l0 + l * T + i], go = g0 + (l * T + i) * Dv, er = Math.min(ends[r], j1);
          if (er > j0) scores(l, i, j0, er, s);
          for (let j = 0; j < n; j++) {
            const pj = j0 + j < er ? Math.exp(s[j] - li) : 0;
            p[r * KEY_TILE + j] = pj;
            ds[r * KEY_TILE + j] = pj === 0 ? 0 : pj * (dot(gb, go, vb, v0 + (l * S + j0 + j) * Dv, Dv) - delta[r]);
          }
          axpyRows(dqAcc, r * D, ds, r * KEY_TILE, n, kb, k0 + (l * S + j0) * D, D); // dq_i += Σ_j dS_ij k_j
        }
        for (let j = 0; j < n; j++) {
          // dv_j += Σ_r P_rj dOut_r and dk_j += scale·Σ_r dS_rj q_r over the block's rows
          for (let r = 0; r < nr; r++) w[r] = p[r * KEY_TILE + j];
          axpyRows(dvb, dv0 + (l * S + j0 + j) * Dv, w, 0, nr, gb, g0 + (l * T + i0) * Dv, Dv);
          for (let r = 0; r < nr; r++) w[r] = scale * ds[r * KEY_TILE + j];
          axpyRows(dkb, dk0 + (l * S + j0 + j) * D, w, 0, nr, qb, q0 + (l * T + i0) * D, D);
        }
      }
      for (let r = 0; r < nr * D; r++) dqb[dq0 + (l * T + i0) * D + r] = scale * dqAcc[r];
    }
  }
}
