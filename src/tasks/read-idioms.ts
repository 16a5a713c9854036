// Reader for SemEval-2022 Task 2A (idiomaticity) CSV files: columns found by header name — `ID` or `DataID`,
// `Language`, `MWE`, `Previous`, `Target`, `Next`, and `Label` (or `label`) when the file carries gold — or the
// gold in a separate CSV joined by `ID` (the task's `dev_gold.csv`: `ID,DataID,Language,Label`).
// Rows in other languages are counted and left out: the vectors are English.
import { formatError } from '../errors.js';
import { parseCsv, type CsvRecord } from './_csv.js';
import { findSpan, textTokens } from './encode.js';
import { eachRow, parseLabel, type IdiomExample, type ReadOptions, type ReadResult } from './examples.js';

export interface IdiomReadOptions extends ReadOptions {
  /** A gold CSV's text, joined to the data by `ID` (or `DataID`). */
  gold?: string;
  goldFile?: string;
  /** Languages to keep (default ['EN']); rows in others are counted in `filtered`. */
  languages?: readonly string[];
}

function columns(header: CsvRecord): Map<string, number> {
  const m = new Map<string, number>();
  header.fields.forEach((h, i) => m.set(h.trim().toLowerCase(), i));
  return m;
}

function goldById(text: string, file: string | undefined): Map<string, { label: string; line: number }> {
  const [header, ...rows] = parseCsv(text, file);
  if (!header) throw formatError(file, 1, 'the gold file is empty (expected a header with ID and Label columns)');
  const col = columns(header);
  const id = col.get('id') ?? col.get('dataid'), label = col.get('label');
  if (id === undefined || label === undefined) {
    throw formatError(file, header.line, `the gold header needs ID (or DataID) and Label columns, got: ${header.fields.join(', ')}`);
  }
  const out = new Map<string, { label: string; line: number }>();
  for (const r of rows) {
    if (r.fields.length !== header.fields.length) throw formatError(file, r.line, `expected ${header.fields.length} fields, got ${r.fields.length}`);
    out.set(r.fields[id].trim(), { label: r.fields[label], line: r.line });
  }
  return out;
}

/**
 * Parse a SemEval-2022 Task 2A CSV (with labels, with a gold CSV, or without labels).
 * @example
 * readIdioms('DataID,Language,MWE,Setting,Previous,Target,Next,Label\nx.1,EN,big fish,zero_shot,,He is a big fish.,,0\n').examples[0].mwe // 'big fish'
 */
export function readIdioms(text: string, opts: IdiomReadOptions = {}): ReadResult<IdiomExample> {
  const { file } = opts;
  const languages = new Set((opts.languages ?? ['EN']).map((l) => l.toUpperCase()));
  const [header, ...rows] = parseCsv(text, file);
  if (!header) throw formatError(file, 1, 'the file is empty (expected a header with MWE, Target, Language, ... columns)');
  const col = columns(header);
  const need = ['language', 'mwe', 'target'].filter((c) => !col.has(c));
  if (!col.has('id') && !col.has('dataid')) need.push('ID or DataID');
  if (need.length) throw formatError(file, header.line, `the header lacks ${need.join(', ')} (got: ${header.fields.join(', ')})`);
  const idCol = col.get('id') ?? col.get('dataid')!;
  const labelCol = col.get('label');
  const gold = opts.gold === undefined ? undefined : goldById(opts.gold, opts.goldFile);
  const examples: IdiomExample[] = [];
  const skipped: ReadResult<IdiomExample>['skipped'] = [];
  const filtered: Record<string, number> = {};
  const field = (r: CsvRecord, name: string) => (col.has(name) ? r.fields[col.get(name)!] : '');
  eachRow(rows, opts, skipped, (r) => {
    if (r.fields.length !== header.fields.length) throw formatError(file, r.line, `expected ${header.fields.length} fields (${header.fields.join(', ')}), got ${r.fields.length}`);
    const language = field(r, 'language').trim().toUpperCase();
    if (!languages.has(language)) {
      const why = `language ${language || '(empty)'} (the word vectors are English)`;
      filtered[why] = (filtered[why] ?? 0) + 1;
      return;
    }
    const id = r.fields[idCol].trim();
    const mwe = field(r, 'mwe').trim(), target = field(r, 'target').trim();
    if (!id) throw formatError(file, r.line, 'the ID is empty');
    if (!mwe) throw formatError(file, r.line, 'the MWE is empty');
    if (!target) throw formatError(file, r.line, 'the Target sentence is empty');
    if (!findSpan(textTokens(target), textTokens(mwe))) throw formatError(file, r.line, `the expression "${mwe}" does not occur in the Target sentence`);
    let label: number | null = null;
    if (gold) {
      const g = gold.get(id);
      if (!g) throw formatError(file, r.line, `no gold label for ID ${id} in ${opts.goldFile ?? 'the gold file'}`);
      label = parseLabel(g.label, { 0: 0, 1: 1 }, opts.goldFile, g.line);
    } else if (labelCol !== undefined) {
      label = parseLabel(r.fields[labelCol], { 0: 0, 1: 1 }, file, r.line);
    }
    examples.push({ task: 'idiom', id, language, mwe, previous: field(r, 'previous').trim(), target, next: field(r, 'next').trim(), label, line: r.line });
  });
  if (examples.length === 0 && skipped.length === 0 && Object.keys(filtered).length === 0) throw formatError(file, 1, 'no rows');
  return { examples, skipped, filtered };
}
