// Reader for GLUE SST-2 files: tab-separated with a header naming a `sentence` column and, in train/dev, a
// `label` column (0/1); GLUE's test file has `index<TAB>sentence` and no labels. Text in, examples out.
import { formatError } from '../errors.js';
import { eachRow, parseLabel, type ReadOptions, type ReadResult, type Sst2Example } from './examples.js';

/**
 * Parse an SST-2 TSV. A file without a header is read as `sentence<TAB>label`.
 * @example readSst2('sentence\tlabel\na gorgeous film \t1\n').examples[0] // { text: 'a gorgeous film', label: 1, ... }
 */
export function readSst2(text: string, opts: ReadOptions = {}): ReadResult<Sst2Example> {
  const { file } = opts;
  const lines = text.replace(/^\ufeff/, '').split('\n');
  const head = lines[0]?.replace(/\r$/, '').split('\t').map((h) => h.trim().toLowerCase()) ?? [];
  const hasHeader = head.includes('sentence');
  const col = hasHeader ? { sentence: head.indexOf('sentence'), label: head.indexOf('label') } : { sentence: 0, label: 1 };
  const width = hasHeader ? head.length : 2;
  const examples: Sst2Example[] = [];
  const skipped: ReadResult<Sst2Example>['skipped'] = [];
  const rows = lines.map((l, i) => ({ l: l.replace(/\r$/, ''), line: i + 1 })).slice(hasHeader ? 1 : 0);
  eachRow(rows, opts, skipped, ({ l, line }) => {
    if (l.trim() === '') return;
    const f = l.split('\t');
    if (f.length !== width) {
      throw formatError(file, line, `expected ${width} tab-separated fields (${hasHeader ? head.join(', ') : 'sentence, label'}), got ${f.length}`);
    }
    const sentence = f[col.sentence].trim();
    if (!sentence) throw formatError(file, line, 'the sentence is empty');
    const label = col.label >= 0 ? parseLabel(f[col.label], { 0: 0, 1: 1 }, file, line) : null;
    examples.push({ task: 'sst2', text: sentence, label, line });
  });
  if (examples.length === 0 && skipped.length === 0) throw formatError(file, 1, 'no rows (expected a header `sentence<TAB>label` and one row per sentence)');
  return { examples, skipped, filtered: {} };
}
