// The js backend: plain TypeScript kernels over Float32Array/Float64Array. The reference (oracle) for
// every other backend, registered by default. One file per kernel, same names in every backend folder.
import type { Backend } from '../../backend.js';
import { unary } from './unary.js';
import { binary } from './binary.js';
import { reduce } from './reduce.js';
import { matmul } from './matmul.js';
import { permute } from './permute.js';
import { where } from './where.js';
import { gatherRows, scatterAddRows } from './gather.js';
import { expand } from './expand.js';
import { slice, sliceAssign } from './slice.js';
import { softmax } from './softmax.js';

export const jsBackend: Backend = {
  name: 'js',
  kernels: { unary, binary, reduce, matmul, permute, where, gatherRows, scatterAddRows, expand, slice, sliceAssign },
  fused: { softmax },
};
