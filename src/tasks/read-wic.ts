// Reader for WiC (Pilehvar & Camacho-Collados 2019): `word<TAB>PoS<TAB>i-j<TAB>sentence1<TAB>sentence2`, i and j
// the target's 0-based index in each space-tokenised sentence, with gold `T`/`F` lines in a separate file
// aligned line by line. Text in, examples out; the two files' names only serve error messages.
import { formatError } from '../errors.js';
import { eachRow, parseLabel, type ReadOptions, type ReadResult, type WicExample } from './examples.js';

export interface WicReadOptions extends ReadOptions {
  /** The gold file's text (`T` or `F` per line, aligned with the data lines); labels are null without it. */
  gold?: string;
  /** The gold file's name, for error messages. */
  goldFile?: string;
}

const splitLines = (text: string) => {
  const lines = text.replace(/^\ufeff/, '').split('\n').map((l) => l.replace(/\r$/, ''));
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  return lines;
};

/**
 * Parse WiC data (and gold) text.
 * @example readWic('bank\tN\t4-5\tHe sat on the bank .\tShe robbed the big bank .', { gold: 'F' }).examples[0].label // 0
 */
export function readWic(text: string, opts: WicReadOptions = {}): ReadResult<WicExample> {
  const { file, goldFile } = opts;
  const lines = splitLines(text);
  const gold = opts.gold === undefined ? undefined : splitLines(opts.gold);
  if (gold && gold.length !== lines.length) {
    throw formatError(goldFile, Math.min(gold.length, lines.length) + 1, `the gold file has ${gold.length} lines but the data file ${file ?? ''} has ${lines.length}; they must be aligned line by line`);
  }
  const examples: WicExample[] = [];
  const skipped: ReadResult<WicExample>['skipped'] = [];
  eachRow(lines.map((l, i) => ({ l, line: i + 1 })), opts, skipped, ({ l, line }) => {
    if (l.trim() === '') throw formatError(file, line, 'empty line (every line is one example, aligned with the gold file)');
    const f = l.split('\t');
    if (f.length !== 5) throw formatError(file, line, `expected 5 tab-separated fields (word, PoS, i-j, sentence1, sentence2), got ${f.length}`);
    const [word, pos, idx, sentence1, sentence2] = f;
    if (!word.trim()) throw formatError(file, line, 'the target word is empty');
    const m = /^(\d+)-(\d+)$/.exec(idx.trim());
    if (!m) throw formatError(file, line, `indices '${idx}' are not of the form i-j (two token indices)`);
    const [index1, index2] = [Number(m[1]), Number(m[2])];
    const t1 = sentence1.trim().split(/\s+/), t2 = sentence2.trim().split(/\s+/);
    if (!sentence1.trim() || !sentence2.trim()) throw formatError(file, line, 'a sentence is empty');
    if (index1 >= t1.length) throw formatError(file, line, `index ${index1} is past the end of sentence 1 (${t1.length} tokens)`);
    if (index2 >= t2.length) throw formatError(file, line, `index ${index2} is past the end of sentence 2 (${t2.length} tokens)`);
    const label = gold ? parseLabel(gold[line - 1], { T: 1, F: 0 }, goldFile, line) : null;
    examples.push({ task: 'wic', word: word.trim(), pos: pos.trim(), index1, index2, sentence1: sentence1.trim(), sentence2: sentence2.trim(), label, line });
  });
  if (examples.length === 0 && skipped.length === 0) throw formatError(file, 1, 'no examples');
  return { examples, skipped, filtered: {} };
}
