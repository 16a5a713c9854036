// Analogy evaluation, as gensim 4.2's KeyedVectors.evaluate_word_analogies on questions-words.txt:
// questions with a word outside the first restrictVocab words are skipped; the prediction is the first
// of the top 5 (a, b, c excluded) that is none of a, b, c; accuracy per section and in total.
// Fast because cos(x, b − a + c) ∝ cos(x,b) + cos(x,c) − cos(x,a): the cosines of every row with the
// few hundred distinct question words are computed once, block by block, and shared by all questions;
// a question skips a block whose upper bound cannot enter its top 5 (exact: results are unchanged).
import { formatError } from '../errors.js';
import type { WordVectors } from './word-vectors.js';
import { okVocab } from './_ok-vocab.js';
import { restrictEnd, COSMUL_EPSILON } from './similarity.js';
import { dotRows } from './_dot-rows.js';

export interface AnalogiesOptions {
  /** Questions and answers come from the first N words (default 300,000, gensim's). */
  restrictVocab?: number;
  /** Compare upper-cased words (default true, gensim's). */
  caseInsensitive?: boolean;
  /** '3cosadd' (default, gensim's most_similar) or '3cosmul' (most_similar_cosmul). */
  method?: '3cosadd' | '3cosmul';
  /** Named in error messages. */
  file?: string;
  /** Called after each block of rows. */
  onProgress?: (progress: { rows: number; total: number }) => void;
}

export interface AnalogySection {
  name: string;
  /** correct / total, or 0 when no question of the section could be asked (gensim's convention). */
  accuracy: number;
  correct: number;
  total: number;
}

export interface AnalogiesResult {
  accuracy: number;
  correct: number;
  /** Questions asked (all four words known). */
  total: number;
  sections: AnalogySection[];
  /** Questions skipped for an unknown word, and their percentage of all questions. */
  oov: number;
  oovRatio: number;
}

/** Candidates kept per question: gensim asks most_similar for topn=5. */
const TOPN = 5;

interface Question {
  section: number;
  rows: [number, number, number]; // a, b, c
  keys: [string, string, string, string]; // a, b, c, expected (upper-cased when case-insensitive)
}

/**
 * Accuracy on analogy questions ("a b c d": a is to b as c is to d) grouped by `: section` lines.
 * @example evaluateAnalogies(wv, ': family\nboy girl brother sister\n'); // { accuracy, correct, total, sections, ... }
 */
export function evaluateAnalogies(wv: WordVectors, text: string, options: AnalogiesOptions = {}): AnalogiesResult {
  const { caseInsensitive = true, method = '3cosadd' } = options;
  const end = restrictEnd(wv, options.restrictVocab ?? 300_000, 'evaluateAnalogies');
  const ok = okVocab(wv, end, caseInsensitive);
  const { names, questions, oov, lines } = parseQuestions(text, ok, caseInsensitive, options.file);

  // Distinct question words → columns of Q (K, C), their unit vectors.
  const C = wv.dim;
  const column = new Map<number, number>();
  for (const q of questions) for (const r of q.rows) if (!column.has(r)) column.set(r, column.size);
  const K = column.size;
  const Q = new Float64Array(K * C);
  for (const [r, k] of column) Q.set(wv.unitRow(r), k * C);
  const inv = wv.inverseNorms();
  const cols = new Int32Array(questions.flatMap((q) => q.rows.map((r) => column.get(r)!)));

  const nq = questions.length;
  const top = new QuestionTops(questions);
  const add = method === '3cosadd';
  const scan = add ? scanCosAdd : scanCosMul;
  const B = 512; // rows per block: small blocks make the skipping bound below tight
  const cos = new Float32Array(K * B); // (K, B): cosines of the block's rows with each question word
  const colMax = new Float64Array(K);
  for (let start = 0; start < end && nq > 0; start += B) {
    const stop = Math.min(end, start + B);
    const n = stop - start;
    dotRows(wv.vectors, C, start, stop, Q, K, cos, B);
    for (let k = 0; k < K; k++) {
      let max = -Infinity;
      for (let j = 0; j < n; j++) {
        const v = (cos[k * B + j] *= inv[start + j]);
        if (v > max) max = v;
      }
      colMax[k] = max;
    }
    // A question whose best possible score in this block cannot enter its top 5 skips the block. The bound
    // is max over rows of the (a, b) part, shared by the consecutive questions with the same a and b,
    // combined with the column maximum for c.
    let pa = -1, pb = -1, pairMax = 0;
    for (let qi = 0; qi < nq; qi++) {
      const qa = cols[3 * qi] * B, qb = cols[3 * qi + 1] * B, kc = cols[3 * qi + 2];
      if (qa !== pa || qb !== pb) {
        pa = qa;
        pb = qb;
        pairMax = add ? maxDifference(cos, qa, qb, n) : maxRatio(cos, qa, qb, n);
      }
      const bound = add ? pairMax + colMax[kc] : pairMax * ((1 + colMax[kc]) / 2);
      if (bound + 1e-9 <= top.threshold(qi)) continue;
      scan(cos, qa, qb, kc * B, n, start, qi, top);
    }
    options.onProgress?.({ rows: stop, total: end });
  }

  const correct = new Array<number>(names.length).fill(0);
  const total = new Array<number>(names.length).fill(0);
  questions.forEach((q, qi) => {
    const [a, b, c, expected] = q.keys;
    let predicted: string | undefined;
    for (let k = 0; k < TOPN; k++) {
      const row = top.rows[qi * TOPN + k];
      if (row < 0) break;
      predicted = caseInsensitive ? wv.words[row].toUpperCase() : wv.words[row];
      if (ok.has(predicted) && predicted !== a && predicted !== b && predicted !== c) break;
    }
    total[q.section]++;
    if (predicted === expected) correct[q.section]++;
  });
  const sections = names.map((name, i) => ({ name, accuracy: total[i] ? correct[i] / total[i] : 0, correct: correct[i], total: total[i] }));
  const sumCorrect = correct.reduce((x, y) => x + y, 0);
  const sumTotal = total.reduce((x, y) => x + y, 0);
  return {
    accuracy: sumTotal ? sumCorrect / sumTotal : 0,
    correct: sumCorrect,
    total: sumTotal,
    sections,
    oov,
    oovRatio: lines ? (oov / lines) * 100 : 0,
  };
}

