// Progress on stderr for the commands that work for a while (loading vectors, training, batches): whether to show
// it, and the batch bar. Shown only on a terminal, never under CI or NO_COLOR (plain output); ATTNLAB_PROGRESS=1
// forces it on (logs, tests) and ATTNLAB_PROGRESS=0 off. Not a logger: results go to stdout, never through here.
import cliProgress from 'cli-progress';

/** Whether progress may be drawn on stderr (see the header for the rule). */
export function progressOn(): boolean {
  const forced = process.env.ATTNLAB_PROGRESS;
  if (forced === '1' || forced === '0') return forced === '1';
  return !!process.stderr.isTTY && !process.env.CI && !process.env.NO_COLOR;
}

/** Whether a bar is being drawn on a terminal now (a message must first clear its line). */
let drawing = false;

/**
 * A message line on stderr (a note, a batch line's error) that a bar being drawn does not garble: its line is
 * cleared first, and the bar is drawn again below at its next update.
 * @example noteLine('note: skipped "xyzzy" (not in the vocabulary)');
 */
export function noteLine(text: string): void {
  process.stderr.write((drawing ? '\r\u001b[2K' : '') + text + '\n');
}

export interface BatchProgress {
  /** One input line handled (`bytes` of the file, its line break included). */
  line(bytes: number): void;
  stop(): void;
}

/**
 * The bar for `--file` batches: a bar with percentage and ETA when the file's size is known, else (stdin) the count
 * of lines and their rate. It starts after `delayMs` (a short batch never flashes one); forced, at once. When stdout
 * is the same terminal, no bar: the results are the progress there, and a bar would be drawn over them.
 * @example const p = batchProgress('sentences.txt', 12_345); p.line(40); p.stop();
 */
export function batchProgress(name: string, totalBytes: number | undefined, { delayMs = 500 } = {}): BatchProgress {
  const forced = process.env.ATTNLAB_PROGRESS === '1';
  const on = progressOn() && (forced || !process.stdout.isTTY);
  const t0 = Date.now(), startAfter = forced ? 0 : delayMs;
  let bar: cliProgress.SingleBar | undefined, lines = 0, bytes = 0;
  const payload = () => {
    const seconds = (Date.now() - t0) / 1000;
    return { lines: lines.toLocaleString('en'), rate: seconds > 0 ? (lines / seconds).toFixed(lines / seconds < 10 ? 1 : 0) : '–' };
  };
  const start = () => {
    const known = totalBytes !== undefined && totalBytes > 0;
    bar = new cliProgress.SingleBar({
      format: known ? `${name} [{bar}] {percentage}% | {lines} lines | {rate} lines/s | ETA {eta_formatted}` : `${name}: {lines} lines | {rate} lines/s | {duration_formatted}`,
      hideCursor: true, stream: process.stderr, etaBuffer: 50, noTTYOutput: forced && !process.stderr.isTTY, notTTYSchedule: 200,
    }, cliProgress.Presets.shades_classic);
    bar.start(known ? totalBytes : 1, 0, payload());
    drawing = !!process.stderr.isTTY;
  };
  return {
    line(n) {
      lines++;
      bytes += n;
      if (!on) return;
      if (!bar && Date.now() - t0 >= startAfter) start();
      // Unknown size: the value is not shown; keep it below the total so the bar never "completes".
      bar?.update(totalBytes ? Math.min(bytes, totalBytes) : 0, payload());
    },
    stop() {
      bar?.stop();
      drawing = false;
    },
  };
}
