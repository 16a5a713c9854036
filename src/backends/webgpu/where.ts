// webgpu kernel: elementwise select, out = cond != 0 ? a : b (inputs already broadcast to out's length by the caller).
import { mapLaunch, contiguous } from './_map.js';
import type { GpuBuffer, Launch } from './runtime.js';

type Flat = { buf: GpuBuffer; offset: number };

export function where(cond: Flat, a: Flat, b: Flat, out: Flat, n: number): Launch {
  const op = (t: Flat) => contiguous(t.buf, t.offset, [n]);
  // In the map kernel the operands are named a, b, c: here cond, a and b.
  return mapLaunch('where', 'select(c, b, a != 0.0)', '', [op(cond), op(a), op(b)], op(out), [n]);
}
