// The model pre-training trains: the task models' input side — input projection (dim → C when they differ),
// positions and Transformer encoder layers, built exactly as TaskModel builds them, under the same parameter names
// (`input_proj.*`, `encoder.*`), so `attn train --init` copies them across — plus what only pre-training needs:
// two learned input rows ([MASK], [UNK]) and an output projection C → dim whose result is scored against the
// frozen vectors (sampled-softmax.ts).
import { Tensor, randn, tensor } from '../tensor.js';
import type { Rng } from '../random.js';
import { add, mul } from '../ops/arithmetic.js';
import { reshape } from '../ops/shape-ops.js';
import { gatherRows } from '../ops/gather.js';
import { Module } from '../nn/module.js';
import { Linear } from '../nn/linear.js';
import { TransformerEncoder } from '../nn/transformer-encoder.js';
import type { TaskModelConfig } from '../tasks/task-model.js';
import { UNK } from './corpus.js';
import { MASK, type MaskedSequence } from './masking.js';

/** The encoder's part of a task model's config: what must match for `--init`. */
export type EncoderConfig = Pick<TaskModelConfig, 'dim' | 'dModel' | 'layers' | 'heads' | 'ffDim' | 'positions' | 'maxLen' | 'dropout' | 'normFirst'>;

export const ENCODER_FIELDS = ['dim', 'dModel', 'layers', 'heads', 'ffDim', 'positions', 'maxLen', 'dropout', 'normFirst'] as const satisfies readonly (keyof EncoderConfig)[];

/** The input projection and encoder of a task model with this config (the same calls as TaskModel's constructor). */
export function buildEncoder(c: EncoderConfig, rng: Rng): { inputProj: Linear | null; encoder: TransformerEncoder } {
  const inputProj = c.dModel !== c.dim ? new Linear(c.dim, c.dModel, { rng }) : null;
  const encoder = new TransformerEncoder(c.dModel, c.heads, c.layers, {
    dimFeedforward: c.ffDim, dropout: c.dropout, positional: c.positions, maxLen: c.maxLen, normFirst: c.normFirst, norm: c.normFirst, rng,
  });
  return { inputProj, encoder };
}

/** A batch of masked sequences, padded to the longest. */
export interface PretrainBatch {
  N: number;
  T: number;
  /** (N, T, dim) frozen vectors; zero at padding, [MASK] and [UNK]. */
  vectors: Tensor;
  /** (N·T) row of the special table per position (0 [MASK], 1 [UNK]) and (N, T, 1) 1 where it applies. */
  specialRows: Int32Array;
  specialMask: Tensor;
  /** (N, T) 1 = padding. */
  pad: Tensor;
  /** Flat (n·T + t) positions to predict, and the true vector rows there. */
  positions: Int32Array;
  targets: number[];
  /** Real tokens in the batch. */
  tokens: number;
}

/** Pad masked sequences into one batch; `vectors` is the frozen table (rows × dim). */
export function makePretrainBatch(seqs: readonly MaskedSequence[], vectors: Float32Array, dim: number): PretrainBatch {
  const N = seqs.length, T = Math.max(1, ...seqs.map((s) => s.input.length));
  const x = new Float32Array(N * T * dim), specialRows = new Int32Array(N * T), special = new Float32Array(N * T), pad = new Float32Array(N * T).fill(1);
  const positions: number[] = [], targets: number[] = [];
  let tokens = 0;
  seqs.forEach((s, n) => {
    s.input.forEach((id, t) => {
      const p = n * T + t;
      pad[p] = 0;
      tokens++;
      if (id === MASK || id === UNK) {
        specialRows[p] = id === MASK ? 0 : 1;
        special[p] = 1;
      } else x.set(vectors.subarray(id * dim, (id + 1) * dim), p * dim);
    });
    s.positions.forEach((t, k) => {
      positions.push(n * T + t);
      targets.push(s.targets[k]);
    });
  });
  return {
    N, T, vectors: tensor(x, [N, T, dim]), specialRows, specialMask: tensor(special, [N, T, 1]), pad: tensor(pad, [N, T]),
    positions: Int32Array.from(positions), targets, tokens,
  };
}

/**
 * Masked-word model over frozen vectors.
 * @example const pred = new PretrainModel(cfg, new Rng(0)).forward(batch); // (M, dim), one row per masked position
 */
export class PretrainModel extends Module {
  readonly inputProj: Linear | null;
  readonly encoder: TransformerEncoder;
  readonly special: Tensor;
  readonly outputProj: Linear;

  constructor(readonly config: EncoderConfig, rng: Rng) {
    super();
    const { inputProj, encoder } = buildEncoder(config, rng);
    // Registered in TaskModel's order and under its names.
    this.inputProj = inputProj ? this.module('input_proj', inputProj) : null;
    this.encoder = this.module('encoder', encoder);
    // [MASK] and [UNK] start at about GloVe's per-component scale, as the task model's extra rows do.
    this.special = this.param('special_embeddings.weight', mul(randn([2, config.dim], rng), 0.3));
    this.outputProj = this.module('output_proj', new Linear(config.dModel, config.dim, { rng }));
  }

  /** (M, dim) predicted vectors at the batch's masked positions. */
  forward(b: PretrainBatch): Tensor {
    const extra = gatherRows(this.special, b.specialRows, [b.N, b.T]); // (N, T, dim)
    const x = add(b.vectors, mul(extra, b.specialMask));
    const h = this.encoder.forward(this.inputProj ? this.inputProj.forward(x) : x, { srcKeyPaddingMask: b.pad, checkFinite: false }); // (N, T, C)
    const at = gatherRows(reshape(h, [b.N * b.T, this.config.dModel]), b.positions); // (M, C)
    return this.outputProj.forward(at); // (M, dim)
  }
}
