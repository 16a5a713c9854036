// js fused kernel: attention by query rows with an online softmax over key tiles (FlashAttention's
// recurrence), O(tile + Dv) extra memory per row and never a T×S buffer; the backward recomputes each weight from
// the saved log-sum-exp, a block of query rows at a time. Not the fast kernel (that is wasm's): the plain,
// checkable version every other one is compared with. Sums in float64 (dk and dv in their own storage).
// Rows are taken two at a time where their tiles coincide, so that each key and value row read serves both;
// every sum is still formed in the same order as for one row alone, so the results do not depend on the pairing.
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

/** out[0] = a[ao..]·b[bo..] and out[1] = a[ao1..]·b[bo..] over n, each with dot's four running sums. */
function dot2(a: Data, ao: number, ao1: number, b: Data, bo: number, n: number, out: Float64Array): void {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0, d = 0;
  for (; d + 3 < n; d += 4) {
    const b0 = b[bo + d], b1 = b[bo + d + 1], b2 = b[bo + d + 2], b3 = b[bo + d + 3];
    s0 += a[ao + d] * b0;
    s1 += a[ao + d + 1] * b1;
    s2 += a[ao + d + 2] * b2;
    s3 += a[ao + d + 3] * b3;
    t0 += a[ao1 + d] * b0;
    t1 += a[ao1 + d + 1] * b1;
    t2 += a[ao1 + d + 2] * b2;
    t3 += a[ao1 + d + 3] * b3;
  }
  for (; d < n; d++) {
    s0 += a[ao + d] * b[bo + d];
    t0 += a[ao1 + d] * b[bo + d];
  }
  out[0] = s0 + s1 + s2 + s3;
  out[1] = t0 + t1 + t2 + t3;
}

/** acc[ao + d] += Σ_{j<n} w[wo + j]·x[xo + j·len + d]: n rows of x weighted, four rows per sweep over acc. */
function axpyRows(acc: Data, ao: number, w: Float64Array, wo: number, n: number, x: Data, xo: number, len: number): void {
  const n4 = n & ~3;
  for (let j = 0; j < n4; j += 4) {
    const w0 = w[wo + j], w1 = w[wo + j + 1], w2 = w[wo + j + 2], w3 = w[wo + j + 3];
    const r0 = xo + j * len, r1 = r0 + len, r2 = r1 + len, r3 = r2 + len;
    for (let d = 0; d < len; d++) acc[ao + d] += w0 * x[r0 + d] + w1 * x[r1 + d] + w2 * x[r2 + d] + w3 * x[r3 + d];
  }
  axpyTail(acc, ao, w, wo, n4, n, x, xo, len);
}

/** The rows n4 ≤ j < n of axpyRows one at a time, skipping zero weights. */
function axpyTail(acc: Data, ao: number, w: Float64Array, wo: number, n4: number, n: number, x: Data, xo: number, len: number): void {
  for (let j = n4; j < n; j++) {
    const wj = w[wo + j], r = xo + j * len;
    if (wj !== 0) for (let d = 0; d < len; d++) acc[ao + d] += wj * x[r + d];
  }
}

/** axpyRows into two accumulator rows (ao, ao1) with their own weights (wo, wo1) over the same rows of x. */
function axpyRows2(acc: Data, ao: number, ao1: number, w: Float64Array, wo: number, wo1: number, n: number, x: Data, xo: number, len: number): void {
  const n4 = n & ~3;
  for (let j = 0; j < n4; j += 4) {
    const w0 = w[wo + j], w1 = w[wo + j + 1], w2 = w[wo + j + 2], w3 = w[wo + j + 3];
    const u0 = w[wo1 + j], u1 = w[wo1 + j + 1], u2 = w[wo1 + j + 2], u3 = w[wo1 + j + 3];
    const r0 = xo + j * len, r1 = r0 + len, r2 = r1 + len, r3 = r2 + len;
    for (let d = 0; d < len; d++) {
      const x0 = x[r0 + d], x1 = x[r1 + d], x2 = x[r2 + d], x3 = x[r3 + d];
      acc[ao + d] += w0 * x0 + w1 * x1 + w2 * x2 + w3 * x3;
      acc[ao1 + d] += u0 * x0 + u1 * x1 + u2 * x2 + u3 * x3;
    }
  }
  axpyTail(acc, ao, w, wo, n4, n, x, xo, len);
  axpyTail(acc, ao1, w, wo1, n4, n, x, xo, len);
}

