// Examples → token sequences and the positions the task head reads ("focus"): each task's spec encodes its own
// examples (SST-2: no focus; WiC: the target word in each sentence; idioms: the expression) with the helpers
// here. Long inputs are cut to a window of maxLen
// tokens around the focus. Words → rows: GloVe's frozen rows, plus a small trainable table: <unk>, frequent
// training words GloVe lacks (the wink copy has no "a", "'s", "n't") and, optionally, learned corrections of
// frequent GloVe words (GloVe puts "good" and "bad" close together; a sentiment model needs them apart).
import { tokenize } from '../embeddings/tokenize.js';
import type { WordVectors } from '../embeddings/word-vectors.js';
import { taskSpec, type TaskExample } from './registry.js';

/** One example as the model sees it: one sequence (SST-2) or two (WiC; idioms: the sentence and the expression alone). */
export interface EncodedExample {
  seqs: string[][];
  /** Per sequence, the token positions the head reads (empty for SST-2). */
  focus: number[][];
  label: number | null;
  /** The task's surface cues of the example (`TaskSpec.cues`), when the model reads them. */
  cues?: number[];
}

export interface EncodeOptions {
  /** Longest sequence kept (default 64). */
  maxLen?: number;
  /** Idioms: also read the Previous and Next sentences (default false: the Target sentence only). */
  context?: boolean;
  /** Is a word in the vocabulary? Unknown hyphenated words whose parts are all known become their parts. */
  has?: (word: string) => boolean;
  /** Attach the task's surface cues (`TaskSpec.cues`: idioms, how the expression is written); ignored by tasks without. */
  cues?: boolean;
}

const CLITIC = /^(?:['’](?:s|re|ve|ll|d|m)|n['’]t)$/;

/**
 * GloVe tokens of raw or already tokenised text (GLUE's SST-2 is): a detached clitic ("'s", "n't") stays one token.
 * @example textTokens("it 's not bad") // ['it', "'s", 'not', 'bad']
 */
export function textTokens(text: string): string[] {
  return text.split(/\s+/).filter(Boolean).flatMap((c) => (CLITIC.test(c.toLowerCase()) ? [c.toLowerCase()] : tokenize(c)));
}

/** Split unknown hyphenated tokens into known parts ("well-made" → "well", "-", "made"); `at` maps old → new index. */
export function splitHyphens(tokens: string[], has?: (w: string) => boolean): { tokens: string[]; at: number[] } {
  if (!has) return { tokens, at: tokens.map((_, i) => i) };
  const out: string[] = [], at: number[] = [];
  for (const t of tokens) {
    at.push(out.length);
    const parts = t.split('-');
    if (parts.length > 1 && !has(t) && parts.every((p) => p === '' || has(p))) {
      parts.forEach((p, k) => {
        if (k > 0) out.push('-');
        if (p) out.push(p);
      });
    } else out.push(t);
  }
  return { tokens: out, at };
}

/** Does expression word `m` match sentence token `t`: as an inflection ("shift" / "shifts") or a part ("shirt-khaki")? */
function sameWord(t: string, m: string): boolean {
  if (t === m || t.split('-').includes(m)) return true;
  const stem = m.slice(0, Math.max(3, m.length - 2));
  return m.length >= 3 && t.startsWith(stem) && Math.abs(t.length - m.length) <= 4;
}

/**
 * The first run of `tokens` matching `mwe` word by word (exact matches preferred over inflections), as [start, end).
 * @example findSpan(['the', 'graveyard', 'shifts', 'ended'], ['graveyard', 'shift']) // [1, 3]
 */
export function findSpan(tokens: readonly string[], mwe: readonly string[]): [number, number] | null {
  if (mwe.length === 0) return null;
  for (const match of [(t: string, m: string) => t === m, sameWord]) {
    for (let s = 0; s + mwe.length <= tokens.length; s++) {
      if (mwe.every((m, k) => match(tokens[s + k], m))) return [s, s + mwe.length];
    }
  }
  return null;
}

/** Keep at most maxLen tokens, centred on [start, end); returns the kept window and its offset. */
export function window(tokens: string[], start: number, end: number, maxLen: number): { tokens: string[]; offset: number } {
  if (tokens.length <= maxLen) return { tokens, offset: 0 };
  const room = Math.max(0, maxLen - (end - start));
  const offset = Math.max(0, Math.min(start - Math.floor(room / 2), tokens.length - maxLen));
  return { tokens: tokens.slice(offset, offset + maxLen), offset };
}

