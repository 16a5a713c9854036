// Every registered op must pass a finite-difference gradient check (float64, and float32) on its declared sample;
// an op without a sample fails the suite. The checks read asynchronously, so they run on every backend: under
// ATTNLAB_BACKEND=webgpu the float32 check differentiates the WGSL kernels (float64 is skipped: a GPU has none).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registeredOps } from '../../src/index.js';
import { gradcheckOpAsync } from '../../src/testing/index.js';
import { needsFloat64 } from '../_backend-caps.js';
import '../../src/all-ops.js';

const ops = registeredOps();
test('there are registered ops', () => assert.ok(ops.length >= 20, `only ${ops.length} ops registered`));
for (const op of ops) {
  test(`gradcheck ${op.name}`, needsFloat64(), async () => {
    const r = await gradcheckOpAsync(op, 0, 'float64');
    assert.ok(r.ok, `${op.name}: ${r.message}`);
  });
  // float32 too: the dtype the fast backends compute in with their own kernels (under ATTNLAB_BACKEND=wasm
  // this checks the SIMD kernels' gradients; float64 there runs on the reference kernels).
  test(`gradcheck ${op.name} in float32`, async () => {
    const r = await gradcheckOpAsync(op, 0, 'float32');
    assert.ok(r.ok, `${op.name} (float32): ${r.message}`);
  });
}