/**
 * dk or dv rows a0 and a1 (two keys; a1 < 0: one) += Σ_r w[r]·x_r and Σ_r w[ROWS + r]·x_r over the block's nr query
 * rows x_r (from xo, len apart), with axpyRows's arithmetic: one four-row sweep for a full block, else row by row.
 * Its own function, not axpyRows2, so that V8 compiles it for the gradients' storage (float32 in training) while
 * axpyRows2 serves the float64 accumulators: one function for both reads through slower polymorphic loads
 * (about 10% of the backward, measured).
 */
function addKeyRows(acc: Data, a0: number, a1: number, w: Float64Array, nr: number, x: Data, xo: number, len: number): void {
  if (nr < ROWS) {
    axpyTail(acc, a0, w, 0, 0, nr, x, xo, len);
    if (a1 >= 0) axpyTail(acc, a1, w, ROWS, 0, nr, x, xo, len);
    return;
  }
  const w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], u0 = w[ROWS], u1 = w[ROWS + 1], u2 = w[ROWS + 2], u3 = w[ROWS + 3];
  for (let d = 0, p = xo; d < len; d++, p++) {
    const x0 = x[p], x1 = x[p + len], x2 = x[p + 2 * len], x3 = x[p + 3 * len];
    acc[a0 + d] += w0 * x0 + w1 * x1 + w2 * x2 + w3 * x3;
    if (a1 >= 0) acc[a1 + d] += u0 * x0 + u1 * x1 + u2 * x2 + u3 * x3;
  }
}

/**
 * One call's sizes, buffers and scratch, and the scorers shared by forward and backward: scores(l, i, j0, j1, s, so)
 * sets s[so + j − j0] = q_i·k_j·scale + bias[i, j] for keys j in [j0, j1) of block l, −∞ where the mask (any strides)
 * is nonzero; scores2 does the same for rows i and i + 1 (into s[so..] and s[so1..]). Buffers and strides are read
 * once here (a Tensor's `buf` is a getter, too slow for an inner loop). A class, not closures made per call: V8's
 * optimised code for a closure is tied to that closure object, so closures made anew on every call were compiled
 * anew on every call (100–150 ms of compiler time per backward in a training step, measured), while a method's
 * code serves every instance.
 */
class Job {
  readonly L: number; readonly T: number; readonly S: number; readonly D: number; readonly Dv: number;
  readonly qb: Data; readonly kb: Data; readonly vb: Data; readonly q0: number; readonly k0: number; readonly v0: number;
  readonly scale: number; readonly causal: boolean;
  readonly mb: Data | null; readonly mOffs: Float64Array | null; readonly mst: number; readonly mss: number;
  readonly bb: Data | null; readonly bOffs: Float64Array | null; readonly bst: number; readonly bss: number;
  /** dot2's two results. */
  readonly pair = new Float64Array(2);

  constructor(q: T, k: T, v: T, mask: T | null, bias: T | null, args: AttentionArgs) {
    const r = q.shape.length;
    this.T = q.shape[r - 2]; this.D = q.shape[r - 1]; this.S = k.shape[r - 2]; this.Dv = v.shape[r - 1];
    this.L = q.shape.slice(0, -2).reduce((a, b) => a * b, 1);
    this.qb = q.buf; this.kb = k.buf; this.vb = v.buf; this.q0 = q.offset; this.k0 = k.offset; this.v0 = v.offset;
    this.scale = args.scale; this.causal = args.causal;
    this.mb = mask ? mask.buf : null; this.mOffs = mask ? blockOffsets(mask, this.L) : null;
    this.mst = mask ? mask.strides[r - 2] : 0; this.mss = mask ? mask.strides[r - 1] : 0;
    this.bb = bias ? bias.buf : null; this.bOffs = bias ? blockOffsets(bias, this.L) : null;
    this.bst = bias ? bias.strides[r - 2] : 0; this.bss = bias ? bias.strides[r - 1] : 0;
  }

  /** The keys query row i may see: [0, S), or [0, i + S − T] when causal. */
  keyEnd(i: number): number {
    return this.causal ? Math.max(0, Math.min(this.S, i + this.S - this.T + 1)) : this.S;
  }

