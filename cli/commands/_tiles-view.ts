// `attn attend --tiles N`: the online softmax of one query word, N keys per tile — a table per tile (each key's
// score and exp(score − m)), then the running max m, the rescale factor, the running sum l and how close the
// partial output still is from the final one. Reads the library's attentionTiles; renders, computes nothing.
import { attentionTiles, type AttentionTiles, type ContextualSentence } from '../../src/index.js';
import { r } from '../output.js';
import { heading, table, fmt } from '../render/text.js';

/** The query word's online softmax over the sentence's own vectors (q = k = v = X, scores ÷ divisor). */
export function tilesOf(s: ContextualSentence, row: number, tileSize: number): Promise<AttentionTiles> {
  return attentionTiles(s.input, s.input, s.input, { row, tileSize, scale: 1 / s.attention.divisor });
}

/** max_d |a_d − b_d|: how far a partial output still is from the final one. */
const maxDiff = (a: number[], b: number[]) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

export function tilesJson(tokens: string[], t: AttentionTiles) {
  return {
    query: { index: t.row, word: tokens[t.row] }, tileSize: t.tileSize, scale: r(t.scale), lse: r(t.lse),
    tiles: t.tiles.map((x) => ({
      keys: tokens.slice(x.start, x.end), start: x.start, end: x.end, scores: x.scores.map((v) => r(v)),
      max: r(x.max), rescale: r(x.rescale), sum: r(x.sum), output: x.output.map((v) => r(v)),
    })),
    output: t.output.map((v) => r(v)),
  };
}

export function renderTiles(tokens: string[], t: AttentionTiles): string {
  const out = [heading(`Online softmax for "${tokens[t.row]}" (word ${t.row + 1}), ${t.tileSize} key${t.tileSize > 1 ? 's' : ''} per tile`),
    'Each tile updates a running max m, rescales what was summed so far by exp(m_before − m), and adds its own',
    'terms: l = Σ exp(s − m), y = Σ exp(s − m)·e / l. No tile needs the scores of another.'];
  t.tiles.forEach((x, n) => {
    out.push('', heading(`tile ${n + 1} of ${t.tiles.length}: keys ${x.start + 1}–${x.end}`));
    out.push(table(['key', 'score s', 'exp(s − m)'], x.scores.map((s, j) => [tokens[x.start + j], fmt(s), fmt(Math.exp(s - x.max))])));
    out.push(`m = ${fmt(x.max)}   rescale = ${fmt(x.rescale)}   l = ${fmt(x.sum)}   max |partial y − final y| = ${fmt(maxDiff(x.output, t.output))}`);
  });
  out.push('', `log-sum-exp m + log l = ${fmt(t.lse)} (what a fused kernel keeps for its backward); the last partial y is the output.`);
  return out.join('\n');
}
