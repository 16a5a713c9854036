// "Did you mean": close vocabulary words for an unknown word, by optimal-string-alignment edit distance
// (insert, delete, substitute, swap two neighbours) among the most frequent words, case ignored; and the
// one E_UNKNOWN_WORD error every lookup throws. Not a spelling corrector: no phonetics, no context.
import { AttnError, quote } from '../errors.js';
import type { WordVectors } from './word-vectors.js';

export interface SuggestOptions {
  /** How many suggestions at most (default 3). */
  max?: number;
  /** The largest edit distance suggested (default 2). */
  maxDistance?: number;
  /** Search only the first N (most frequent) words (default 50,000). */
  searchTop?: number;
}

/**
 * Edit distance with adjacent swaps (optimal string alignment), or `limit + 1` as soon as it must exceed `limit`.
 * @example editDistance('recieve', 'receive', 2) === 1
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/**
 * Vocabulary words close to `word`, nearest first, then most frequent first.
 * @example suggestWords(wv, 'kng'); // ['king', 'kong', ...]
 */
export function suggestWords(wv: WordVectors, word: string, options: SuggestOptions = {}): string[] {
  const { max = 3, maxDistance = 2, searchTop = 50_000 } = options;
  const target = word.toLowerCase();
  const found: { word: string; d: number; i: number }[] = [];
  const end = Math.min(searchTop, wv.size);
  for (let i = 0; i < end; i++) {
    const w = wv.words[i];
    // A suggestion is a word: punctuation and symbols (",", "--") are near every short typo, and help no one.
    if (Math.abs(w.length - target.length) > maxDistance || w === word || !/[\p{L}\p{N}]/u.test(w)) continue;
    const d = editDistance(w.toLowerCase(), target, maxDistance);
    if (d <= maxDistance) found.push({ word: w, d, i });
  }
  found.sort((x, y) => x.d - y.d || x.i - y.i);
  return found.slice(0, max).map((f) => f.word);
}

/**
 * The E_UNKNOWN_WORD error for `words`, naming each with its suggestions.
 * @example throw unknownWordsError(wv, ['kng'], 'mostSimilar');
 * // mostSimilar: unknown word "kng" (did you mean "king", "kong"?)
 */
export function unknownWordsError(wv: WordVectors, words: string[], operation: string): AttnError {
  const unique = [...new Set(words)];
  const suggestions: Record<string, string[]> = {};
  const parts = unique.map((w) => {
    const s = suggestWords(wv, w);
    suggestions[w] = s;
    return s.length ? `${quote(w)} (did you mean ${s.map((x) => quote(x)).join(', ')}?)` : quote(w);
  });
  const noun = unique.length === 1 ? 'unknown word' : `${unique.length} unknown words`;
  return new AttnError('E_UNKNOWN_WORD', `${operation}: ${noun} ${parts.join(', ')}`, { words: unique, suggestions });
}