  scores(l: number, i: number, j0: number, j1: number, s: Float64Array, so: number): void {
    const { qb, kb, k0, D, S, scale, mb, mss, bb, bss } = this;
    const qo = this.q0 + (l * this.T + i) * D, mo = this.mOffs ? this.mOffs[l] + i * this.mst : 0, bo = this.bOffs ? this.bOffs[l] + i * this.bst : 0;
    for (let j = j0; j < j1; j++) {
      if (mb && mb[mo + j * mss] !== 0) s[so + j - j0] = -Infinity;
      else s[so + j - j0] = dot(qb, qo, kb, k0 + (l * S + j) * D, D) * scale + (bb ? bb[bo + j * bss] : 0);
    }
  }

  scores2(l: number, i: number, j0: number, j1: number, s: Float64Array, so: number, so1: number): void {
    const { qb, kb, k0, D, S, scale, mb, mst, mss, bb, bst, bss, pair } = this;
    const qo = this.q0 + (l * this.T + i) * D, mo = this.mOffs ? this.mOffs[l] + i * mst : 0, bo = this.bOffs ? this.bOffs[l] + i * bst : 0;
    for (let j = j0; j < j1; j++) {
      const m0 = mb ? mb[mo + j * mss] !== 0 : false, m1 = mb ? mb[mo + mst + j * mss] !== 0 : false;
      if (!m0 || !m1) dot2(qb, qo, qo + D, kb, k0 + (l * S + j) * D, D, pair);
      s[so + j - j0] = m0 ? -Infinity : pair[0] * scale + (bb ? bb[bo + j * bss] : 0);
      s[so1 + j - j0] = m1 ? -Infinity : pair[1] * scale + (bb ? bb[bo + bst + j * bss] : 0);
    }
  }
}

/**
 * One key tile of the online softmax for one row, after its scores are in s[so, so + n): updates the running max
 * st[sto] and sum st[sto + 1], rescales acc[ao, ao + Dv) and turns s into the tile's exp(s − m). False when every key
 * so far is masked (nothing to add).
 */
function softmaxTile(s: Float64Array, so: number, n: number, st: Float64Array, sto: number, acc: Float64Array, ao: number, Dv: number): boolean {
  let m = st[sto], mt = m;
  for (let j = 0; j < n; j++) if (s[so + j] > mt || s[so + j] !== s[so + j]) mt = s[so + j];
  if (mt === -Infinity) return false; // every key so far masked
  let sum = st[sto + 1];
  if (mt !== m) {
    const c = Math.exp(m - mt); // rescales what was summed under the old max (0 when m was −∞)
    sum *= c;
    for (let d = 0; d < Dv; d++) acc[ao + d] *= c;
    m = mt;
  }
  for (let j = 0; j < n; j++) sum += s[so + j] = Math.exp(s[so + j] - m); // s now holds the tile's exp(s − m)
  st[sto] = m;
  st[sto + 1] = sum;
  return true;
}

/**
 * Forward of query rows i and, when two, i + 1 of block l: running (max, sum) in st, unnormalised outputs
 * acc = Σ exp(s − m)·v over the keys so far, then out = acc / sum and lse = m + log(sum).
 */
function forwardRows(job: Job, l: number, i: number, two: boolean, ob: Data, o0: number, lb: Data, l0: number, s: Float64Array, acc: Float64Array, st: Float64Array): void {
  const { S, Dv, vb, v0 } = job;
  const end0 = job.keyEnd(i), end1 = two ? job.keyEnd(i + 1) : 0;
  st[0] = st[2] = -Infinity;
  st[1] = st[3] = 0;
  acc.fill(0);
  for (let j0 = 0; j0 < Math.max(end0, end1); j0 += KEY_TILE) {
    const j1 = Math.min(j0 + KEY_TILE, end0), k1 = Math.min(j0 + KEY_TILE, end1), vo = v0 + (l * S + j0) * Dv;
    if (two && j1 === k1) {
      // Both rows see the same keys of this tile: score them and add their values together.
      job.scores2(l, i, j0, j1, s, 0, KEY_TILE);
      const a = softmaxTile(s, 0, j1 - j0, st, 0, acc, 0, Dv), b = softmaxTile(s, KEY_TILE, j1 - j0, st, 2, acc, Dv, Dv);
      if (a && b) axpyRows2(acc, 0, Dv, s, 0, KEY_TILE, j1 - j0, vb, vo, Dv);
      else if (a) axpyRows(acc, 0, s, 0, j1 - j0, vb, vo, Dv);
      else if (b) axpyRows(acc, Dv, s, KEY_TILE, j1 - j0, vb, vo, Dv);
      continue;
    }
    if (j1 > j0) {
      job.scores(l, i, j0, j1, s, 0);
      if (softmaxTile(s, 0, j1 - j0, st, 0, acc, 0, Dv)) axpyRows(acc, 0, s, 0, j1 - j0, vb, vo, Dv);
    }
    if (two && k1 > j0) {
      job.scores(l, i + 1, j0, k1, s, KEY_TILE);
      if (softmaxTile(s, KEY_TILE, k1 - j0, st, 2, acc, Dv, Dv)) axpyRows(acc, Dv, s, KEY_TILE, k1 - j0, vb, vo, Dv);
    }
  }
  for (let r = 0; r < (two ? 2 : 1); r++) {
    const sum = st[2 * r + 1], oo = o0 + (l * job.T + i + r) * Dv;
    // A fully masked row (sum 0): zeros and lse −∞. A NaN score stays NaN.
    const inv = sum === 0 ? 0 : 1 / sum;
    for (let d = 0; d < Dv; d++) ob[oo + d] = acc[r * Dv + d] * inv;
    lb[l0 + l * job.T + i + r] = sum === 0 ? -Infinity : st[2 * r] + Math.log(sum);
  }
}

