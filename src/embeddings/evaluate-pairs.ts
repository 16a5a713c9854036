// Word-pair evaluation, as gensim 4.2's KeyedVectors.evaluate_word_pairs: Pearson and Spearman between
// human scores and the model's cosines, pairs with a word outside the first restrictVocab words skipped
// and counted in oovRatio (a percentage), case-insensitive by default. Reads WordSim/MEN/SimLex-style
// text (comma, tab or space separated, header or not). Unlike gensim, a malformed line is an error.
import { AttnError, formatError } from '../errors.js';
import type { WordVectors } from './word-vectors.js';
import { pearson, spearman } from './correlation.js';
import { okVocab } from './_ok-vocab.js';
import { restrictEnd, rowDot } from './similarity.js';

/** One judged pair: two words and a human score. */
export type WordPairRow = [string, string, number] | { a: string; b: string; score: number };

export interface WordPairsOptions {
  /** Only the first N words count as known (default 300,000, gensim's). */
  restrictVocab?: number;
  /** Compare upper-cased words (default true, gensim's). */
  caseInsensitive?: boolean;
  /** Field separator: 'auto' (default: tab, else comma, else whitespace), or the separator itself. */
  delimiter?: string;
  /** 'auto' (default): a first line whose score is not a number is a header; true/false: there is/isn't one. */
  header?: 'auto' | boolean;
  /** Named in error messages. */
  file?: string;
}

export interface WordPairsResult {
  /** Pairs scored (both words known). */
  pairs: number;
  pearson: number;
  spearman: number;
  /** Percentage of pairs skipped for an unknown word, as gensim reports it. */
  oovRatio: number;
  /** Pairs skipped for an unknown word. */
  oov: number;
}

/**
 * Correlation of the model's cosines with human similarity judgements.
 * @example evaluateWordPairs(wv, 'Word 1,Word 2,Human (mean)\ntiger,cat,7.35\n...'); // { pairs, pearson, spearman, oovRatio, oov }
 */
export function evaluateWordPairs(wv: WordVectors, input: string | WordPairRow[], options: WordPairsOptions = {}): WordPairsResult {
  const { caseInsensitive = true } = options;
  const end = restrictEnd(wv, options.restrictVocab ?? 300_000, 'evaluateWordPairs');
  const rows = typeof input === 'string' ? parsePairs(input, options) : input.map(checkRow);
  const ok = okVocab(wv, end, caseInsensitive);
  const inv = wv.inverseNorms();
  const gold: number[] = [];
  const model: number[] = [];
  let oov = 0;
  for (const [a, b, score] of rows) {
    const ia = ok.get(caseInsensitive ? a.toUpperCase() : a);
    const ib = ok.get(caseInsensitive ? b.toUpperCase() : b);
    if (ia === undefined || ib === undefined) {
      oov++;
      continue;
    }
    gold.push(score);
    model.push(Math.fround(rowDot(wv, ia, ib) * inv[ia] * inv[ib])); // gensim's similarity is a float32
  }
  if (gold.length < 2) {
    throw new AttnError('E_INPUT', `evaluateWordPairs: ${gold.length} of ${rows.length} pairs have both words in the vocabulary; at least 2 are needed`);
  }
  return { pairs: gold.length, pearson: pearson(gold, model), spearman: spearman(gold, model), oovRatio: (oov / (gold.length + oov)) * 100, oov };
}

/**
 * Rows of a pair file: `word1 SEP word2 SEP score`, `#` comments and blank lines skipped.
 * @example parsePairs('Word 1,Word 2,Human (mean)\ntiger,cat,7.35\n'); // [['tiger', 'cat', 7.35]]
 */
export function parsePairs(text: string, options: WordPairsOptions = {}): [string, string, number][] {
  const { file, header = 'auto' } = options;
  const lines = text.split('\n');
  const rows: [string, string, number][] = [];
  let delimiter = options.delimiter ?? 'auto';
  let first = true;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (delimiter === 'auto') delimiter = line.includes('\t') ? '\t' : line.includes(',') ? ',' : ' ';
    const fields = delimiter === ' ' ? line.trim().split(/\s+/) : line.split(delimiter).map((f) => f.trim());
    const score = fields.length === 3 && fields[2] !== '' ? Number(fields[2]) : NaN;
    const isFirst = first;
    first = false;
    if (isFirst && (header === true || (header === 'auto' && !Number.isFinite(score)))) continue;
    const sep = delimiter === '\t' ? 'tab' : delimiter === ' ' ? 'space' : `"${delimiter}"`;
    if (fields.length !== 3) throw formatError(file, n + 1, `expected 3 fields (word1, word2, score) separated by ${sep}, found ${fields.length}`);
    if (!Number.isFinite(score)) throw formatError(file, n + 1, `the score "${fields[2]}" is not a number`);
    if (!fields[0] || !fields[1]) throw formatError(file, n + 1, 'an empty word');
    rows.push([fields[0], fields[1], score]);
  }
  if (rows.length === 0) throw formatError(file, undefined, 'no word pairs in the file');
  return rows;
}

function checkRow(row: WordPairRow): [string, string, number] {
  const [a, b, score] = Array.isArray(row) ? row : [row.a, row.b, row.score];
  if (typeof a !== 'string' || typeof b !== 'string' || !a || !b || !Number.isFinite(score)) {
    throw new AttnError('E_INPUT', `evaluateWordPairs: a row must be [word1, word2, score] with a finite score, got ${JSON.stringify(row)}`);
  }
  return [a, b, score];
}
