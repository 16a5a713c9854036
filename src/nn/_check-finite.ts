// The entry check of the trainable attention layers: NaN or ±Infinity in an input or a mask is an AttnError that
// names the argument and its first bad element. On the backend: one isfinite pass and one sum per argument, then
// one scalar read for them all; values are read to the host only to say where, once a bad one is known to exist.
// Not a check of weights (loading checks those) nor of intermediate results (NaN propagates there).
import { Tensor } from '../tensor.js';
import { AttnError } from '../errors.js';
import { shapeStr } from '../shape.js';
import { tidy } from '../autograd.js';
import { add, sub } from '../ops/arithmetic.js';
import { sum } from '../ops/reduce.js';
import { mapKernel } from '../ops/unary.js';

/**
 * Throw E_INPUT if any of the named tensors holds a non-finite value. Skipped on a backend that reads only
 * asynchronously (a GPU): a synchronous forward cannot wait for the answer.
 * @example assertFinite('MultiheadAttention', [['query', q], ['key', k]]);
 */
export function assertFinite(op: string, args: readonly (readonly [string, Tensor | null | undefined])[]): void {
  const given = args.filter((a): a is readonly [string, Tensor] => !!a[1] && a[1].size > 0);
  const distinct = given.filter(([, t], i) => given.findIndex(([, u]) => u === t) === i);
  if (distinct.length === 0 || !distinct[0][1].backend.readSync) return;
  // Σ over every argument of (1 − isfinite(x)): the count of bad elements (exact far beyond any realistic count)
  const bad = tidy(() => distinct.map(([, t]) => sum(sub(1, mapKernel('isfinite', t)))).reduce((a, b) => add(a, b)).item());
  if (bad === 0) return;
  for (const [name, t] of distinct) {
    const v = t.dataSync();
    const i = v.findIndex((x) => !Number.isFinite(x));
    if (i < 0) continue;
    const at = t.shape.map((_, d) => Math.floor(i / t.shape.slice(d + 1).reduce((a, b) => a * b, 1)) % t.shape[d]);
    const rule = /mask/i.test(name) ? 'a mask holds 0 or 1 (1 = masked out)' : 'inputs must be finite (to leave a position out, mask it)';
    throw new AttnError('E_INPUT', `${op}: ${name} ${shapeStr(t.shape)} holds ${v[i]} at [${at.join(', ')}]; ${rule}`);
  }
}
