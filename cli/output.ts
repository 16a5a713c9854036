// Printing results: JSON (stable schemas documented in the README) or human text, never both. A result that holds
// NaN or ±Infinity is an error (exit 1), never printed: JSON would show it as null with exit 0.
import picocolors from 'picocolors';
import { AttnError } from '../src/index.js';

/** The path of the first non-finite number in `data` (e.g. 'weights[0][2]'), or null. */
export function firstNonFinite(data: unknown, path = ''): string | null {
  if (typeof data === 'number') return Number.isFinite(data) ? null : `${path || 'the result'} = ${data}`;
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      const bad = firstNonFinite(data[i], `${path}[${i}]`);
      if (bad) return bad;
    }
  } else if (data && typeof data === 'object') {
    for (const [k, v] of Object.entries(data)) {
      const bad = firstNonFinite(v, path ? `${path}.${k}` : k);
      if (bad) return bad;
    }
  }
  return null;
}

/**
 * Text for a terminal, with words and values from files in it: every control character but line feed and tab (C0,
 * DEL, C1, and ESC unless it starts a colour code of our own, `ESC[…m`) is shown as \uXXXX, so that a word in a
 * vector file cannot move the cursor, set the window title or clear the screen.
 * @example terminalSafe('a\u001b]0;pwned\u0007') // 'a\\u001b]0;pwned\\u0007'
 */
export function terminalSafe(text: string): string {
  return text.replace(/\u001b(?!\[[0-9;]*m)|[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** Print a result: JSON (indented, or on one line for batch output with `line`) or the human text. */
export function emit(json: boolean, data: unknown, human: () => string, { line = false }: { line?: boolean } = {}): void {
  const bad = firstNonFinite(data);
  if (bad) throw new AttnError('E_INPUT', `the computation overflowed: ${bad} (try a larger --temperature, or vectors of a smaller scale)`);
  if (json) process.stdout.write(JSON.stringify(data, null, line ? undefined : 2) + '\n');
  else process.stdout.write(terminalSafe(human()) + '\n');
}

/** Round for JSON so that scripts see stable, readable numbers (float32 noise beyond 7 digits is meaningless). */
export function r(x: number, digits = 6): number {
  return Number.isFinite(x) ? Number(x.toFixed(digits)) : x;
}

export function rows(m: number[][], digits = 6): number[][] {
  return m.map((row) => row.map((v) => r(v, digits)));
}

export function colourOn(json: boolean): boolean {
  return !json && !!process.stdout.isTTY && !process.env.NO_COLOR;
}

/** picocolors for stdout: on only when stdout is a terminal and NO_COLOR is unset (picocolors alone colours under CI). */
export const pc = picocolors.createColors(colourOn(false));
