// Tolerance comparison for tests: |a − b| ≤ atol + rtol·|b| elementwise, with a readable report
// of the first mismatches side by side and the max difference. Not an assertion library. compareClose reads
// tensors synchronously (js, wasm); compareCloseAsync reads them with `await t.data()`, on every backend.
import { Tensor } from '../tensor.js';
import { readSyncFor } from '../_sync-read.js';

export interface CloseReport {
  ok: boolean;
  maxAbsDiff: number;
  mismatches: number;
  /** Human-readable summary with the first mismatching values. */
  message: string;
}

/**
 * Compare values with numpy.allclose semantics.
 * @example const r = compareClose(got, expected, { atol: 1e-4, rtol: 1e-4 }); if (!r.ok) throw new Error(r.message);
 */
export function compareClose(
  got: Tensor | ArrayLike<number>,
  expected: Tensor | ArrayLike<number>,
  opts: CloseOptions = {},
): CloseReport {
  const read = (t: Tensor | ArrayLike<number>) => t instanceof Tensor ? readSyncFor(t, 'compareClose', 'compareCloseAsync (or compareClose(await t.data(), …))') : t;
  return compareValues(got, expected, read(got), read(expected), opts);
}

/**
 * compareClose on any backend: tensors are read with `await t.data()` (a GPU reads only asynchronously).
 * @example const r = await compareCloseAsync(y, want, { atol: 1e-4 }); assert.ok(r.ok, r.message);
 */
export async function compareCloseAsync(
  got: Tensor | ArrayLike<number>,
  expected: Tensor | ArrayLike<number>,
  opts: CloseOptions = {},
): Promise<CloseReport> {
  const read = async (t: Tensor | ArrayLike<number>) => t instanceof Tensor ? await t.data() : t;
  return compareValues(got, expected, await read(got), await read(expected), opts);
}

export interface CloseOptions {
  atol?: number;
  rtol?: number;
  name?: string;
}

/** The comparison itself, on values already on the host (`got` and `expected` only for their shapes). */
function compareValues(got: Tensor | ArrayLike<number>, expected: Tensor | ArrayLike<number>, a: ArrayLike<number>, b: ArrayLike<number>,
  { atol = 1e-5, rtol = 1e-5, name = 'values' }: CloseOptions): CloseReport {
  if (got instanceof Tensor && expected instanceof Tensor && got.shape.join() !== expected.shape.join()) {
    return { ok: false, maxAbsDiff: Infinity, mismatches: -1, message: `${name}: shape (${got.shape}) vs expected (${expected.shape})` };
  }
  if (a.length !== b.length) {
    return { ok: false, maxAbsDiff: Infinity, mismatches: -1, message: `${name}: ${a.length} values vs ${b.length} expected` };
  }
  let maxAbsDiff = 0, mismatches = 0;
  const first: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    const bad = !(d <= atol + rtol * Math.abs(b[i])) && !(a[i] === b[i]);
    if (d > maxAbsDiff || Number.isNaN(d)) maxAbsDiff = Number.isNaN(d) ? NaN : d;
    if (bad) {
      mismatches++;
      if (first.length < 5) first.push(`  [${i}] got ${a[i]} expected ${b[i]} (diff ${d.toExponential(2)})`);
    }
  }
  const ok = mismatches === 0;
  const message = ok
    ? `${name}: ${a.length} values within atol ${atol}, rtol ${rtol} (max diff ${maxAbsDiff.toExponential(2)})`
    : `${name}: ${mismatches} of ${a.length} values differ (max diff ${maxAbsDiff}, atol ${atol}, rtol ${rtol}):\n${first.join('\n')}`;
  return { ok, maxAbsDiff, mismatches, message };
}

/** Throw with the report when values are not close. @example assertClose(y, expected, { atol: 1e-4 }) */
export function assertClose(got: Tensor | ArrayLike<number>, expected: Tensor | ArrayLike<number>, opts: CloseOptions = {}): void {
  const r = compareClose(got, expected, opts);
  if (!r.ok) throw new Error(r.message);
}

/** assertClose on any backend. @example await assertCloseAsync(y, expected, { atol: 1e-4 }) */
export async function assertCloseAsync(got: Tensor | ArrayLike<number>, expected: Tensor | ArrayLike<number>, opts: CloseOptions = {}): Promise<void> {
  const r = await compareCloseAsync(got, expected, opts);
  if (!r.ok) throw new Error(r.message);
}
