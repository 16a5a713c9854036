// The three shipped tasks' examples and the result type every reader returns. Types and small helpers for the
// readers (read-*.ts); task names, labels and the rest of each task live in its spec (registry.ts). Labels are
// the datasets' own integers, never remapped.
import { AttnError, formatError } from '../errors.js';
import type { TaskExample } from './registry.js';

export type { TaskName, TaskExample } from './registry.js';

/** A GLUE SST-2 row: a (lower-cased, tokenised) sentence or phrase and its sentiment. */
export interface Sst2Example {
  task: 'sst2';
  text: string;
  /** 0 negative, 1 positive; null when the file has no labels (GLUE test). */
  label: number | null;
  line: number;
}

/** A WiC pair: the target word in two space-tokenised sentences, at token indices index1 and index2. */
export interface WicExample {
  task: 'wic';
  word: string;
  /** 'N' or 'V'. */
  pos: string;
  index1: number;
  index2: number;
  sentence1: string;
  sentence2: string;
  /** 1 same sense (T), 0 different (F); null without gold. */
  label: number | null;
  line: number;
}

/** A SemEval-2022 Task 2A row: a multi-word expression in its Target sentence, with the sentences around it. */
export interface IdiomExample {
  task: 'idiom';
  /** `ID` (dev/eval files) or `DataID` (train files). */
  id: string;
  language: string;
  mwe: string;
  previous: string;
  target: string;
  next: string;
  /** 0 idiomatic, 1 literal; null without gold. */
  label: number | null;
  line: number;
}

/** A row left out with `skipBad`: where and why. */
export interface SkippedRow {
  file?: string;
  line: number;
  reason: string;
}

export interface ReadResult<E> {
  examples: E[];
  /** Malformed rows skipped (only with `skipBad`; otherwise the first one throws). */
  skipped: SkippedRow[];
  /** Well-formed rows left out on purpose, e.g. Portuguese idioms: reason → count. */
  filtered: Record<string, number>;
}

export interface ReadOptions {
  /** Named in error messages (`file:line: message`). */
  file?: string;
  /** Skip malformed rows and count them instead of throwing at the first. */
  skipBad?: boolean;
}

/** Calls `row` for each record; a thrown E_FORMAT either propagates or, with skipBad, is recorded and skipped. */
export function eachRow<R>(items: Iterable<R>, opts: ReadOptions, skipped: SkippedRow[], row: (item: R) => void): void {
  for (const item of items) {
    try {
      row(item);
    } catch (e) {
      if (!opts.skipBad || !(e instanceof AttnError) || e.code !== 'E_FORMAT') throw e;
      skipped.push({ file: e.details.file, line: e.details.line ?? 0, reason: e.message.replace(/^.*?:\d+: /, '') });
    }
  }
}

/** A label field → 0 / 1, or an E_FORMAT error naming the accepted values. */
export function parseLabel(value: string, accepted: Record<string, number>, file: string | undefined, line: number): number {
  const v = accepted[value.trim()];
  if (v === undefined) throw formatError(file, line, `label '${value}' is not one of ${Object.keys(accepted).join(', ')}`);
  return v;
}

/** Throws when a task needs labels and some example has none. */
export function requireLabels(examples: readonly TaskExample[], what: string): void {
  const missing = examples.find((e) => e.label === null);
  if (missing) throw new AttnError('E_INPUT', `${what}: the row at line ${missing.line} has no gold label (give the labels in the file or with --gold)`);
}
