// Private to the evaluations: gensim's `ok_vocab`, the words an evaluation may use — the first
// restrictVocab words, keyed by their upper-case form when case-insensitive (the most frequent
// spelling wins, as gensim's reversed() dict comprehension makes it). Cached per vocabulary, since
// building it for 300,000 words costs more than a whole word-pair evaluation. Not a public lookup.
import type { WordVectors } from './word-vectors.js';

const cache = new WeakMap<WordVectors, Map<string, Map<string, number>>>();

/** key (upper-cased when `caseInsensitive`) → row, over the first `end` words. */
export function okVocab(wv: WordVectors, end: number, caseInsensitive: boolean): Map<string, number> {
  if (!caseInsensitive && end >= wv.size) return wv.index;
  let byKey = cache.get(wv);
  if (!byKey) cache.set(wv, (byKey = new Map()));
  const key = `${end}:${caseInsensitive}`;
  let ok = byKey.get(key);
  if (!ok) {
    ok = new Map<string, number>();
    for (let i = 0; i < end; i++) {
      const word = caseInsensitive ? wv.words[i].toUpperCase() : wv.words[i];
      if (!ok.has(word)) ok.set(word, i);
    }
    byKey.set(key, ok);
  }
  return ok;
}
