// A sequential colour scale for terminal heatmaps (viridis stops, linear interpolation) as 24-bit ANSI.
// Falls back to plain text when colour is off (NO_COLOR, not a TTY, --json).

const STOPS: [number, number, number][] = [
  [68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37],
];

/** RGB for t in [0, 1]. */
export function viridis(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [STOPS[i], STOPS[i + 1]];
  return [0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * f)) as [number, number, number];
}

/** Text on a background colour for t in [0, 1], with a readable foreground. */
export function paintCell(text: string, t: number, colour: boolean): string {
  if (!colour) return text;
  const [r, g, b] = viridis(t);
  const fg = 0.299 * r + 0.587 * g + 0.114 * b > 140 ? '30' : '97';
  return `\x1b[48;2;${r};${g};${b}m\x1b[${fg}m${text}\x1b[0m`;
}
