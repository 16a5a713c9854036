// Parity check for `sinusoidal_positional_encoding` fixtures.
import { sinusoidalPositionalEncoding } from '../../../src/index.js';
import { fromFixture, assertClose, type FixtureTensor } from '../../../src/testing/index.js';
import { TOL } from './tolerance.js';

export function checkSinusoidal(fx: { length: number; dim: number; encoding: FixtureTensor }): void {
  assertClose(sinusoidalPositionalEncoding(fx.length, fx.dim), fromFixture(fx.encoding), { ...TOL, name: 'encoding' });
}
