// The one door for a synchronous read in library code. The few synchronous functions left that read values
// (clipGradNorm's errorIfNonfinite; the testing helpers compareClose and gradcheck) read through here: js and wasm
// read synchronously, a GPU backend cannot, and there the caller gets an AttnError that names the function and what
// to use instead. Not here: Tensor.dataSync()/item()/rows() themselves, the explicit synchronous reads.
import { AttnError } from './errors.js';
import type { Tensor } from './tensor.js';
import type { Backend } from './backend.js';
import type { Data } from './primitives.js';

/**
 * Throw E_UNSUPPORTED, naming `fn` and saying to use `instead`, unless backend `b` reads synchronously.
 * @example requireReadSync(x.backend, 'gradcheck', 'the js backend');
 */
export function requireReadSync(b: Backend, fn: string, instead: string): void {
  if (!b.readSync) throw new AttnError('E_UNSUPPORTED', `${fn}: the ${b.name} backend reads values only asynchronously; use ${instead}`);
}

/**
 * The values of `t`, read synchronously on behalf of `fn` (see requireReadSync).
 * @example const v = readSyncFor(norm, 'clipGradNorm (errorIfNonfinite)', 'await norm.data()');
 */
export function readSyncFor(t: Tensor, fn: string, instead: string): Data {
  requireReadSync(t.backend, fn, instead);
  return t.dataSync();
}
