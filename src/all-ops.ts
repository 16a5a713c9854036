// Imports every op module so that all ops are registered (the gradient-check suite iterates the registry).
// The library's index imports these too; this file exists so a test can ask for "all" explicitly.
import './ops/arithmetic.js';
import './ops/unary.js';
import './ops/reduce.js';
import './ops/shape-ops.js';
import './ops/broadcast.js';
import './ops/matmul.js';
import './ops/softmax.js';
import './ops/where.js';
import './ops/slice.js';
import './ops/gather.js';
import './ops/attention.js';
import './ops/layer-norm.js';
