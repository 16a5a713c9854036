// The one door for a synchronous read in library code. The few synchronous APIs that read values (a scalar's
// item(), clipGradNorm's errorIfNonfinite) read through here: js and wasm read synchronously, a GPU backend cannot,
// and there the caller gets an AttnError that names the function and the asynchronous form to use instead.
import { AttnError } from './errors.js';
import type { Tensor } from './tensor.js';
import type { Data } from './primitives.js';

/**
 * The values of `t`, read synchronously on behalf of `fn`; on a backend without readSync an E_UNSUPPORTED error
 * that names `fn` and says to use `instead`.
 * @example const v = readSyncFor(norm, 'clipGradNorm (errorIfNonfinite)', 'await norm.data()');
 */
export function readSyncFor(t: Tensor, fn: string, instead: string): Data {
  if (!t.backend.readSync) {
    throw new AttnError('E_UNSUPPORTED', `${fn}: the ${t.backend.name} backend reads values only asynchronously; use ${instead}`);
  }
  return t.dataSync();
}
