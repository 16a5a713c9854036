// The one tolerance of the PyTorch parity suite: 1e-4 absolute and relative on float32 (issue 3, §5).
import type { Tensor } from '../../../src/index.js';
import { fromFixture, assertClose, type FixtureTensor } from '../../../src/testing/index.js';

export const TOL = { atol: 1e-4, rtol: 1e-4 } as const;

/** `got` against a fixture tensor within TOL, shape included; read with `await data()`, so on any backend. */
export async function assertFixture(got: Tensor, want: FixtureTensor, name: string): Promise<void> {
  const w = fromFixture(want);
  if (got.shape.join() !== w.shape.join()) throw new Error(`${name}: shape (${got.shape}) vs expected (${w.shape})`);
  assertClose(await got.data(), await w.data(), { ...TOL, name });
}
