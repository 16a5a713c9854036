// attnlab/testing: helpers for checking numbers — tolerance comparison, finite-difference gradient
// checks and PyTorch fixture decoding. Used by attnlab's own suites; public so backends can reuse them.
export { compareClose, assertClose } from './all-close.js';
export type { CloseReport } from './all-close.js';
export { gradcheck, gradcheckOp } from './gradcheck.js';
export type { GradcheckResult } from './gradcheck.js';
export { fromFixture, isFixtureTensor } from './fixtures.js';
export type { FixtureTensor } from './fixtures.js';
export { writeValues, setValue } from './write-values.js';
