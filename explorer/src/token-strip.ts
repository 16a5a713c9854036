// The strip under the sentence box: each token as a chip; unknown words struck through with
// "did you mean" buttons that put a suggestion in their place. Never an error page.
import { h } from './dom';
import type { SentenceInfo } from './protocol';

export function tokenStrip(s: SentenceInfo, replace: (from: string, to: string) => void): HTMLElement[] {
  const unknown = s.tokens.filter((t) => !t.known);
  return [
    h('ol', { class: 'token-list', 'aria-label': `Tokens: ${s.words.length} known${unknown.length ? `, ${unknown.length} unknown` : ''}` },
      s.tokens.map((t) => h('li', { class: t.known ? 'token' : 'token unknown', title: t.known ? undefined : 'not in the vocabulary: skipped' },
        t.known ? t.text : h('del', {}, t.text, h('span', { class: 'visually-hidden' }, ' (unknown, skipped)'))))),
    ...unknown.map((t) => h('p', { class: 'unknown-note', 'data-unknown': t.text },
      h('strong', {}, `“${t.text}”`), ' is not in the vocabulary and is skipped.',
      t.suggestions.length ? [' Did you mean ', t.suggestions.map((w, k) => [k ? ' ' : '', h('button', { type: 'button', class: 'suggestion', onclick: () => replace(t.text, w) }, w)]), '?'] : ' No close word found.')),
  ];
}
