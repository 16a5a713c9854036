// What the backend under test can do, for tests that cannot apply everywhere: a test that needs float64 (a tight
// finite-difference or near-exact comparison) or a synchronous read is skipped on a backend without it, with the
// reason node:test prints beside the skip (`# SKIP needs float64: …`). Not a filter by name: the reason is stated.
import { getBackend, type DType } from '../src/index.js';

/** `{ skip: reason }` where the current backend stores no float64, else `{}`: spread into node:test's options. */
export function needsFloat64(): { skip?: string } {
  const b = getBackend();
  return b.dtypes.includes('float64') ? {} : { skip: `needs float64: the ${b.name} backend stores float32 only` };
}

/** float64 where the backend stores it, else float32: for tests whose tolerance follows the dtype. */
export function bestDtype(): DType {
  return getBackend().dtypes.includes('float64') ? 'float64' : 'float32';
}
