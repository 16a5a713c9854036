// A stack of TransformerEncoderLayers with a positional encoding chosen by name and an optional final
// LayerNorm (usual with pre-norm). Names as PyTorch's nn.TransformerEncoder: `layers.0.self_attn.…`, `norm.*`.
// Unlike PyTorch, which deep-copies one layer, each layer here gets its own draw from the seeded Rng.
import { Tensor } from '../tensor.js';
import { AttnError } from '../errors.js';
import { Rng } from '../random.js';
import { Module } from './module.js';
import { LayerNorm } from './layer-norm.js';
import { TransformerEncoderLayer, type TransformerEncoderLayerOptions, type EncoderForwardOptions } from './encoder-layer.js';
import { assertFinite } from './_check-finite.js';
import type { QueryKeys } from './multihead-attention.js';
import { PositionalEncoding, type PositionalKind } from './positional.js';

export interface TransformerEncoderOptions extends TransformerEncoderLayerOptions {
  /** Positional encoding (default 'none': the stack is permutation-equivariant). */
  positional?: PositionalKind;
  /** Longest sequence for a learned encoding (default 512). */
  maxLen?: number;
  /** RoPE base (default 10000). */
  ropeBase?: number;
  /** A final LayerNorm named `norm` (default false, as PyTorch's norm=None). */
  norm?: boolean;
}

export interface TransformerEncoderResult {
  /** (B, T, C) */
  outputs: Tensor;
  /** One (B, H, T, T) per layer. */
  weights: Tensor[];
  /** With needQueryKeys: one per layer. */
  queryKeys: QueryKeys[];
}

/**
 * Positional encoding, then `numLayers` encoder layers, then an optional LayerNorm.
 * @example
 * const enc = new TransformerEncoder(64, 4, 2, { dimFeedforward: 128, positional: 'rope', rng: new Rng(0) });
 * const y = enc.forward(x, { causal: true }); // (B, T, 64)
 */
export class TransformerEncoder extends Module {
  readonly positional: PositionalEncoding;
  readonly layers: TransformerEncoderLayer[];
  readonly norm: LayerNorm | null;

  constructor(readonly dModel: number, readonly nhead: number, readonly numLayers: number, opts: TransformerEncoderOptions = {}) {
    super();
    if (!Number.isInteger(numLayers) || numLayers < 1) throw new AttnError('E_INPUT', `TransformerEncoder: numLayers must be a positive integer, got ${numLayers}`);
    const rng = opts.rng ?? new Rng(0);
    this.positional = this.module('positional', new PositionalEncoding(opts.positional ?? 'none', dModel, {
      maxLen: opts.maxLen, base: opts.ropeBase, rng, dtype: opts.dtype,
    }));
    this.layers = Array.from({ length: numLayers }, (_, i) => this.module(`layers.${i}`, new TransformerEncoderLayer(dModel, nhead, { ...opts, rng })));
    this.norm = opts.norm ? this.module('norm', new LayerNorm(dModel, { eps: opts.layerNormEps, bias: opts.bias, dtype: opts.dtype })) : null;
  }

  /** (B, T, C) -> (B, T, C) */
  forward(x: Tensor, opts: Omit<EncoderForwardOptions, 'positions'> = {}): Tensor {
    return this.run(x, opts, false).outputs;
  }

  /** forward() plus every layer's per-head attention weights. */
  forwardWithWeights(x: Tensor, opts: Omit<EncoderForwardOptions, 'positions'> = {}): TransformerEncoderResult {
    return this.run(x, opts, true);
  }

  private run(x: Tensor, opts: Omit<EncoderForwardOptions, 'positions'>, withWeights: boolean): TransformerEncoderResult {
    // x is checked once here, not again in each layer
    if (opts.checkFinite ?? true) assertFinite('TransformerEncoder', [['x', x], ['srcMask', opts.srcMask], ['srcKeyPaddingMask', opts.srcKeyPaddingMask]]);
    const layerOpts = { ...opts, positions: this.positional.attention(), checkFinite: false };
    let h = this.positional.embed(x); // (B, T, C)
    const weights: Tensor[] = [], queryKeys: QueryKeys[] = [];
    for (const layer of this.layers) {
      if (withWeights) {
        const r = layer.forwardWithWeights(h, layerOpts);
        h = r.outputs;
        weights.push(r.weights);
        if (r.queryKeys) queryKeys.push(r.queryKeys);
      } else h = layer.forward(h, layerOpts);
    }
    return { outputs: this.norm ? this.norm.forward(h) : h, weights, queryKeys };
  }
}
