// A small seedable random number generator (PCG32-like via mulberry32 mixing) with uniform and normal draws.
// Deterministic across platforms: the same seed gives bit-identical streams. Not cryptographic.

/** The step of the generator's state per draw: draw k after state s mixes s + k·STEP (mod 2^32). */
export const STEP = 0x6d2b79f5;

/** The output of one draw from its (already advanced) state t. */
export function mix32(t: number): number {
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

export class Rng {
  private state: number;
  private spare: number | null = null;
  constructor(seed = 0) {
    this.state = (seed >>> 0) ^ 0x9e3779b9;
  }
  /** Uniform integer in [0, 2^32). */
  nextU32(): number {
    return mix32((this.state = (this.state + STEP) >>> 0));
  }
  /** Hand the next n draws to a kernel and move past them: returns the state s they start from (draw k, for
   *  k = 1..n, is mix32(s + k·STEP)), so a kernel can draw them in any order, on any thread, and get the same
   *  values as n calls of nextU32. */
  take(n: number): number {
    const s = this.state;
    this.state = (s + Math.imul(n, STEP)) >>> 0;
    return s;
  }
  /** Uniform float in [0, 1). */
  uniform(): number {
    return this.nextU32() / 4294967296;
  }
  /** Standard normal (Box–Muller). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }
  /** Fisher–Yates shuffle in place. */
  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
}
