// The online softmax made inspectable: for one query row, attention computed over the keys a tile at a time, the
// way the fused kernels do it (FlashAttention's recurrence), with the running max, running sum and partial output
// after every tile as plain numbers. For teaching and the CLI's `attn attend --tiles`: the fast path is the
// `attention` op, which keeps none of this.
import type { Tensor } from '../tensor.js';
import { AttnError } from '../errors.js';
import { shapeStr } from '../shape.js';

export interface AttentionTilesOptions {
  /** The query row i. */
  row: number;
  /** Keys per tile (≥ 1). */
  tileSize: number;
  /** Score scale (default 1/√D). */
  scale?: number;
  /** Query i sees keys j ≤ i + (S − T) only. */
  causal?: boolean;
}

export interface AttentionTile {
  /** The keys [start, end) of this tile. */
  start: number;
  end: number;
  /** s_j = q_i·k_j·scale for this tile's keys (−∞ for a key the causal mask hides). */
  scores: number[];
  /** m: the running max of the scores so far. */
  max: number;
  /** exp(m_before − m): what the sum and output so far were multiplied by, as the max moved (0 on the first). */
  rescale: number;
  /** l = Σ exp(s_j − m) over the keys so far. */
  sum: number;
  /** Σ exp(s_j − m)·v_j / l over the keys so far: attention as if the sentence ended here. */
  output: number[];
}

export interface AttentionTiles {
  row: number;
  tileSize: number;
  scale: number;
  tiles: AttentionTile[];
  /** m + log l after the last tile: the log-sum-exp the fused kernel saves for its backward (−∞ if nothing is seen). */
  lse: number;
  /** The last tile's partial output: the attention output row. */
  output: number[];
}

/**
 * Attention for query row `row` of q (T, D) over k (S, D), v (S, Dv), one key tile at a time.
 * @example
 * const { tiles, output } = await attentionTiles(x, x, x, { row: 1, tileSize: 2 }); // tiles[i].max, .sum, .output
 */
export async function attentionTiles(q: Tensor, k: Tensor, v: Tensor, opts: AttentionTilesOptions): Promise<AttentionTiles> {
  if (q.rank !== 2 || k.rank !== 2 || v.rank !== 2 || k.shape[1] !== q.shape[1] || v.shape[0] !== k.shape[0]) {
    throw new AttnError('E_SHAPE', `attentionTiles: q ${shapeStr(q.shape)}, k ${shapeStr(k.shape)}, v ${shapeStr(v.shape)} should be (T, D), (S, D), (S, Dv)`);
  }
  const [T, D] = q.shape, [S, Dv] = v.shape;
  const { row, tileSize } = opts;
  if (!Number.isInteger(row) || row < 0 || row >= T) throw new AttnError('E_INPUT', `attentionTiles: row ${row} is out of range 0..${T - 1}`);
  if (!Number.isInteger(tileSize) || tileSize < 1) throw new AttnError('E_INPUT', `attentionTiles: tileSize must be a positive integer, got ${tileSize}`);
  const scale = opts.scale ?? 1 / Math.sqrt(D);
  const [qv, kv, vv] = await Promise.all([q.data(), k.data(), v.data()]);
  const seen = opts.causal ? row + S - T : S - 1; // the last key this query may see

  let m = -Infinity, l = 0;
  const acc = new Array<number>(Dv).fill(0); // Σ exp(s_j − m)·v_j, unnormalised
  const tiles: AttentionTile[] = [];
  for (let start = 0; start < S; start += tileSize) {
    const end = Math.min(S, start + tileSize);
    const scores: number[] = [];
    for (let j = start; j < end; j++) {
      let dot = 0;
      for (let d = 0; d < D; d++) dot += qv[row * D + d] * kv[j * D + d];
      scores.push(j <= seen ? dot * scale : -Infinity);
    }
    let mNew = m;
    for (const s of scores) if (s > mNew) mNew = s;
    const rescale = mNew === -Infinity ? 0 : Math.exp(m - mNew); // the old terms, re-expressed under the new max
    l *= rescale;
    for (let d = 0; d < Dv; d++) acc[d] *= rescale;
    scores.forEach((s, jj) => {
      const p = mNew === -Infinity ? 0 : Math.exp(s - mNew);
      l += p;
      for (let d = 0; d < Dv; d++) acc[d] += p * vv[(start + jj) * Dv + d];
    });
    m = mNew;
    tiles.push({ start, end, scores, max: m, rescale, sum: l, output: acc.map((a) => (l === 0 ? 0 : a / l)) });
  }
  return { row, tileSize, scale, tiles, lse: l === 0 ? -Infinity : m + Math.log(l), output: tiles[tiles.length - 1]?.output ?? new Array<number>(Dv).fill(0) };
}
