// The position-wise feed-forward block of a Transformer: linear2(dropout(act(linear1(x)))), applied to every
// token independently. Parameter names `linear1.*`, `linear2.*` as in torch.nn.TransformerEncoderLayer.
import { Tensor } from '../tensor.js';
import { AttnError } from '../errors.js';
import { Rng } from '../random.js';
import type { DType } from '../primitives.js';
import { relu, gelu } from '../ops/unary.js';
import { Module } from './module.js';
import { Linear } from './linear.js';
import { Dropout } from './dropout.js';

/** 'relu' or exact (erf) 'gelu', PyTorch's two encoder activations. */
export type Activation = 'relu' | 'gelu';

export interface FeedForwardOptions {
  activation?: Activation;
  /** Dropout after the activation, in training mode (default 0). */
  dropout?: number;
  bias?: boolean;
  rng?: Rng;
  dtype?: DType;
}

/**
 * (B, T, C) -> (B, T, F) -> (B, T, C) with an activation between two Linear layers.
 * @example const ff = new FeedForward(64, 256, { activation: 'gelu' }); ff.forward(x) // (B, T, 64)
 */
export class FeedForward extends Module {
  readonly linear1: Linear;
  readonly dropout: Dropout;
  readonly linear2: Linear;
  readonly activation: Activation;

  constructor(readonly dModel: number, readonly dimFeedforward: number, opts: FeedForwardOptions = {}) {
    super();
    const rng = opts.rng ?? new Rng(0);
    this.activation = opts.activation ?? 'relu';
    if (this.activation !== 'relu' && this.activation !== 'gelu') {
      throw new AttnError('E_INPUT', `FeedForward: activation '${String(this.activation)}' is not one of 'relu', 'gelu'`);
    }
    const lin = { bias: opts.bias, rng, dtype: opts.dtype };
    this.linear1 = this.module('linear1', new Linear(dModel, dimFeedforward, lin));
    this.dropout = this.module('dropout', new Dropout(opts.dropout ?? 0, { rng: new Rng(rng.nextU32()) }));
    this.linear2 = this.module('linear2', new Linear(dimFeedforward, dModel, lin));
  }

  /** (..., C) -> (..., C) */
  forward(x: Tensor): Tensor {
    const h = this.linear1.forward(x); // (B, T, F)
    const a = this.activation === 'relu' ? relu(h) : gelu(h);
    return this.linear2.forward(this.dropout.forward(a)); // (B, T, C)
  }
}
