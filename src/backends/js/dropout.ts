// js fused kernel: the inverted-dropout mask, each element's draw computed from its index (the generator's state
// steps by a constant per draw), so the values are those of drawing one after another with Rng.uniform.
import type { Data } from '../../primitives.js';
import { STEP, mix32 } from '../../random.js';

/** out[i] = 0 where mix32(state + (i + 1)·STEP) / 2^32 < p, else keep, for i in [0, out.length). */
export function dropoutMask(out: Data, state: number, p: number, keep: number): void {
  for (let i = 0; i < out.length; i++) out[i] = mix32((state + Math.imul(i + 1, STEP)) >>> 0) / 4294967296 < p ? 0 : keep;
}
