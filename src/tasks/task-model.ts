// The task models: frozen GloVe (+ a small trainable table of missing words) → positions → a Transformer encoder
// → a task head; or, for the static baseline, the same input and head with no encoder at all, so that the gain
// from attention is measured by one code path. Heads: SST-2 pools the sentence (learned attention pooling; the
// baseline a bag-of-vectors mean); WiC combines the target's two vectors symmetrically [u + v, |u − v|, u ⊙ v];
// idioms compare the expression's contextual vectors in the sentence with the same words encoded alone
// [|u − v|, u ⊙ v], which says how much the context changed them without naming the expression (zero-shot
// expressions are unseen). Not here: training (train-task.ts).
import { Tensor, randn, zeros } from '../tensor.js';
import { noGrad } from '../autograd.js';
import { assign } from '../ops/assign.js';
import { AttnError } from '../errors.js';
import { Rng } from '../random.js';
import { add, sub, mul } from '../ops/arithmetic.js';
import { relu, abs } from '../ops/unary.js';
import { matmul } from '../ops/matmul.js';
import { reshape } from '../ops/shape-ops.js';
import { narrow, concat } from '../ops/slice.js';
import { softmax } from '../ops/softmax.js';
import { max } from '../ops/reduce.js';
import { maskedFill } from '../ops/where.js';
import { gatherRows } from '../ops/gather.js';
import { Module } from '../nn/module.js';
import { Linear } from '../nn/linear.js';
import { Dropout } from '../nn/dropout.js';
import { TransformerEncoder } from '../nn/transformer-encoder.js';
import type { PositionalKind } from '../nn/positional.js';
import type { TaskName } from './examples.js';
import { sequenceGroup, type Batch } from './batch.js';

export type ModelKind = 'attention' | 'static';

/** Everything that rebuilds a TaskModel (saved as config.json's `model`). */
export interface TaskModelConfig {
  task: TaskName;
  kind: ModelKind;
  /** The word vectors' dimension. */
  dim: number;
  /** The encoder's width C; when it differs from `dim`, a Linear `input_proj` maps the vectors to it. */
  dModel: number;
  layers: number;
  heads: number;
  /** Hidden width of the encoder's feed-forward block. */
  ffDim: number;
  positions: PositionalKind;
  /** Longest input sequence (tokens). */
  maxLen: number;
  dropout: number;
  /** Hidden width of the classification head. */
  hidden: number;
  normFirst: boolean;
  /** Idioms: read the Previous and Next sentences too. */
  context: boolean;
  /** Trainable rows after GloVe's; extraWords[0] is '<unk>'. */
  extraWords: string[];
  /** GloVe words with a trainable correction added to their frozen vector (rows after the extra words); absent = none. */
  tunedWords?: string[];
}

/** Defaults per task: small enough to train in minutes on two CPU cores. */
export function defaultModelConfig(task: TaskName, kind: ModelKind, dim: number): TaskModelConfig {
  return {
    task, kind, dim, dModel: 64,
    layers: 1, heads: 4, ffDim: 128,
    positions: 'learned', maxLen: task === 'idiom' ? 48 : 64,
    dropout: 0.1, hidden: 64, normFirst: false, context: task === 'idiom',
    extraWords: ['<unk>'],
  };
}

export interface TaskForward {
  /** (B, 2) class logits. */
  logits: Tensor;
  /** Per encoder layer, (N, H, T, T) attention weights (idioms: the sentences' only); empty for the static baseline. */
  layerWeights: Tensor[];
  /** SST-2: (N, T) the attention pooling's weights over tokens; null otherwise. */
  poolWeights: Tensor | null;
}

/**
 * A task model; parameters named as PyTorch would (`encoder.layers.0.self_attn.in_proj_weight`, `head.0.weight`).
 * @example
 * const model = new TaskModel(defaultModelConfig('sst2', 'attention', 100), new Rng(0));
 * const { logits } = model.forward(makeBatch(encoded, vocab)); // (B, 2)
 */
