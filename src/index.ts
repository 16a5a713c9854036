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

// Training: losses, optimizers, schedules
export { crossEntropy, binaryCrossEntropyWithLogits, mseLoss } from './train/losses.js';
export type { Reduction, CrossEntropyOptions, BceOptions } from './train/losses.js';
export { Optimizer } from './train/optimizer.js';
export type { Params, ParamGroup, ParamGroupInput } from './train/optimizer.js';
export { SGD } from './train/sgd.js';
export type { SGDOptions } from './train/sgd.js';
export { Adam, AdamW } from './train/adam.js';
export type { AdamOptions } from './train/adam.js';
export { clipGradNorm } from './train/clip-grad.js';
export { warmupCosine, warmupLinear, LRScheduler } from './train/schedules.js';
export type { Schedule, WarmupOptions } from './train/schedules.js';
export { trainLoop } from './train/loop.js';
export type { TrainEvent, TrainLoopOptions, TrainSummary } from './train/loop.js';

// Checkpoints (bytes in / bytes out)
export { readSafetensorsHeader, loadSafetensors, saveSafetensors, MAX_HEADER_BYTES } from './io/safetensors.js';
export type { SafetensorsDType, SafetensorsEntry, SafetensorsHeader, Safetensors } from './io/safetensors.js';
export { saveCheckpoint, loadCheckpoint } from './io/checkpoint.js';
export type { Checkpointable, CheckpointFiles, LoadedCheckpoint } from './io/checkpoint.js';
