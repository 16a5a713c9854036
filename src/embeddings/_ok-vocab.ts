// Private to the evaluations: gensim's `ok_vocab`, the words an evaluation may use — the first
// restrictVocab words, keyed by their upper-case form when case-insensitive (the most frequent
// spelling wins, as gensim's reversed() dict comprehension makes it). Not a public lookup.
import type { WordVectors } from './word-vectors.js';

/** key (upper-cased when `caseInsensitive`) → row, over the first `end` words. */
export function okVocab(wv: WordVectors, end: number, caseInsensitive: boolean): Map<string, number> {
  const ok = new Map<string, number>();
  for (let i = 0; i < end; i++) {
    const key = caseInsensitive ? wv.words[i].toUpperCase() : wv.words[i];
    if (!ok.has(key)) ok.set(key, i);
  }
  return ok;
}
