// Loaded before every test file (scripts/run-tests.mjs): ATTNLAB_BACKEND=<name> runs the suite under that
// backend. Besides the registered ones, the test backends 'js-composed' (no fused kernels) and 'js-counting'
// (counts buffers, fails on use after free) can be chosen.
import { setBackend, listBackends } from '../src/index.js';
import { backendsUnderTest } from './conformance/_backends.js';

const wanted = process.env.ATTNLAB_BACKEND;
if (wanted) {
  backendsUnderTest();
  if (!listBackends().includes(wanted)) {
    console.error(`ATTNLAB_BACKEND=${wanted}: unknown backend (known: ${listBackends().join(', ')})`);
    process.exit(2);
  }
  setBackend(wanted);
}
