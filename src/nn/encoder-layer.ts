// PyTorch's nn.TransformerEncoderLayer (batch_first): self-attention and feed-forward blocks, each with a
// residual connection, LayerNorm after (post-norm, the default) or before (pre-norm, normFirst). Same parameter
// names (`self_attn.*`, `linear1`, `linear2`, `norm1`, `norm2`), so PyTorch state dicts load by name.
import { Tensor } from '../tensor.js';
import { Rng } from '../random.js';
import type { DType } from '../primitives.js';
import { add } from '../ops/arithmetic.js';
import { Module } from './module.js';
import { Linear } from './linear.js';
import { LayerNorm } from './layer-norm.js';
import { Dropout } from './dropout.js';
import { FeedForward, type Activation } from './feed-forward.js';
import { MultiheadAttention, type QueryKeys } from './multihead-attention.js';
import { assertFinite } from './_check-finite.js';
import type { AttentionPositions } from './attention.js';

export interface TransformerEncoderLayerOptions {
  /** Hidden size of the feed-forward block (default 2048, as PyTorch). */
  dimFeedforward?: number;
  /** Dropout on attention weights, after the activation and on both residual branches (default 0.1). */
  dropout?: number;
  activation?: Activation;
  layerNormEps?: number;
  /** Pre-norm: x + f(norm(x)) (default false: post-norm, norm(x + f(x))). */
  normFirst?: boolean;
  bias?: boolean;
  rng?: Rng;
  dtype?: DType;
}

export interface EncoderForwardOptions {
  /** (T, T) or broadcastable to (B, H, T, T): 1 = masked out. */
  srcMask?: Tensor | null;
  /** (B, T): 1 = padding. */
  srcKeyPaddingMask?: Tensor | null;
  causal?: boolean;
  /** RoPE / ALiBi inside attention (TransformerEncoder passes its positional encoding here). */
  positions?: AttentionPositions;
  /** Refuse NaN/±Infinity in the input and the masks with an E_INPUT error (default true); see MultiheadAttention. */
  checkFinite?: boolean;
  /** forwardWithWeights: also each layer's queries and keys (MultiheadAttention's needQueryKeys). */
  needQueryKeys?: boolean;
}

export interface EncoderLayerResult {
  /** (B, T, C) */
  outputs: Tensor;
  /** (B, H, T, T) attention weights of this layer, per head. */
  weights: Tensor;
  /** With needQueryKeys. */
  queryKeys?: QueryKeys;
}

/**
 * One Transformer encoder block. Post-norm: x = norm1(x + sa(x)); x = norm2(x + ff(x)).
 * Pre-norm: x = x + sa(norm1(x)); x = x + ff(norm2(x)).
 * @example
 * const layer = new TransformerEncoderLayer(64, 4, { dimFeedforward: 256, dropout: 0, rng: new Rng(0) });
 * const y = layer.forward(x, { srcKeyPaddingMask: pad }); // (B, T, 64)
 */
export class TransformerEncoderLayer extends Module {
  readonly selfAttn: MultiheadAttention;
  readonly linear1: Linear;
  readonly dropout: Dropout;
  readonly linear2: Linear;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  readonly dropout1: Dropout;
  readonly dropout2: Dropout;
  readonly normFirst: boolean;
  private readonly ff: FeedForward;

  constructor(readonly dModel: number, readonly nhead: number, opts: TransformerEncoderLayerOptions = {}) {
    super();
    const rng = opts.rng ?? new Rng(0);
    const p = opts.dropout ?? 0.1, bias = opts.bias, dtype = opts.dtype;
    this.normFirst = opts.normFirst ?? false;
    this.selfAttn = this.module('self_attn', new MultiheadAttention(dModel, nhead, { dropout: p, bias, rng, dtype }));
    // The feed-forward block's layers are registered here directly, to keep PyTorch's flat names.
    this.ff = new FeedForward(dModel, opts.dimFeedforward ?? 2048, { activation: opts.activation, dropout: p, bias, rng, dtype });
    this.linear1 = this.module('linear1', this.ff.linear1);
    this.dropout = this.module('dropout', this.ff.dropout);
    this.linear2 = this.module('linear2', this.ff.linear2);
    const norm = { eps: opts.layerNormEps ?? 1e-5, bias, dtype };
    this.norm1 = this.module('norm1', new LayerNorm(dModel, norm));
    this.norm2 = this.module('norm2', new LayerNorm(dModel, norm));
    this.dropout1 = this.module('dropout1', new Dropout(p, { rng: new Rng(rng.nextU32()) }));
    this.dropout2 = this.module('dropout2', new Dropout(p, { rng: new Rng(rng.nextU32()) }));
  }

  /** (B, T, C) -> (B, T, C) */
  forward(x: Tensor, opts: EncoderForwardOptions = {}): Tensor {
    return this.run(x, opts, false).outputs;
  }

  /** forward() plus this layer's per-head attention weights (for inspection and the explorer). */
  forwardWithWeights(x: Tensor, opts: EncoderForwardOptions = {}): EncoderLayerResult {
    const r = this.run(x, opts, true);
    return { outputs: r.outputs, weights: r.weights!, queryKeys: r.queryKeys };
  }

  private run(x: Tensor, opts: EncoderForwardOptions, needWeights: boolean) {
    // x is checked once here; the attention inside sees only what x and finite weights make
    if (opts.checkFinite ?? true) assertFinite('TransformerEncoderLayer', [['x', x], ['srcMask', opts.srcMask], ['srcKeyPaddingMask', opts.srcKeyPaddingMask]]);
    const sa = (h: Tensor) => this.selfAttn.forward(h, h, h, {
      attnMask: opts.srcMask, keyPaddingMask: opts.srcKeyPaddingMask, causal: opts.causal,
      positions: opts.positions, needWeights, averageAttnWeights: false, checkFinite: false, needQueryKeys: needWeights && opts.needQueryKeys,
    });
    const ffBlock = (h: Tensor) => this.dropout2.forward(this.ff.forward(h)); // (B, T, C)
    if (this.normFirst) {
      const a = sa(this.norm1.forward(x));
      const h = add(x, this.dropout1.forward(a.outputs)); // (B, T, C)
      return { outputs: add(h, ffBlock(this.norm2.forward(h))), weights: a.weights, queryKeys: a.queryKeys };
    }
    const a = sa(x);
    const h = this.norm1.forward(add(x, this.dropout1.forward(a.outputs))); // (B, T, C)
    return { outputs: this.norm2.forward(add(h, ffBlock(h))), weights: a.weights, queryKeys: a.queryKeys };
  }
}
