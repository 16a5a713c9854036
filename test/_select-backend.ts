// Loaded before every test file (scripts/run-tests.mjs): ATTNLAB_BACKEND=<name> runs the suite under that
// backend (js; wasm, threads from ATTNLAB_THREADS; webgpu, whose driver scripts/test-webgpu.mjs sets up; or the
// test backends 'js-composed', no fused kernels, 'js-counting', which counts buffers and fails on use after free,
// 'js-offset', every buffer behind a NaN pad, and 'js-async', no synchronous reads, as WebGPU). Unset: js. The CLI
// that tests start knows js, wasm and webgpu; under a test backend it runs on its default.
import { setBackend, listBackends, findBackend } from '../src/index.js';
import { backendsUnderTest } from './conformance/_backends.js';

const wanted = process.env.ATTNLAB_BACKEND;
if (wanted) {
  backendsUnderTest();
  const threads = process.env.ATTNLAB_THREADS ? Number(process.env.ATTNLAB_THREADS) : undefined;
  try {
    await setBackend(wanted, threads ? { threads } : undefined);
  } catch (e) {
    console.error(`ATTNLAB_BACKEND=${wanted}: ${(e as Error).message} (registered: ${listBackends().join(', ')})`);
    process.exit(2);
  }
  // A GPU backend holds a device: release it when the test file is done, so the process exits promptly.
  const started = findBackend(wanted);
  if (started.destroy) process.once('beforeExit', () => started.destroy?.());
}
