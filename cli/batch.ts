// Batch input for the commands that take one input per line (`--file F`, or `--file -` for stdin): lines are read
// as they arrive and each is handled before the next is read, so output streams (one JSON object per line with
// --json). A failing line does not stop the batch: it is reported (with --json as {"line", "error"} in its place on
// stdout), and the command exits 1 at the end, saying how many lines failed. A progress bar on stderr for long
// batches (cli/progress.ts says when).
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { AttnError, Tensor } from '../src/index.js';
import { terminalSafe } from './output.js';
import { batchProgress, noteLine } from './progress.js';

/**
 * Calls `each(text, line)` for every non-blank line of `path` ('-' = stdin), in order, one at a time.
 * @example await forEachLine('sentences.txt', async (s) => print(s), { json: true });
 */
export async function forEachLine(path: string, each: (text: string, line: number) => Promise<void> | void, { json }: { json: boolean }): Promise<void> {
  let size: number | undefined;
  if (path !== '-') {
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) throw new AttnError('E_NOT_FOUND', `--file ${path}: no such file`, { file: path });
    if (!st.isFile() && !st.isFIFO()) throw new AttnError('E_INPUT', `--file ${path}: not a file (a folder or a device); give a text file with one input per line, or - for stdin`, { file: path });
    if (st.isFile()) size = st.size;
  }
  const name = path === '-' ? 'stdin' : path;
  const lines = createInterface({ input: path === '-' ? process.stdin : createReadStream(path), crlfDelay: Infinity });
  const progress = batchProgress(name, size);
  let n = 0, failed = 0, done = 0;
  try {
    for await (const text of lines) {
      n++;
      const bytes = Buffer.byteLength(text) + 1; // and its line break
      if (!text.trim()) {
        progress.line(bytes);
        continue;
      }
      try {
        await each(text, n);
        done++;
      } catch (e) {
        if (!(e instanceof AttnError)) throw e;
        failed++;
        if (json) process.stdout.write(JSON.stringify({ line: n, error: { code: e.code, message: e.message, ...e.details } }) + '\n');
        else noteLine(`attn: error: ${terminalSafe(`${name}:${n}: ${e.message}`)}`);
      }
      progress.line(bytes);
    }
  } finally {
    progress.stop();
  }
  if (failed) throw new AttnError('E_INPUT', `${name}: ${failed} of ${failed + done} lines failed (each is reported above)`, { file: name });
}

/** Dispose every tensor reachable from `x` (a result object): a batch of a million lines must not keep them. */
export function releaseTensors(x: unknown, seen = new Set<unknown>()): void {
  if (!x || typeof x !== 'object' || seen.has(x)) return;
  seen.add(x);
  if (x instanceof Tensor) {
    if (!x.disposed) x.dispose();
    return;
  }
  for (const v of Object.values(x)) releaseTensors(v, seen);
}

/**
 * A batch line's tab-separated fields, exactly `want` of them (`usage` names them in the error).
 * @example fieldsOf('bank\tmoney bank\triver bank', 3, 'WORD<TAB>SENTENCE 1<TAB>SENTENCE 2')
 */
export function fieldsOf(text: string, want: number, usage: string): string[] {
  const fields = text.split('\t');
  if (fields.length !== want) throw new AttnError('E_INPUT', `expected ${want} tab-separated field${want > 1 ? 's' : ''} (${usage}), found ${fields.length}`);
  return fields;
}
