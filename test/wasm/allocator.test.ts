// The wasm runtime's allocator: 16-byte alignment, reuse and coalescing of freed blocks, growth that keeps
// values, and the clear error past the 4 GiB wasm32 can address.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Allocator } from '../../src/backends/wasm/allocator.js';
import { runtime, disposeAll } from './_helpers.js';

after(disposeAll);
const memory = () => new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });

test('blocks are 16-byte aligned, freed blocks are reused and coalesced', () => {
  const h = new Allocator(memory(), 1000);
  const a = h.alloc(3), b = h.alloc(100), c = h.alloc(17);
  for (const p of [a, b, c]) assert.equal(p % 16, 0);
  assert.ok(a >= 1000 && b >= a + 16 && c >= b + 112);
  h.free(a);
  h.free(b); // a and b coalesce into one 128-byte hole
  assert.equal(h.alloc(120), a);
  assert.throws(() => h.free(b), /not a live allocation/);
  h.free(c);
  assert.deepEqual(h.stats(), { usedBytes: 128, topBytes: c, blocks: 1 }); // the top block went back
});

test('memory grows on demand and keeps its values; more than 4 GiB is a clear RangeError', () => {
  const mem = memory(), h = new Allocator(mem, 16);
  const p = h.alloc(64);
  new Float32Array(mem.buffer, p, 4).set([1, 2, 3, 4]);
  const q = h.alloc(3 * 65536);
  assert.ok(mem.buffer.byteLength >= q + 3 * 65536);
  assert.deepEqual(Array.from(new Float32Array(mem.buffer, p, 4)), [1, 2, 3, 4]);
  assert.throws(() => h.alloc(5 * 2 ** 30), (e: unknown) => e instanceof RangeError && /more than the 4 GiB wasm32 can address/.test(e.message));
});

test('the runtime reads and writes through the shared memory after it grows', async () => {
  const rt = await runtime('plain', 2);
  const p = rt.alloc(16);
  rt.write(p, [1, 2, 3, 4]);
  const big = rt.alloc(64 << 20);
  rt.fill(big, 16 << 20, 3); // large enough to run on both threads
  assert.deepEqual(Array.from(rt.read(p, 4)), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(rt.read(big + (64 << 20) - 8, 2)), [3, 3]);
  rt.free(big);
  rt.free(p);
});