export class TaskModel extends Module {
  readonly extraEmbedding: Tensor;
  readonly inputProj: Linear | null;
  readonly encoder: TransformerEncoder | null;
  readonly pool: Linear | null;
  readonly head0: Linear;
  readonly head2: Linear;
  readonly headDropout: Dropout;

  constructor(readonly config: TaskModelConfig, rng: Rng = new Rng(0)) {
    super();
    const c = config, C = c.dModel;
    if (c.kind !== 'attention' && c.kind !== 'static') throw new AttnError('E_INPUT', `TaskModel: kind '${c.kind}' is not attention or static`);
    const words = (v: unknown) => Array.isArray(v) && v.every((w) => typeof w === 'string');
    if (!words(c.extraWords) || (c.tunedWords !== undefined && !words(c.tunedWords))) throw new AttnError('E_INPUT', 'TaskModel: extraWords and tunedWords must be lists of words');
    // Extra rows start about GloVe's per-component scale (|e| ≈ 5 over 100 components); corrections start at 0,
    // so training begins from the pre-trained vectors (and weight decay pulls back toward them).
    const tuned = c.tunedWords?.length ?? 0;
    const table = mul(randn([c.extraWords.length + tuned, c.dim], rng), 0.3);
    noGrad(() => assign(narrow(table, 0, c.extraWords.length, tuned), zeros([], { dtype: table.dtype })));
    this.extraEmbedding = this.param('extra_embeddings.weight', table);
    const attention = c.kind === 'attention';
    this.inputProj = attention && c.dModel !== c.dim ? this.module('input_proj', new Linear(c.dim, c.dModel, { rng })) : null;
    this.encoder = attention
      ? this.module('encoder', new TransformerEncoder(C, c.heads, c.layers, {
        dimFeedforward: c.ffDim, dropout: c.dropout, positional: c.positions, maxLen: c.maxLen, normFirst: c.normFirst, norm: c.normFirst, rng,
      }))
      : null;
    this.pool = c.kind === 'attention' && c.task === 'sst2' ? this.module('pool', new Linear(C, 1, { rng })) : null;
    this.head0 = this.module('head.0', new Linear(this.featureWidth(), c.hidden, { rng }));
    this.headDropout = this.module('head.1', new Dropout(c.dropout, { rng: new Rng(rng.nextU32()) }));
    this.head2 = this.module('head.2', new Linear(c.hidden, 2, { rng }));
  }

  private featureWidth(): number {
    const { task, kind, dim, dModel } = this.config;
    const C = kind === 'attention' ? dModel : dim;
    if (task === 'wic') return 3 * C;
    if (task === 'idiom') return 2 * C;
    return kind === 'attention' ? 3 * C : C;
  }

  /** (N, T, C) input vectors: frozen GloVe plus the trainable rows (extra words' vectors, tuned words' corrections). */
  embed(b: Batch): Tensor {
    const C = this.config.dim;
    const extra = gatherRows(this.extraEmbedding, b.extraRows, [b.N, b.T]); // (N, T, C)
    return add(b.glove, mul(extra, b.extraMask));
  }

  forward(b: Batch): TaskForward {
    if (this.encoder && this.config.task === 'idiom') {
      // The expression alone is a few tokens: encoded apart from the sentences, it is not padded to their length
      // (about half the work). Same numbers as one padded batch, up to float rounding.
      const sentences = sequenceGroup(b, 0), alone = sequenceGroup(b, 1);
      const s = this.encode(sentences), e = this.encode(alone);
      const u = this.pooled(sentences.focusWeights, s.h), v = this.pooled(alone.focusWeights, e.h);
      return { logits: this.head(this.compare(u, v)), poolWeights: null, layerWeights: s.layerWeights };
    }
    const { x, h, layerWeights } = this.encode(b);
    return { ...this.classify(b, x, h), layerWeights };
  }