/** WiC sentences are already space-tokenised and indexed: keep that tokenisation, lower-cased. */
export function wicSide(sentence: string, index: number, maxLen: number, has?: (w: string) => boolean): { tokens: string[]; focus: number[] } {
  const raw = sentence.split(/\s+/).map((t) => t.toLowerCase());
  const keep = (w: string) => w === raw[index] || !!has?.(w); // the target stays one token
  const split = splitHyphens(raw, has && keep);
  const at = split.at[index];
  const w = window(split.tokens, at, at + 1, maxLen);
  return { tokens: w.tokens, focus: [at - w.offset] };
}

/**
 * Tokens and focus positions of one example.
 * @example encodeExample({ task: 'sst2', text: 'a gorgeous film', label: 1, line: 2 }).seqs // [['a', 'gorgeous', 'film']]
 */
export function encodeExample(ex: TaskExample, opts: EncodeOptions = {}): EncodedExample {
  const spec = taskSpec(ex.task), enc = spec.encode(ex, opts);
  return opts.cues && spec.cues ? { ...enc, cues: spec.cues.of(ex) } : enc;
}

/**
 * Examples encoded the way a model with `config` reads them (its window, context and cues; hyphenated words split
 * where `wv` knows the parts): the one encoding training, evaluation and prediction share.
 * @example encodeWith(model.config, wv, examples)
 */
export function encodeWith(config: { maxLen: number; context: boolean; cues?: boolean }, wv: WordVectors, examples: readonly TaskExample[]): EncodedExample[] {
  const { maxLen, context, cues } = config;
  return examples.map((e) => encodeExample(e, { maxLen, context, cues, has: (w) => wv.has(w) }));
}

/**
 * Word → rows: a frozen GloVe row and/or a row of the model's trainable table. The table holds the extra words
 * (GloVe lacks them; the row is the whole vector, extra[0] = <unk>) followed by the tuned words (GloVe has them;
 * the row is a learned correction added to the frozen vector, so the frozen vectors themselves never change).
 */
export class Vocabulary {
  /** Trainable rows 0..extra.length-1; extra[0] is '<unk>'. */
  readonly extra: string[];
  /** Trainable rows extra.length.. : corrections of these GloVe words' vectors. */
  readonly tuned: string[];
  private readonly extraIndex: Map<string, number>;
  constructor(readonly wv: WordVectors, extra: readonly string[], tuned: readonly string[] = []) {
    this.extra = extra[0] === '<unk>' ? [...extra] : ['<unk>', ...extra];
    this.tuned = [...tuned]; // never filtered: row k of the table must stay tuned word k
    this.extraIndex = new Map(this.extra.map((w, i) => [w, i]));
    this.tuned.forEach((w, k) => this.extraIndex.set(w, this.extra.length + k));
  }
  /** The token's frozen GloVe row (−1 if none) and trainable row (−1 if none; <unk> = 0 when GloVe lacks it too). */
  rows(token: string): { glove: number; trained: number } {
    const g = this.wv.index.get(token) ?? -1;
    const t = this.extraIndex.get(token) ?? (g < 0 ? 0 : -1);
    return { glove: g, trained: t };
  }
  isUnknown(token: string): boolean {
    return !this.wv.index.has(token) && !this.extraIndex.has(token);
  }
}

/** Training-token counts, most frequent first (ties alphabetical, so lists built from them are deterministic). */
function ranked(encoded: readonly EncodedExample[], keep: (w: string) => boolean, minCount: number, max: number): string[] {
  const counts = new Map<string, number>();
  for (const e of encoded) for (const s of e.seqs) for (const t of s) if (keep(t)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts]
    .filter(([, c]) => c >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, max)
    .map(([w]) => w);
}

/**
 * The tuned words: training tokens the vectors have, seen at least `minCount` times, most frequent first, at
 * most `max` (default 0: the vectors stay exactly as pre-trained).
 * @example tunedWords(encoded, wv, { max: 10000 }) // ['the', ',', 'and', ...]
 */
export function tunedWords(encoded: readonly EncodedExample[], wv: WordVectors, { max = 0, minCount = 1 } = {}): string[] {
  return max > 0 ? ranked(encoded, (t) => wv.index.has(t), minCount, max) : [];
}

/**
 * The trainable extra words: tokens of the training data missing from the vectors, seen at least `minCount`
 * times, most frequent first, at most `max` (ties broken alphabetically, so the list is deterministic).
 * @example extraWords(encoded, wv, { max: 500, minCount: 3 }) // ['a', "n't", "'s", ...]
 */
export function extraWords(encoded: readonly EncodedExample[], wv: WordVectors, { max = 1000, minCount = 3 } = {}): string[] {
  return ranked(encoded, (t) => !wv.index.has(t), minCount, max);
}
