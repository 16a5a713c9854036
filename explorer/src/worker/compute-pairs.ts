// The two-sentence views, from the library's own demonstrations: polysemy (one word, two contexts)
// and order (same words, two orders: no positions, sinusoidal, RoPE); plus the static view's
// "cosine between any two words". Reshapes the library's results; RoPE attention is composed from public ops.
import {
  polysemy, order, sinusoidalPositionalEncoding, embedTokens, applyRope, matmul, div, softmax, noGrad, AttnError, type WordVectors,
} from 'attnlab';
import type { OrderData, PolysemyData, SimilarityData, TokenInfo } from '../protocol';
import { analyseSentence } from './sentence';

export async function computePolysemy(wv: WordVectors, a: string, b: string, wanted: string, scale: boolean): Promise<PolysemyData> {
  const A = analyseSentence(wv, a), B = analyseSentence(wv, b);
  const inB = new Set(B.words);
  const shared = [...new Set(A.words.filter((w) => inB.has(w)))];
  const word = shared.includes(wanted) ? wanted : (shared.at(-1) ?? null);
  if (word === null) return { a: A, b: B, shared, word, staticCosine: NaN, contextualCosine: NaN, sides: null };
  const r = await polysemy(wv, word, A.words, B.words, { scale, topk: 6 });
  const side = (k: 0 | 1) => {
    const s = r.sentences[k];
    return {
      sentence: k === 0 ? A : B, at: s.index, weights: s.weights[s.index], neighbours: s.neighbours,
      moved: s.movements.map((m) => ({ word: m.word, before: m.before, after: m.after, versusOther: m.versusOther })),
    };
  };
  return { a: A, b: B, shared, word, staticCosine: r.static.cosine, contextualCosine: r.contextual.cosine, sides: [side(0), side(1)] };
}

export async function computeOrder(wv: WordVectors, a: string, b: string, scale: boolean): Promise<OrderData> {
  const A = analyseSentence(wv, a), B = analyseSentence(wv, b), C = wv.dim;
  const P = Math.max(A.words.length, B.words.length, 16);
  const base = { a: A, b: B, pe: (await sinusoidalPositionalEncoding(P, C).data()) as Float32Array, P, C };
  const none = { rows: [], maxDiffWithout: 0, maxDiffWith: 0, maxDiffRope: 0 };
  if (!A.words.length) return { ...base, ...none, problem: null };
  try {
    const r = await order(wv, A.words, B.words, { scale });
    const ya = await ropeOutputs(wv, A.words, scale), yb = await ropeOutputs(wv, B.words, scale);
    let maxDiffRope = 0;
    const rows = r.withoutPositions.words.map((w, k) => {
      const [i, j] = w.positions;
      let d = 0, ab = 0, aa = 0, bb = 0;
      for (let c = 0; c < C; c++) {
        const u = ya[i * C + c], v = yb[j * C + c];
        d = Math.max(d, Math.abs(u - v));
        ab += u * v; aa += u * u; bb += v * v;
      }
      maxDiffRope = Math.max(maxDiffRope, d);
      return { word: w.word, a: i, b: j, without: w.cosine, with: r.withPositions.words[k].cosine, rope: ab / (Math.sqrt(aa * bb) || 1) };
    });
    return { ...base, problem: null, rows, maxDiffWithout: r.withoutPositions.maxAbsDiff, maxDiffWith: r.withPositions.maxAbsDiff, maxDiffRope };
  } catch (e) {
    if (!(e instanceof AttnError)) throw e;
    return { ...base, ...none, problem: 'A and B must hold the same words in another order: ' + e.message.replace(/^order: /, '') };
  }
}

/**
 * Parameter-free attention with rotary positions: scores from the rotated vectors (so they depend on
 * how far apart two words are), values unrotated. y = softmax(R(X)·R(X)ᵀ / √C) · X, shape (T, C).
 */
async function ropeOutputs(wv: WordVectors, words: string[], scale: boolean): Promise<Float32Array> {
  const y = noGrad(() => {
    const x = embedTokens(wv, words); // (T, C)
    const r = applyRope(x); // (T, C)
    const raw = matmul(r, r, { transB: true }); // (T, T)
    const weights = softmax(scale ? div(raw, Math.sqrt(wv.dim)) : raw, -1);
    return matmul(weights, x); // (T, C)
  });
  return (await y.data()) as Float32Array;
}

export function computeSimilarity(wv: WordVectors, a: string, b: string): SimilarityData {
  const info = (t: string): TokenInfo => analyseSentence(wv, t).tokens[0] ?? { text: t, known: false, suggestions: [] };
  const ta = info(a), tb = info(b);
  return { a: ta, b: tb, cosine: ta.known && tb.known ? wv.similarity(ta.text, tb.text) : null };
}
