// Printing results: JSON (stable schemas documented in the README) or human text, never both.
export function emit(json: boolean, data: unknown, human: () => string): void {
  if (json) process.stdout.write(JSON.stringify(data, null, 2) + '\n');
  else process.stdout.write(human() + '\n');
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