export function attention(q: T, k: T, v: T, mask: T | null, bias: T | null, out: T, lse: T, args: AttentionArgs): void {
  const job = new Job(q, k, v, mask, bias, args);
  const ob = out.buf, o0 = out.offset, lb = lse.buf, l0 = lse.offset;
  // Two rows' scores, running (max, sum) and unnormalised outputs.
  const s = new Float64Array(2 * KEY_TILE), acc = new Float64Array(2 * job.Dv), st = new Float64Array(4);
  for (let l = 0; l < job.L; l++) {
    for (let i = 0; i < job.T; i += 2) forwardRows(job, l, i, i + 1 < job.T, ob, o0, lb, l0, s, acc, st);
  }
}

/** Query rows per block of the backward: each key's dk and dv rows are updated once per block, not once per row. */
const ROWS = 4;

/** The backward's per-call scratch: P and dS of ROWS rows × one key tile, dq sums, key weights, row ends and Δ. */
class BackwardScratch {
  readonly s = new Float64Array(ROWS * KEY_TILE);
  readonly p = new Float64Array(ROWS * KEY_TILE);
  readonly ds = new Float64Array(ROWS * KEY_TILE);
  readonly w = new Float64Array(2 * ROWS);
  readonly ends = new Float64Array(ROWS);
  readonly delta = new Float64Array(ROWS);
  constructor(readonly dqAcc: Float64Array, readonly ob: Data, readonly o0: number, readonly lb: Data, readonly l0: number,
    readonly gb: Data, readonly g0: number) {}
}

// With P = exp(s − lse) (the weights), dP = dOut·vᵀ and Δ_i = dOut_i·out_i = Σ_j P_ij dP_ij:
// dS = P∘(dP − Δ), dq = scale·dS·k, dk = scale·dSᵀ·q, dv = Pᵀ·dOut. P and dS of ROWS query rows × one key tile at
// a time: O(ROWS·(tile + D)) extra memory.
export function attentionBackward(q: T, k: T, v: T, mask: T | null, bias: T | null, out: T, lse: T, dOut: T,
  dq: T, dk: T, dv: T, args: AttentionArgs): void {
  const job = new Job(q, k, v, mask, bias, args);
  for (const t of [dq, dk, dv]) t.buf.fill(0, t.offset, t.offset + t.size);
  const sc = new BackwardScratch(new Float64Array(ROWS * job.D), out.buf, out.offset, lse.buf, lse.offset, dOut.buf, dOut.offset);
  for (let l = 0; l < job.L; l++) {
    for (let i0 = 0; i0 < job.T; i0 += ROWS) backwardBlock(job, sc, l, i0, dq.buf, dq.offset, dk.buf, dk.offset, dv.buf, dv.offset);
  }
}

