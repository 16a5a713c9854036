// The entry check of the trainable attention layers: NaN or ±Infinity in an input or a mask is an AttnError that
// names the argument and its first bad element. On the backend: one isfinite pass and one sum per argument, then
// one scalar read for them all; values are read to the host only to say where, once a bad one is known to exist.
// On a backend that reads only asynchronously the forward cannot wait for that scalar: the check is queued and
// the next `await t.data()` throws (src/_pending-checks.ts). Not a check of weights (loading checks those) nor of
// intermediate results (NaN propagates there).
import { Tensor, viewOf } from '../tensor.js';
import type { Data } from '../primitives.js';
import { AttnError } from '../errors.js';
import { shapeStr } from '../shape.js';
import { tidy, keep } from '../autograd.js';
import { add, sub } from '../ops/arithmetic.js';
import { sum } from '../ops/reduce.js';
import { mapKernel } from '../ops/unary.js';
import { deferCheck } from '../_pending-checks.js';

type Arg = readonly [string, Tensor];

/**
 * Throw E_INPUT if any of the named tensors holds a non-finite value: at once where the backend reads
 * synchronously, else at the next asynchronous read of any tensor (a GPU: a synchronous forward cannot wait).
 * @example assertFinite('MultiheadAttention', [['query', q], ['key', k]]);
 */
export function assertFinite(op: string, args: readonly (readonly [string, Tensor | null | undefined])[]): void {
  const given = args.filter((a): a is Arg => !!a[1] && a[1].size > 0);
  const distinct = given.filter(([, t], i) => given.findIndex(([, u]) => u === t) === i);
  if (distinct.length === 0) return;
  // Σ over every argument of (1 − isfinite(x)): the count of bad elements (exact far beyond any realistic count)
  const count = () => distinct.map(([, t]) => sum(sub(1, mapKernel('isfinite', t)))).reduce((a, b) => add(a, b));
  if (distinct[0][1].backend.readSync) {
    if (tidy(() => count().item()) === 0) return;
    for (const [name, t] of distinct) {
      const e = badElement(op, name, t, t.dataSync());
      if (e) throw e;
    }
    return;
  }
  const bad = tidy(() => keep(count()));
  // Views hold the arguments' storage until the check has run, even if the caller disposes them first.
  const held = distinct.map(([name, t]) => [name, keep(viewOf(t, t.shape, t.strides, t.offset))] as const);
  deferCheck(async () => {
    try {
      const [n] = await bad.backend.read(bad.buf, bad.offset, 1, bad.dtype);
      if (n === 0) return;
      for (const [name, t] of held) {
        const e = badElement(op, name, t, await t.data());
        if (e) throw e;
      }
    } finally {
      bad.dispose();
      for (const [, t] of held) t.dispose();
    }
  });
}

/** The error for t's first non-finite value in v (t's values, row-major), or null when all are finite. */
function badElement(op: string, name: string, t: Tensor, v: Data): AttnError | null {
  const i = v.findIndex((x) => !Number.isFinite(x));
  if (i < 0) return null;
  const at = t.shape.map((_, d) => Math.floor(i / t.shape.slice(d + 1).reduce((a, b) => a * b, 1)) % t.shape[d]);
  const rule = /mask/i.test(name) ? 'a mask holds 0 or 1 (1 = masked out)' : 'inputs must be finite (to leave a position out, mask it)';
  return new AttnError('E_INPUT', `${op}: ${name} ${shapeStr(t.shape)} holds ${v[i]} at [${at.join(', ')}]; ${rule}`);
}
