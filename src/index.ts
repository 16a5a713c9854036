// attnlab's public API: an explicit list, grouped by level. Node-only helpers live in `attnlab/node`,
// test helpers in `attnlab/testing`. Nothing here prints or touches the file system.

// Errors
export { AttnError, formatError } from './errors.js';
export type { AttnErrorCode, AttnErrorDetails } from './errors.js';

// Tensor core and backends
export { Tensor, tensor, zeros, full, randn, rand } from './tensor.js';
export type { TensorOptions } from './tensor.js';
export type { Shape } from './shape.js';
export type { DType, Data, Kernels, FusedKernels, KernelName, UnaryOp, BinaryOp, ReduceOp, MatmulArgs } from './primitives.js';
export { registerBackend, setBackend, getBackend, listBackends } from './backend.js';
export type { Backend } from './backend.js';
export { Rng } from './random.js';

// Autograd
export { backward, noGrad, tidy, keep, zeroGrad, isGradEnabled } from './autograd.js';
export { defineOp, registeredOps } from './ops/define.js';
export type { OpDef, OpSample } from './ops/define.js';

// Ops
export { add, sub, mul, div, pow, maximum, minimum, neg, compare } from './ops/arithmetic.js';
export { exp, log, sqrt, abs, relu, gelu, tanh, sigmoid, sin, cos } from './ops/unary.js';
export { sum, mean, max } from './ops/reduce.js';
export { reshape, permute, transpose } from './ops/shape-ops.js';
export { expand, sumTo } from './ops/broadcast.js';
export { matmul } from './ops/matmul.js';
export { softmax, logSoftmax, softmaxComposed } from './ops/softmax.js';

// Parameter-free self-attention
export { selfAttention } from './attention/self-attention.js';
export type { SelfAttentionOptions, SelfAttentionResult } from './attention/self-attention.js';
export { explainAttention } from './attention/explain.js';
export type { AttentionExplanation, AttentionTerm } from './attention/explain.js';
export { sinusoidalPositionalEncoding } from './attention/positional.js';
