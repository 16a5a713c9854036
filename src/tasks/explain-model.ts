// One input at a time, with its reasons: the prediction and probability, which words the prediction attended
// to, every learned head's weights next to parameter-free attention on the same vectors, and a word's learned
// contextual vectors in two sentences. What the CLI's predict, attend --model and polysemy --model print.
import { AttnError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { noGrad, tidy } from '../autograd.js';
import { softmax } from '../ops/softmax.js';
import { reshape } from '../ops/shape-ops.js';
import { narrow } from '../ops/slice.js';
import type { WordVectors } from '../embeddings/word-vectors.js';
import { selfAttention } from '../attention/self-attention.js';
import { findSpan, textTokens, type EncodedExample } from './encode.js';
import { makeBatch, sequenceGroup } from './batch.js';
import { encodeFor, modelVocabulary } from './evaluate-task.js';
import { headQueryKeys, type HeadQueryKeys } from './head-query-keys.js';
import type { QueryKeys } from '../nn/multihead-attention.js';
import { taskSpec, type TaskExample, type TaskName } from './registry.js';
import type { TaskModel } from './task-model.js';

/** What `predictTask` reads, by task. */
export type TaskInput =
  | { text: string }
  | { word: string; sentence1: string; sentence2: string }
  | { expression: string; sentence: string; previous?: string; next?: string };

/**
 * Turn a user's input into the task's example type (checked by the task's spec; WiC finds the word in each sentence).
 * @example exampleFromInput('sst2', { text: 'a gorgeous film' }).text // 'a gorgeous film'
 */
export function exampleFromInput(task: TaskExample['task'], input: TaskInput): TaskExample {
  const spec = taskSpec(task), given = input as Record<string, string | undefined>;
  const keys = spec.input.fields.map((f) => f.key);
  const missing = keys.filter((k) => typeof given[k] !== 'string' || !given[k]!.trim());
  if (missing.length) throw new AttnError('E_INPUT', `a ${task} model needs ${keys.join(', ')}; missing or empty: ${missing.join(', ')}`);
  return spec.input.toExample(given);
}

export interface AttendedSequence {
  tokens: string[];
  /** Positions the head reads (the WiC target, the expression's tokens). */
  focus: number[];
  /** Weight of each token in the prediction: SST-2's attention pooling, else the last layer's heads (mean) from the focus; null for a static model. */
  attended: number[] | null;
}

export interface TaskPrediction {
  task: TaskExample['task'];
  label: number;
  labelName: string;
  /** Probability of the predicted label. */
  probability: number;
  /** Probability of each label, by name. */
  probabilities: Record<string, number>;
  sequences: AttendedSequence[];
}

interface Run {
  /** Class probabilities, or null when the input is not a whole example of the task (one WiC sentence). */
  probs: Float32Array | null;
  layers: Tensor[];
  pool: Tensor | null;
  /** (N, T, dim) the model's input vectors. */
  input: Tensor;
  /** (N, T, C) the encoder's outputs, or null for a static model. */
  hidden: Tensor | null;
  /** Per layer, what its scores are made of (asked for by explainWithModel only). */
  queryKeys: QueryKeys[];
}

/** One forward pass of a single example in eval mode, without gradients; the class probabilities read back. The
 *  caller frees the run's tensors (freeRun) once it has read them. */
async function runOne(model: TaskModel, wv: WordVectors, enc: EncodedExample, withHead = true, queryKeys = false): Promise<Run> {
  model.eval();
  const r = noGrad(() => tidy(() => {
    const batch = makeBatch([enc], modelVocabulary(model, wv));
    // A task that encodes its sequences apart (idioms: the expression alone, not shown) has its first sequence
    // encoded by itself, and the prediction from forward, which encodes the two apart, exactly as evaluation does.
    const apart = !!taskSpec(model.config.task).head.forward && enc.seqs.length === 2;
    const { x, h, layerWeights, layerQueryKeys } = model.encode(apart ? sequenceGroup(batch, 0) : batch, { queryKeys });
    const head = !withHead ? null : apart ? model.forward(batch) : model.classify(batch, x, h);
    return { probs: head && softmax(head.logits, -1), layers: layerWeights, pool: head?.poolWeights ?? null, input: x, hidden: model.encoder ? h : null, queryKeys: layerQueryKeys };
  }));
  const probs = r.probs && ((await r.probs.data()) as Float32Array);
  r.probs?.dispose();
  return { ...r, probs };
}

/** Free the tensors of a run (and any views of them the caller made); never a kept one (a parameter). */
function freeRun(r: Run, ...more: Tensor[]): void {
  const qk = r.queryKeys.flatMap((l) => [l.queries, l.keys, l.bias]);
  for (const t of [...r.layers, r.pool, r.input, r.hidden, ...qk, ...more]) if (t && !t.kept) t.dispose();
}

/** Row means over heads and focus rows of (N, H, T, T) weights `wd` of shape `shape`, for sequence n of length L. */
function fromFocus(wd: ArrayLike<number>, shape: readonly number[], n: number, focus: number[], L: number): number[] {
  const [, H, T] = shape, out = new Array<number>(L).fill(0);
  for (let h = 0; h < H; h++) for (const f of focus) for (let j = 0; j < L; j++) out[j] += wd[((n * H + h) * T + f) * T + j] / (H * focus.length);
  return out;
}

/**
 * Predict one input: label, probability and which words the prediction attended to.
 * @example (await predictTask(model, wv, { word: 'bank', sentence1: 'He deposited money in the bank', sentence2: 'He sat on the river bank' })).labelName // 'different'
 */
export async function predictTask(model: TaskModel, wv: WordVectors, input: TaskInput): Promise<TaskPrediction> {
  const task = model.config.task;
  const [enc] = encodeFor(model, wv, [exampleFromInput(task, input)]);
  const r = await runOne(model, wv, enc);
  try {
    return await predictionFrom(task, enc, r);
  } finally {
    freeRun(r);
  }
}

/** The prediction read off one forward pass (runOne with the head) of an encoded example. */
async function predictionFrom(task: TaskName, enc: EncodedExample, r: Run): Promise<TaskPrediction> {
  const probs = r.probs!;
  const label = probs[1] > probs[0] ? 1 : 0;
  const spec = taskSpec(task), names = spec.labels;
  const shown = spec.head.shown ?? enc.seqs.length; // an idiom's second sequence is the expression alone
  const pool = r.pool ? await r.pool.data() : null;
  const last = !pool && r.layers.length ? r.layers[r.layers.length - 1] : null;
  const lastData = last ? await last.data() : null;
  const sequences = enc.seqs.slice(0, shown).map((tokens, n) => {
    let attended: number[] | null = null;
    if (pool) attended = Array.from(pool.subarray(n * r.pool!.shape[1], n * r.pool!.shape[1] + tokens.length));
    else if (last && lastData && enc.focus[n].length) attended = fromFocus(lastData, last.shape, n, enc.focus[n], tokens.length);
    return { tokens, focus: enc.focus[n], attended };
  });
  return { task, label, labelName: names[label], probability: probs[label], probabilities: { [names[0]]: probs[0], [names[1]]: probs[1] }, sequences };
}

export interface ModelExplanation {
  tokens: string[];
  /**
   * Per encoder layer: per head, the (T × T) weights (rows = query words), and what they are the softmax of: each
   * head's queries (scaled by 1/√D), keys and pre-softmax scores, Σ q∘k (+ ALiBi's bias). Empty for a static model.
   */
  layers: { heads: number[][][]; queryKeys: HeadQueryKeys[] }[];
  /** (T × T) parameter-free attention, softmax(X Xᵀ / √C), on the same input vectors. */
  parameterFree: number[][];
  /** SST-2: the attention pooling's weight per token; null otherwise. */
  pooling: number[] | null;
  /** The model's prediction when one sentence is its whole input (SST-2; idioms given an expression); else null. */
  prediction: TaskPrediction | null;
  /** Tokens the model reads through its <unk> row. */
  unknown: string[];
}

/**
 * The learned heads' weights next to the parameter-free ones, for one tokenised sentence.
 * @example const e = await explainWithModel(model, wv, ['money', 'bank', 'grows']); e.layers[0].heads[0] // (3 × 3)
 */
export async function explainWithModel(model: TaskModel, wv: WordVectors, tokens: readonly string[], opts: { expression?: string } = {}): Promise<ModelExplanation> {
  if (tokens.length === 0) throw new AttnError('E_INPUT', 'explainWithModel: the sentence has no words');
  const task = model.config.task;
  const span = opts.expression ? findSpan(tokens, textTokens(opts.expression)) : null;
  if (opts.expression && !span) throw new AttnError('E_INPUT', `the expression "${opts.expression}" does not occur in "${tokens.join(' ')}"`);
  const focus = span ? Array.from({ length: span[1] - span[0] }, (_, k) => span[0] + k) : [];
  const seq = tokens.slice(0, model.config.maxLen), kept = focus.filter((f) => f < model.config.maxLen);
  const whole = taskSpec(task).sentenceExample(seq, kept), withHead = whole !== null;
  // Tokens carry no capitals: a model that reads surface cues reads them as unmarked (predictTask sees the raw text).
  const cues = model.config.cues ? { cues: taskSpec(task).cues!.names.map(() => 0) } : {};
  const enc: EncodedExample = { ...(whole ?? { seqs: [seq], focus: [kept], label: null }), ...cues };
  const T = seq.length;
  const r = await runOne(model, wv, enc, withHead, true);
  const x1 = narrow(r.input, 0, 0, 1), x = tidy(() => reshape(x1, [T, r.input.shape[2]])); // (1, T, dim), (T, dim)
  let pf;
  try {
    pf = await selfAttention(x);
    const qk = await headQueryKeys(r.queryKeys, T);
    return await explanationFrom(model, wv, task, enc, r, pf.weights, qk, withHead);
  } finally {
    freeRun(r, x1, x, ...(pf ? [pf.scores, pf.weights, pf.outputs] : []));
  }
}

/** explainWithModel's result, read off one run and parameter-free attention on its input. */
async function explanationFrom(model: TaskModel, wv: WordVectors, task: TaskName, enc: EncodedExample, r: Run, pfWeights: Tensor, qk: HeadQueryKeys[][], withHead: boolean): Promise<ModelExplanation> {
  const T = enc.seqs[0].length;
  const layers = await Promise.all(r.layers.map(async (w, l) => {
    const wd = await w.data(), S = w.shape[2];
    return { heads: Array.from({ length: w.shape[1] }, (_, h) => Array.from({ length: T }, (_, i) => Array.from(wd.subarray((h * S + i) * S, (h * S + i) * S + T)))), queryKeys: qk[l] };
  }));
  const parameterFree = (await pfWeights.array()) as number[][];
  // The prediction comes from the same forward pass as the weights: the model runs once.
  const prediction = withHead ? await predictionFrom(task, enc, r) : null;
  const vocab = modelVocabulary(model, wv);
  return {
    tokens: enc.seqs[0], layers, parameterFree,
    pooling: r.pool ? Array.from((await r.pool.data()).subarray(0, T)) : null,
    prediction, unknown: enc.seqs[0].filter((t) => vocab.isUnknown(t)),
  };
}

export interface ModelPolysemy {
  word: string;
  /** cosine of the word's input vectors in the two sentences (1 for the same word form). */
  static: { cosine: number };
  /** cosine of parameter-free self-attention's outputs at the word. */
  parameterFree: { cosine: number };
  /** cosine of the trained encoder's outputs at the word (null for a static model). */
  learned: { cosine: number } | null;
  /** A WiC model's verdict on the two uses; null for other tasks. */
  sameSense: { label: string; probability: number } | null;
  sentences: { tokens: string[]; index: number; parameterFreeWeights: number[]; learnedWeights: number[][][] }[];
}

const cos = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let d = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? d / Math.sqrt(na * nb) : 0;
};

