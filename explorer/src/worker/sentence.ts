// Typed text → the words the vectors know, with the library's tokenizer and its 'skip' policy.
// Unknown tokens are kept for display with "did you mean" suggestions, never an error page.
import { tokenize, resolveTokens, suggestWords, type WordVectors } from 'attnlab';
import type { SentenceInfo } from '../protocol';

const suggestionCache = new Map<string, string[]>();

export function analyseSentence(wv: WordVectors, text: string): SentenceInfo {
  const tokens = tokenize(text).map((t) => {
    const kept = resolveTokens([t], wv, { unknown: 'skip' }).tokens; // a known hyphenated word may split
    if (kept.length) return { text: t, known: true, suggestions: [], parts: kept };
    let suggestions = suggestionCache.get(t);
    if (!suggestions) suggestionCache.set(t, (suggestions = suggestWords(wv, t, { max: 3 })));
    return { text: t, known: false, suggestions, parts: [] };
  });
  return {
    tokens: tokens.map(({ text, known, suggestions }) => ({ text, known, suggestions })),
    words: tokens.flatMap((t) => t.parts),
  };
}
