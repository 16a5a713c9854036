// attnlab/testing: helpers for checking numbers — tolerance comparison, finite-difference gradient
// checks and PyTorch fixture decoding. Used by attnlab's own suites; public so backends can reuse them.
export { compareClose, assertClose, compareCloseAsync, assertCloseAsync } from './all-close.js';
export type { CloseReport, CloseOptions } from './all-close.js';
export { gradcheck, gradcheckOp, gradcheckAsync, gradcheckOpAsync } from './gradcheck.js';
export type { GradcheckResult, GradcheckOptions } from './gradcheck.js';
export { fromFixture, isFixtureTensor } from './fixtures.js';
export type { FixtureTensor } from './fixtures.js';
export { writeValues, setValue } from './write-values.js';
