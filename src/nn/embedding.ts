// Embedding: a (V, C) table looked up by integer ids, built fresh (N(0, 1) like PyTorch) or from a
// pre-trained matrix such as GloVe, frozen or trainable. Not a vocabulary: mapping words to ids is the caller's.
import { Tensor, randn } from '../tensor.js';
import { AttnError } from '../errors.js';
import { shapeStr } from '../shape.js';
import { Rng } from '../random.js';
import type { DType } from '../primitives.js';
import { gatherRows } from '../ops/gather.js';
import { Module } from './module.js';

/** Token ids: flat (T) or nested (B, T). */
export type Ids = Int32Array | readonly number[] | readonly (readonly number[])[];

export interface EmbeddingOptions {
  rng?: Rng;
  dtype?: DType;
}

function toIds(ids: Ids): { rows: Int32Array; shape: number[] } {
  if (ids instanceof Int32Array) return { rows: ids, shape: [ids.length] };
  const nested = ids.length > 0 && Array.isArray(ids[0]);
  const flat = nested ? (ids as readonly (readonly number[])[]).flat() : (ids as readonly number[]);
  if (nested && (ids as readonly (readonly number[])[]).some((r) => r.length !== (ids[0] as readonly number[]).length)) {
    throw new AttnError('E_SHAPE', 'Embedding: nested ids must be rectangular (B, T)');
  }
  flat.forEach((v, i) => {
    if (!Number.isInteger(v)) throw new AttnError('E_INPUT', `Embedding: id ${v} at position ${i} is not an integer`);
  });
  const shape = nested ? [ids.length, (ids[0] as readonly number[]).length] : [ids.length];
  return { rows: Int32Array.from(flat), shape };
}

/**
 * PyTorch's nn.Embedding: parameter `weight` (V, C); forward(ids) -> (..., C).
 * @example
 * const emb = Embedding.fromPretrained(gloveMatrix); // frozen
 * emb.forward([[3, 1, 4]]) // (1, 3, C)
 */
export class Embedding extends Module {
  /** (V, C) */
  readonly weight: Tensor;

  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, opts: EmbeddingOptions & { weight?: Tensor; freeze?: boolean } = {}) {
    super();
    if (!Number.isInteger(numEmbeddings) || numEmbeddings <= 0 || !Number.isInteger(embeddingDim) || embeddingDim <= 0) {
      throw new AttnError('E_INPUT', `Embedding: sizes must be positive integers, got (${numEmbeddings}, ${embeddingDim})`);
    }
    if (opts.weight && (opts.weight.rank !== 2 || opts.weight.shape[0] !== numEmbeddings || opts.weight.shape[1] !== embeddingDim)) {
      throw new AttnError('E_SHAPE', `Embedding: weight ${shapeStr(opts.weight.shape)} is not (${numEmbeddings}, ${embeddingDim})`);
    }
    const w = opts.weight ?? randn([numEmbeddings, embeddingDim], opts.rng ?? new Rng(0), { dtype: opts.dtype });
    this.weight = this.param('weight', w, !(opts.freeze ?? false));
  }

  /**
   * Wrap a pre-trained (V, C) matrix; it is used as is (shared, not copied). Frozen by default, as in PyTorch.
   * @example const emb = Embedding.fromPretrained(tensor([[0, 1], [1, 0]]), { freeze: false });
   */
  static fromPretrained(weight: Tensor, { freeze = true }: { freeze?: boolean } = {}): Embedding {
    if (weight.rank !== 2) throw new AttnError('E_SHAPE', `Embedding.fromPretrained: expected a (V, C) matrix, got ${shapeStr(weight.shape)}`);
    return new Embedding(weight.shape[0], weight.shape[1], { weight, freeze });
  }

  /** ids (T) or (B, T) -> (T, C) or (B, T, C) */
  forward(ids: Ids): Tensor {
    const { rows, shape } = toIds(ids);
    return gatherRows(this.weight, rows, shape);
  }
}
