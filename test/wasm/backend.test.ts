// The wasm Backend as users meet it: selected by setBackend (started once, restarted for other threads),
// tensors in its memory freed with their last view, a clear error past the 4 GiB wasm32 can address, bad
// rows refused before a kernel reads another tensor's memory, and the fallback to js when it cannot start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  setBackend, getBackend, backendInfo, useFastestBackend, registerBackendLoader, tensor, zeros, matmul, gatherRows,
  memory, AttnError,
} from '../../src/index.js';
import type { WasmBackend } from '../../src/backends/wasm/index.js';

async function onWasm<T>(f: (b: WasmBackend) => T | Promise<T>, threads?: number): Promise<T> {
  const before = getBackend().name;
  await setBackend('wasm', threads ? { threads } : undefined);
  try {
    return await f(getBackend() as WasmBackend);
  } finally {
    await setBackend(before);
  }
}

test('setBackend starts wasm once; the same options reuse it, other threads restart it', async () => {
  await onWasm(async (b) => {
    await setBackend('wasm');
    assert.equal(getBackend(), b, 'no second runtime for the same options');
    assert.deepEqual(backendInfo(), { name: 'wasm', threads: b.threads });
  });
  await onWasm((b) => assert.equal(b.threads, 1), 1);
  await onWasm((b) => assert.equal(b.threads, 3), 3);
});

test('tensors live in the wasm memory, are computed there, and free their block with the last view', async () => {
  await onWasm(async (b) => {
    const blocks = b.runtime.stats().blocks;
    const a = tensor([[1, 2], [3, 4]]), c = matmul(a, a);
    assert.equal(c.backend, b);
    assert.deepEqual(Array.from(await c.data()), [7, 10, 15, 22]);
    assert.equal(memory().wasm.buffers >= 2, true);
    a.dispose(); c.dispose();
    assert.equal(b.runtime.stats().blocks, blocks, 'both blocks returned to the allocator');
    // Reused blocks are zero-filled, as the contract says.
    const dirty = tensor(new Float32Array(64).fill(7));
    dirty.dispose();
    assert.deepEqual(Array.from(zeros([64]).dataSync()), new Array(64).fill(0));
  });
});

test('past 4 GiB: a clear error naming the limit, and nothing allocated', async () => {
  await onWasm((b) => {
    const blocks = b.runtime.stats().blocks;
    assert.throws(() => zeros([40_000, 30_000]), (e: unknown) => e instanceof AttnError && /4 GiB wasm32 can address/.test(e.message));
    assert.equal(b.runtime.stats().blocks, blocks);
  });
});

test('gatherRows with a row out of range is refused before any kernel reads memory', async () => {
  await onWasm(() => {
    const table = tensor([[1, 2], [3, 4]]);
    assert.throws(() => gatherRows(table, Int32Array.from([0, 2])), /out of range|row/);
  });
});

test('useFastestBackend falls back to js and says why when a backend cannot start', async () => {
  registerBackendLoader('broken', async () => { throw new Error('no WebAssembly here'); });
  const r = await useFastestBackend(['broken']);
  assert.equal(r.name, 'js');
  assert.match(r.fallback ?? '', /broken: no WebAssembly here/);
  await assert.rejects(setBackend('nope'), /unknown backend 'nope'/);
});
