// Counting a corpus's words into a word2vec vocabulary: counts in one streaming pass (sentences pushed
// in as token arrays), then the words reaching minCount, most frequent first (ties keep first
// appearance, as gensim does). Not a tokenizer and not a reader: it sees tokens only.
import { AttnError } from '../../errors.js';

/** The trainer's vocabulary: `words[i]` was seen `counts[i]` times; `totalWords` counts every token, kept or not. */
export interface Vocab {
  words: string[];
  counts: Float64Array;
  index: Map<string, number>;
  /** Tokens in the corpus (all words, including those under minCount). */
  totalWords: number;
  /** Tokens whose word is in the vocabulary. */
  retainedWords: number;
  /** Sentences (lines) counted. */
  sentences: number;
}

/**
 * Counts tokens sentence by sentence; `finish` makes the vocabulary.
 * @example const c = new VocabCounter(); c.add(['a', 'b', 'a']); c.finish(2).words // ['a']
 */
export class VocabCounter {
  private readonly counts = new Map<string, number>();
  private total = 0;
  private lines = 0;

  add(tokens: readonly string[]): void {
    const counts = this.counts;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    this.total += tokens.length;
    this.lines++;
  }

  /** The words seen at least `minCount` times, most frequent first. Throws E_INPUT on an empty corpus or when no word reaches minCount. */
  finish(minCount: number, source = 'corpus'): Vocab {
    if (this.total === 0) throw new AttnError('E_INPUT', `${source}: empty corpus (no words to train on)`);
    const kept: [string, number][] = [];
    let retained = 0, top = 0;
    for (const e of this.counts) {
      if (e[1] > top) top = e[1];
      if (e[1] >= minCount) {
        kept.push(e);
        retained += e[1];
      }
    }
    if (kept.length < 2) {
      throw new AttnError('E_INPUT', `${source}: ${kept.length === 0 ? 'no word' : 'only one word'} appears --min-count ${minCount} times (the most frequent word appears ${top} time${top === 1 ? '' : 's'} in ${this.total.toLocaleString('en')} tokens); lower --min-count or give a larger corpus`);
    }
    kept.sort((a, b) => b[1] - a[1]);
    const words = kept.map((e) => e[0]);
    const counts = Float64Array.from(kept, (e) => e[1]);
    const index = new Map<string, number>();
    for (let i = 0; i < words.length; i++) index.set(words[i], i);
    return { words, counts, index, totalWords: this.total, retainedWords: retained, sentences: this.lines };
  }
}
