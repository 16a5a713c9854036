// The task models: frozen GloVe (+ a small trainable table of missing words) → positions → a Transformer encoder
// → a task head; or, for the static baseline, the same input and head with no encoder at all, so that the gain
// from attention is measured by one code path. The head's features come from the task's spec (sst2.ts, wic.ts,
// idiom.ts); here is what every task shares: embedding, encoder, pooling helpers and the classifier MLP.
// Not here: training (train-task.ts).
import { Tensor, randn, zeros } from '../tensor.js';
import { noGrad } from '../autograd.js';
import { assign } from '../ops/assign.js';
import { AttnError } from '../errors.js';
import { Rng } from '../random.js';
import { add, mul } from '../ops/arithmetic.js';
import { relu } from '../ops/unary.js';
import { matmul } from '../ops/matmul.js';
import { reshape } from '../ops/shape-ops.js';
import { narrow, concat } from '../ops/slice.js';
import { gatherRows } from '../ops/gather.js';
import { Module } from '../nn/module.js';
import { Linear } from '../nn/linear.js';
import type { QueryKeys } from '../nn/multihead-attention.js';
import { Dropout } from '../nn/dropout.js';
import { TransformerEncoder } from '../nn/transformer-encoder.js';
import type { PositionalKind } from '../nn/positional.js';
import { taskSpec, type TaskName } from './registry.js';
import type { Batch } from './batch.js';

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
  /** The head also reads the task's surface cues (`TaskSpec.cues`); absent = no. */
  cues?: boolean;
  /** Attention models: the head also reads the static baseline's features (the task decides which); absent = no. */
  staticFeatures?: boolean;
}

/** Defaults per task (maxLen and context from the task's spec): small enough to train in minutes on two CPU cores. */
export function defaultModelConfig(task: TaskName, kind: ModelKind, dim: number): TaskModelConfig {
  const { maxLen, context, cues, staticFeatures } = taskSpec(task).model;
  return {
    task, kind, dim, dModel: 64,
    layers: 1, heads: 4, ffDim: 128,
    positions: 'learned', maxLen,
    dropout: 0.1, hidden: 64, normFirst: false, context,
    extraWords: ['<unk>'],
    ...(cues ? { cues } : {}), ...(staticFeatures && kind === 'attention' ? { staticFeatures } : {}),
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
    const attention = c.kind === 'attention', spec = taskSpec(c.task);
    this.inputProj = attention && c.dModel !== c.dim ? this.module('input_proj', new Linear(c.dim, c.dModel, { rng })) : null;
    this.encoder = attention
      ? this.module('encoder', new TransformerEncoder(C, c.heads, c.layers, {
        dimFeedforward: c.ffDim, dropout: c.dropout, positional: c.positions, maxLen: c.maxLen, normFirst: c.normFirst, norm: c.normFirst, rng,
      }))
      : null;
    this.pool = attention && spec.head.attentionPooling ? this.module('pool', new Linear(C, 1, { rng })) : null;
    this.head0 = this.module('head.0', new Linear(spec.head.width(c.kind, attention ? C : c.dim, c) + this.cueCount(), c.hidden, { rng }));
    this.headDropout = this.module('head.1', new Dropout(c.dropout, { rng: new Rng(rng.nextU32()) }));
    this.head2 = this.module('head.2', new Linear(c.hidden, 2, { rng }));
  }

  /** (N, T, C) input vectors: frozen GloVe plus the trainable rows (extra words' vectors, tuned words' corrections). */
  embed(b: Batch): Tensor {
    const C = this.config.dim;
    const extra = gatherRows(this.extraEmbedding, b.extraRows, [b.N, b.T]); // (N, T, C)
    return add(b.glove, mul(extra, b.extraMask));
  }

  forward(b: Batch): TaskForward {
    const own = taskSpec(this.config.task).head.forward?.(this, b);
    if (own) return own;
    const { x, h, layerWeights } = this.encode(b);
    return { ...this.classify(b, x, h), layerWeights };
  }

  /** Input vectors x (N, T, dim) and, through the encoder, contextual vectors h (N, T, C); h = x for the baseline. */
  encode(b: Batch, { queryKeys = false } = {}): { x: Tensor; h: Tensor; layerWeights: Tensor[]; layerQueryKeys: QueryKeys[] } {
    const x = this.embed(b); // (N, T, dim)
    if (!this.encoder) return { x, h: x, layerWeights: [], layerQueryKeys: [] };
    // No finite check on every training step: x is rows of embedding weights, checked finite when loaded.
    const r = this.encoder.forwardWithWeights(this.inputProj ? this.inputProj.forward(x) : x, { srcKeyPaddingMask: b.pad, checkFinite: false, needQueryKeys: queryKeys });
    return { x, h: r.outputs, layerWeights: r.weights, layerQueryKeys: r.queryKeys }; // (N, T, C), one (N, H, T, T) per layer
  }

  /** The task head on encoded sequences: (B, 2) logits (and SST-2's pooling weights). */
  classify(b: Batch, x: Tensor, h: Tensor): { logits: Tensor; poolWeights: Tensor | null } {
    const { feats, poolWeights } = taskSpec(this.config.task).head.features(this, b, x, h);
    return { logits: this.classifier(feats, b), poolWeights };
  }

  /** (B, features) → (B, 2) logits: the MLP every task's head ends in, reading the batch's cues too when the model has them. */
  classifier(feats: Tensor, b: Batch): Tensor {
    if (this.config.cues) {
      if (!b.cues) throw new AttnError('E_INPUT', 'TaskModel: this model reads surface cues, but the batch has none (encode with { cues: true })');
      feats = concat([feats, b.cues], 1); // (B, features + K)
    }
    return this.head2.forward(this.headDropout.forward(relu(this.head0.forward(feats)))); // through (B, hidden)
  }

  private cueCount(): number {
    const cues = taskSpec(this.config.task).cues;
    if (this.config.cues && !cues) throw new AttnError('E_INPUT', `TaskModel: config.cues is set, but task ${this.config.task} has no cues`);
    return this.config.cues ? cues!.names.length : 0;
  }

  /** (N, 1, T) @ (N, T, C) → (N, C): a weighted sum over tokens. */
  pooled(w: Tensor, h: Tensor): Tensor {
    return reshape(matmul(w, h), [h.shape[0], h.shape[2]]);
  }

  /** (2B, C) rows of B two-sequence examples → the first and the second sequence's rows, (B, C) each. */
  pair(t: Tensor, B: number): [Tensor, Tensor] {
    const p = reshape(t, [B, 2, t.shape[1]]);
    return [reshape(narrow(p, 1, 0, 1), [B, -1]), reshape(narrow(p, 1, 1, 1), [B, -1])];
  }
}
