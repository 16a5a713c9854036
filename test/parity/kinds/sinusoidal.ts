// Parity check for `sinusoidal_positional_encoding` fixtures.
import { sinusoidalPositionalEncoding } from '../../../src/index.js';
import { fromFixture, type FixtureTensor } from '../../../src/testing/index.js';
import { assertFixture } from './tolerance.js';

export async function checkSinusoidal(fx: { length: number; dim: number; encoding: FixtureTensor }): Promise<void> {
  await assertFixture(sinusoidalPositionalEncoding(fx.length, fx.dim), fx.encoding, 'encoding');
}