/** The gradients from query rows i0 … i0 + ROWS − 1 of block l: their dq rows, and their share of every dk and dv row. */
function backwardBlock(job: Job, sc: BackwardScratch, l: number, i0: number, dqb: Data, dq0: number, dkb: Data, dk0: number, dvb: Data, dv0: number): void {
  const { T, S, D, Dv, qb, kb, vb, q0, k0, v0, scale, pair } = job;
  const { s, p, ds, w, ends, delta, dqAcc, ob, o0, lb, l0, gb, g0 } = sc;
  const nr = Math.min(ROWS, T - i0);
  let end = 0;
  for (let r = 0; r < nr; r++) {
    const i = i0 + r, masked = lb[l0 + l * T + i] === -Infinity; // fully masked: no weights, no gradient
    ends[r] = masked ? 0 : job.keyEnd(i);
    delta[r] = masked ? 0 : dot(gb, g0 + (l * T + i) * Dv, ob, o0 + (l * T + i) * Dv, Dv);
    end = Math.max(end, ends[r]);
  }
  dqAcc.fill(0);
  for (let j0 = 0; j0 < end; j0 += KEY_TILE) {
    const j1 = Math.min(j0 + KEY_TILE, end), n = j1 - j0, ko = k0 + (l * S + j0) * D;
    for (let r = 0; r < nr; r++) {
      const i = i0 + r, er = Math.min(ends[r], j1), er1 = r + 1 < nr ? Math.min(ends[r + 1], j1) : -1;
      if (er === er1) {
        // Rows r and r + 1 see the same keys of this tile: their scores, dP and dq together.
        if (er > j0) job.scores2(l, i, j0, er, s, 0, KEY_TILE);
        const li = lb[l0 + l * T + i], li1 = lb[l0 + l * T + i + 1], go = g0 + (l * T + i) * Dv;
        for (let j = 0; j < n; j++) {
          const pj = j0 + j < er ? Math.exp(s[j] - li) : 0, pk = j0 + j < er ? Math.exp(s[KEY_TILE + j] - li1) : 0;
          p[r * KEY_TILE + j] = pj;
          p[(r + 1) * KEY_TILE + j] = pk;
          if (pj !== 0 || pk !== 0) dot2(gb, go, go + Dv, vb, v0 + (l * S + j0 + j) * Dv, Dv, pair);
          ds[r * KEY_TILE + j] = pj === 0 ? 0 : pj * (pair[0] - delta[r]);
          ds[(r + 1) * KEY_TILE + j] = pk === 0 ? 0 : pk * (pair[1] - delta[r + 1]);
        }
        axpyRows2(dqAcc, r * D, (r + 1) * D, ds, r * KEY_TILE, (r + 1) * KEY_TILE, n, kb, ko, D); // dq_i += Σ_j dS_ij k_j
        r++;
        continue;
      }
      const li = lb[l0 + l * T + i], go = g0 + (l * T + i) * Dv;
      if (er > j0) job.scores(l, i, j0, er, s, 0);
      for (let j = 0; j < n; j++) {
        const pj = j0 + j < er ? Math.exp(s[j] - li) : 0;
        p[r * KEY_TILE + j] = pj;
        ds[r * KEY_TILE + j] = pj === 0 ? 0 : pj * (dot(gb, go, vb, v0 + (l * S + j0 + j) * Dv, Dv) - delta[r]);
      }
      axpyRows(dqAcc, r * D, ds, r * KEY_TILE, n, kb, ko, D); // dq_i += Σ_j dS_ij k_j
    }
    // dv_j += Σ_r P_rj dOut_r and dk_j += scale·Σ_r dS_rj q_r over the block's rows, two keys at a time
    const go = g0 + (l * T + i0) * Dv, qo = q0 + (l * T + i0) * D;
    for (let j = 0; j < n; j += 2) {
      const two = j + 1 < n, dvo = dv0 + (l * S + j0 + j) * Dv, dko = dk0 + (l * S + j0 + j) * D;
      for (let r = 0; r < nr; r++) {
        w[r] = p[r * KEY_TILE + j];
        w[ROWS + r] = two ? p[r * KEY_TILE + j + 1] : 0;
      }
      addKeyRows(dvb, dvo, two ? dvo + Dv : -1, w, nr, gb, go, Dv);
      for (let r = 0; r < nr; r++) {
        w[r] = scale * ds[r * KEY_TILE + j];
        w[ROWS + r] = two ? scale * ds[r * KEY_TILE + j + 1] : 0;
      }
      addKeyRows(dkb, dko, two ? dko + D : -1, w, nr, qb, qo, D);
    }
  }
  for (let r = 0; r < nr * D; r++) dqb[dq0 + (l * T + i0) * D + r] = scale * dqAcc[r];
}
