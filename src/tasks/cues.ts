// Surface cues of an idiom's use that the lower-cased word vectors cannot see: how the expression is written.
// "Big Fish" capitalised mid-sentence is a name (a literal, non-idiomatic use in SemEval-2022 Task 2A's
// labels), while "the so-called “double dutch”" in quotation marks is talk about the phrase, nearly always
// idiomatic. They say nothing about which expression it is, so they transfer to expressions never seen in training.
import type { IdiomExample } from './examples.js';

/** Names of the cues, in the order `idiomCues` returns them. */
export const IDIOM_CUES = ['capitalised mid-sentence', 'capitalised at the start', 'partly capitalised', 'in quotation marks'] as const;

const QUOTES = /["“”'‘’«»]/;

/**
 * The expression's cues in its Target sentence, each 0 or 1 (all 0 when the expression is not found as written).
 * @example idiomCues({ task: 'idiom', id: 'x', language: 'EN', mwe: 'big fish', previous: '', target: 'We saw Big Fish.', next: '', label: null, line: 1 }) // [1, 0, 0, 0]
 */
export function idiomCues(ex: IdiomExample): number[] {
  const at = ex.target.toLowerCase().indexOf(ex.mwe.toLowerCase());
  if (at < 0) return IDIOM_CUES.map(() => 0);
  const words = ex.target.slice(at, at + ex.mwe.length).split(/\s+/);
  // A sentence's first letter is capitalised whatever the expression means: only the other words count then.
  const start = at === 0 || /[.!?]["”’)]?\s*$/.test(ex.target.slice(0, at));
  const read = start ? words.slice(1) : words;
  const upper = read.filter((w) => /^\p{Lu}/u.test(w)).length;
  const capitalised = read.length > 0 && upper === read.length, partly = upper > 0 && !capitalised;
  const quoted = QUOTES.test(ex.target[at - 1] ?? '') || QUOTES.test(ex.target[at + ex.mwe.length] ?? '');
  return [capitalised && !start ? 1 : 0, capitalised && start ? 1 : 0, partly ? 1 : 0, quoted ? 1 : 0];
}