  /** Input vectors x (N, T, dim) and, through the encoder, contextual vectors h (N, T, C); h = x for the baseline. */
  encode(b: Batch): { x: Tensor; h: Tensor; layerWeights: Tensor[] } {
    const x = this.embed(b); // (N, T, dim)
    if (!this.encoder) return { x, h: x, layerWeights: [] };
    // No finite check on every training step: x is rows of embedding weights, checked finite when loaded.
    const r = this.encoder.forwardWithWeights(this.inputProj ? this.inputProj.forward(x) : x, { srcKeyPaddingMask: b.pad, checkFinite: false });
    return { x, h: r.outputs, layerWeights: r.weights }; // (N, T, C), one (N, H, T, T) per layer
  }

  /** The task head on encoded sequences: (B, 2) logits (and SST-2's pooling weights). */
  classify(b: Batch, x: Tensor, h: Tensor): { logits: Tensor; poolWeights: Tensor | null } {
    const { feats, poolWeights } = this.features(b, x, h);
    return { logits: this.head(feats), poolWeights };
  }

  /** (B, features) → (B, 2) logits. */
  private head(feats: Tensor): Tensor {
    return this.head2.forward(this.headDropout.forward(relu(this.head0.forward(feats)))); // through (B, hidden)
  }

  /** Idioms: what the context changed, [|u − v|, u ⊙ v], from the expression in context u and alone v. */
  private compare(u: Tensor, v: Tensor): Tensor {
    return concat([abs(sub(u, v)), mul(u, v)], 1); // (B, 2C)
  }

  /** (N, 1, T) @ (N, T, C) → (N, C): a weighted sum over tokens. */
  private pooled(w: Tensor, h: Tensor): Tensor {
    return reshape(matmul(w, h), [h.shape[0], h.shape[2]]);
  }

  /** (2B, C) rows of B two-sequence examples → the first and the second sequence's rows, (B, C) each. */
  private pair(t: Tensor, B: number): [Tensor, Tensor] {
    const p = reshape(t, [B, 2, t.shape[1]]);
    return [reshape(narrow(p, 1, 0, 1), [B, -1]), reshape(narrow(p, 1, 1, 1), [B, -1])];
  }

  private features(b: Batch, x: Tensor, h: Tensor): { feats: Tensor; poolWeights: Tensor | null } {
    const { task, kind } = this.config;
    if (task === 'sst2') {
      if (!this.pool) return { feats: this.pooled(b.meanWeights, x), poolWeights: null }; // bag of vectors
      const scores = reshape(this.pool.forward(h), [b.N, b.T]); // (N, T)
      const w = softmax(maskedFill(scores, b.pad, -Infinity), -1); // (N, T): which words the sentence vector reads
      const attended = this.pooled(reshape(w, [b.N, 1, b.T]), h);
      const maxed = max(maskedFill(h, reshape(b.pad, [b.N, b.T, 1]), -1e9), 1); // (N, C): the strongest signal per channel
      return { feats: concat([attended, this.pooled(b.meanWeights, h), maxed], 1), poolWeights: w }; // (N, 3C)
    }
    if (task === 'wic') {
      const [u, v] = this.pair(this.pooled(b.focusWeights, h), b.B); // the target in each sentence
      return { feats: concat([add(u, v), abs(sub(u, v)), mul(u, v)], 1), poolWeights: null }; // (B, 3C), symmetric in u, v
    }
    // Idioms: sequence 0 is the sentence, sequence 1 the expression alone.
    if (kind === 'static') {
      const [expression] = this.pair(this.pooled(b.focusWeights, x), b.B), [sentence] = this.pair(this.pooled(b.meanWeights, x), b.B);
      return { feats: concat([expression, sentence], 1), poolWeights: null }; // (B, 2·dim): a bag of vectors
    }
    const [u, v] = this.pair(this.pooled(b.focusWeights, h), b.B); // the expression in context, and alone
    return { feats: this.compare(u, v), poolWeights: null };
  }
}
