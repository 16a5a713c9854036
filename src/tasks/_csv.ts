// A small RFC 4180 CSV reader for the task datasets: quoted fields with commas, doubled quotes and line
// breaks inside, CRLF or LF, a UTF-8 BOM. Each record remembers the line it starts on, for error messages.
// Not a general CSV library: one delimiter (comma), no type inference, no streaming.
import { formatError } from '../errors.js';

export interface CsvRecord {
  /** The fields, unquoted. */
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
}

/**
 * Split CSV text into records. Throws E_FORMAT with file and line for an unterminated quote or text after a
 * closing quote (nothing after them could be trusted, so `--skip-bad` cannot skip these).
 * @example parseCsv('a,b\n1,"x, y"\n').map((r) => r.fields) // [['a', 'b'], ['1', 'x, y']]
 */
export function parseCsv(text: string, file?: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        const quoteLine = line;
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw formatError(file, quoteLine, 'a quoted field is never closed (a missing ")');
          const chunk = text.slice(i, q);
          for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) line++;
          value += chunk;
          if (text[q + 1] === '"') {
            value += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          throw formatError(file, line, `unexpected text after a closing quote: ${JSON.stringify(text.slice(i, i + 20))}`);
        }
      } else {
        let j = i;
        while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    if (!(fields.length === 1 && fields[0] === '')) records.push({ fields, line: start });
  }
  return records;
}
