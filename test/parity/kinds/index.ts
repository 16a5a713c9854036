// The table of fixture kinds the parity suite knows, each with its checker.
import { checkFirstPrinciples } from './first-principles.js';
import { checkSinusoidal } from './sinusoidal.js';
import { checkSdpa } from './sdpa.js';
import { checkMha } from './mha.js';
import { checkEncoderLayer } from './encoder-layer.js';
import { checkCrossEntropy } from './cross-entropy.js';
import { checkOptimizers } from './optimizers.js';

export const checkers: Record<string, (fx: any) => void | Promise<void>> = {
  first_principles: checkFirstPrinciples,
  sinusoidal_positional_encoding: checkSinusoidal,
  scaled_dot_product_attention: checkSdpa,
  multihead_attention: checkMha,
  transformer_encoder_layer: checkEncoderLayer,
  cross_entropy: checkCrossEntropy,
  optimizers: checkOptimizers,
};

/** Kinds the issue tracker has planned but the library does not implement yet (reported as TODO, not passed). */
export const pending = new Set<string>([]);