/** 3CosAdd over one block: cos(x, b) + cos(x, c) − cos(x, a) (∝ cos(x, b − a + c)). */
function scanCosAdd(cos: Float32Array, pa: number, pb: number, pc: number, n: number, start: number, qi: number, top: QuestionTops): void {
  let threshold = top.threshold(qi);
  for (let j = 0; j < n; j++) {
    const s = cos[pb + j] + cos[pc + j] - cos[pa + j];
    if (s > threshold) threshold = top.insert(qi, s, start + j);
  }
}

/** 3CosMul over one block: cos'(x, b) · cos'(x, c) / (cos'(x, a) + ε), cos' = (1 + cos) / 2. */
function scanCosMul(cos: Float32Array, pa: number, pb: number, pc: number, n: number, start: number, qi: number, top: QuestionTops): void {
  let threshold = top.threshold(qi);
  for (let j = 0; j < n; j++) {
    const s = (((1 + cos[pb + j]) / 2) * ((1 + cos[pc + j]) / 2)) / ((1 + cos[pa + j]) / 2 + COSMUL_EPSILON);
    if (s > threshold) threshold = top.insert(qi, s, start + j);
  }
}

/** max over the block of cos(x, b) − cos(x, a). */
function maxDifference(cos: Float32Array, pa: number, pb: number, n: number): number {
  let max = -Infinity;
  for (let j = 0; j < n; j++) max = Math.max(max, cos[pb + j] - cos[pa + j]);
  return max;
}

/** max over the block of cos'(x, b) / (cos'(x, a) + ε). */
function maxRatio(cos: Float32Array, pa: number, pb: number, n: number): number {
  let max = -Infinity;
  for (let j = 0; j < n; j++) max = Math.max(max, ((1 + cos[pb + j]) / 2) / ((1 + cos[pa + j]) / 2 + COSMUL_EPSILON));
  return max;
}

/** The best TOPN (score, row) of every question, each list sorted best first; a, b, c never enter. */
class QuestionTops {
  readonly scores: Float64Array;
  readonly rows: Int32Array;
  private readonly asked: Int32Array; // (nq, 3) rows of a, b, c
  constructor(questions: Question[]) {
    this.scores = new Float64Array(questions.length * TOPN).fill(-Infinity);
    this.rows = new Int32Array(questions.length * TOPN).fill(-1);
    this.asked = new Int32Array(questions.flatMap((q) => q.rows));
  }

  threshold(qi: number): number {
    return this.scores[qi * TOPN + TOPN - 1];
  }

  /** Inserts (s, row) unless row is a question word; returns the new threshold. */
  insert(qi: number, s: number, row: number): number {
    const { scores, rows, asked } = this;
    const t = qi * TOPN;
    if (row === asked[3 * qi] || row === asked[3 * qi + 1] || row === asked[3 * qi + 2]) return scores[t + TOPN - 1];
    let k = TOPN - 1; // shift worse entries down
    while (k > 0 && scores[t + k - 1] < s) {
      scores[t + k] = scores[t + k - 1];
      rows[t + k] = rows[t + k - 1];
      k--;
    }
    scores[t + k] = s;
    rows[t + k] = row;
    return scores[t + TOPN - 1];
  }
}

/** Sections and the questions whose four words are in `ok`. */
function parseQuestions(text: string, ok: Map<string, number>, caseInsensitive: boolean, file?: string) {
  const names: string[] = [];
  const questions: Question[] = [];
  let oov = 0;
  let lines = 0;
  text.split('\n').forEach((raw, n) => {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith(': ')) {
      names.push(line.slice(2).trim());
      return;
    }
    if (line.trim() === '') return;
    if (names.length === 0) throw formatError(file, n + 1, 'a question before the first ": section" line');
    const words = line.trim().split(/\s+/);
    if (words.length !== 4) throw formatError(file, n + 1, `expected 4 words (a b c d: a is to b as c is to d), found ${words.length}`);
    lines++;
    const keys = words.map((w) => (caseInsensitive ? w.toUpperCase() : w)) as Question['keys'];
    const rows = keys.map((k) => ok.get(k));
    if (rows.some((r) => r === undefined)) {
      oov++;
      return;
    }
    questions.push({ section: names.length - 1, rows: rows.slice(0, 3) as Question['rows'], keys });
  });
  if (lines === 0) throw formatError(file, undefined, 'no analogy questions in the file');
  return { names, questions, oov, lines };
}
