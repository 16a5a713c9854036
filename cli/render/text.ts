// Small text helpers for the CLI's human output: aligned tables and number formatting.
import { pc } from '../output.js';

export function fmt(x: number, digits = 4): string {
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

/** A left-aligned table with a bold header. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, j) => Math.max(...cells.map((r) => (r[j] ?? '').length)));
  const line = (r: string[]) => r.map((c, j) => c.padEnd(widths[j])).join('  ').trimEnd();
  return [pc.bold(line(header)), ...cells.slice(1).map(line)].join('\n');
}

export function heading(s: string): string {
  return pc.bold(pc.cyan(s));
}