/**
 * One word in two tokenised sentences: static, parameter-free and learned contextual cosines, the attention
 * rows of the word (parameter-free, and per learned layer and head), and a WiC model's same-sense verdict.
 * @example await polysemyWithModel(wicModel, wv, 'bank', tokenize('He deposited money in the bank'), tokenize('He sat on the river bank'))
 */
export async function polysemyWithModel(model: TaskModel, wv: WordVectors, word: string, tokens1: readonly string[], tokens2: readonly string[]): Promise<ModelPolysemy> {
  const w = word.toLowerCase();
  const side = async (tokens: readonly string[], k: number) => {
    const span = findSpan(tokens, [w]);
    if (!span) throw new AttnError('E_INPUT', `"${word}" does not occur in sentence ${k + 1} (${tokens.join(' ')})`);
    const index = span[0];
    const enc: EncodedExample = { seqs: [tokens.slice(0, model.config.maxLen)], focus: [[index]], label: null };
    if (index >= model.config.maxLen) throw new AttnError('E_INPUT', `"${word}" is past the model's ${model.config.maxLen}-token window in sentence ${k + 1}`);
    const r = await runOne(model, wv, enc, false);
    const T = enc.seqs[0].length, C = r.input.shape[2];
    const x = reshape(r.input, [T, C]);
    const pf = await selfAttention(x).catch((e) => {
      freeRun(r, x);
      throw e;
    });
    const D = r.hidden ? r.hidden.shape[2] : 0;
    try {
      return {
      tokens: enc.seqs[0], index,
      staticVec: (await x.data()).subarray(index * C, (index + 1) * C),
      pfVec: (await pf.outputs.data()).subarray(index * C, (index + 1) * C),
      learnedVec: r.hidden ? (await r.hidden.data()).subarray(index * D, (index + 1) * D) : null,
      parameterFreeWeights: Array.from((await pf.weights.data()).subarray(index * T, (index + 1) * T)),
      learnedWeights: await Promise.all(r.layers.map(async (lw) => {
        const wd = await lw.data();
        return Array.from({ length: lw.shape[1] }, (_, h) => Array.from(wd.subarray((h * T + index) * T, (h * T + index + 1) * T)));
      })),
      };
    } finally {
      freeRun(r, x, pf.scores, pf.weights, pf.outputs);
    }
  };
  const sides = [await side(tokens1, 0), await side(tokens2, 1)];
  const [a, b] = sides;
  let sameSense: ModelPolysemy['sameSense'] = null;
  const spec = taskSpec(model.config.task);
  if (spec.wordInTwoSentences) {
    const p = await predictTask(model, wv, { word, sentence1: tokens1.join(' '), sentence2: tokens2.join(' ') });
    sameSense = { label: p.labelName, probability: p.probabilities[spec.labels[1]] };
  }
  return {
    word,
    static: { cosine: cos(a.staticVec, b.staticVec) },
    parameterFree: { cosine: cos(a.pfVec, b.pfVec) },
    learned: a.learnedVec && b.learnedVec ? { cosine: cos(a.learnedVec, b.learnedVec) } : null,
    sameSense,
    sentences: sides.map(({ tokens, index, parameterFreeWeights, learnedWeights }) => ({ tokens, index, parameterFreeWeights, learnedWeights })),
  };
}
