// The messages between the page and the computation worker: one request per view, one answer each.
// Plain data only (numbers, strings, Float32Arrays), so they cross postMessage by structured clone.
// Not a general RPC layer: the worker answers what the views draw and nothing else.
import type { TaskSpec } from 'attnlab';

export type Positions = 'none' | 'sinusoidal';

export interface Neighbour {
  word: string;
  cosine: number;
}

/** One token of the typed text: known words are used, unknown ones skipped and shown with suggestions. */
export interface TokenInfo {
  text: string;
  known: boolean;
  suggestions: string[];
}

export interface SentenceInfo {
  tokens: TokenInfo[];
  /** The known tokens, in order: the T words attention runs on. */
  words: string[];
}

export interface AttentionData {
  sentence: SentenceInfo;
  T: number;
  C: number;
  scale: boolean;
  positions: Positions;
  divisor: number;
  /** (T, T) raw dot products e_i·e_j of the attention inputs. */
  dots: Float32Array;
  /** (T, T) softmax inputs: dots / divisor. */
  scores: Float32Array;
  /** (T, T) softmax weights, rows sum to 1 (the library's selfAttention). */
  weights: Float32Array;
  /** (T, T) how much term j adds to |y_i|: w_ij · (e_j · y_i) / |y_i| (rows sum to |y_i|). */
  contribution: Float32Array;
  /** (T) norms |y_i| and |e_i|. */
  outNorms: Float32Array;
  inNorms: Float32Array;
  /** (T, C) the attention inputs x_i (static vectors, plus positions if on) and the outputs y_i. */
  inputs: Float32Array;
  outputs: Float32Array;
  /** The library's explainAttention(...).formula for each row. */
  formulas: string[];
}

export interface StaticData {
  sentence: SentenceInfo;
  /** Nearest vocabulary words of each word (the word itself excluded). */
  neighbours: Neighbour[][];
  /** (T, T) cosines between the sentence's words. */
  cosines: Float32Array;
}

export interface ContextualData {
  attention: AttentionData;
  /** (T, 2) PCA coordinates of the static vectors and (T, 2) of the contextual ones, in one shared basis. */
  staticXY: Float32Array;
  contextXY: Float32Array;
  /** Fraction of the variance of the 2T vectors on PC1 and PC2. */
  explained: [number, number];
  /** cos(y_i, e_i) and the nearest words of each contextual vector (its own word excluded). */
  selfCosine: Float32Array;
  neighbours: Neighbour[][];
  restrictVocab: number;
}

export interface PolysemySide {
  sentence: SentenceInfo;
  /** Position of the shared word in `sentence.words` (its first occurrence). */
  at: number;
  /** The shared word's attention row: weight on each word. */
  weights: number[];
  neighbours: Neighbour[];
  /** For each other word c of this sentence: cos(e(word), e(c)) before, cos(y(word), e(c)) after, and `versusOther`,
   *  cos(y(word), e(c)) − cos(y'(word), e(c)) with y' the word's output in the other sentence (the CLI's column). */
  moved: { word: string; before: number; after: number; versusOther: number }[];
}

export interface PolysemyData {
  a: SentenceInfo;
  b: SentenceInfo;
  shared: string[];
  word: string | null;
  staticCosine: number;
  contextualCosine: number;
  sides: [PolysemySide, PolysemySide] | null;
}

export interface OrderRow {
  word: string;
  a: number;
  b: number;
  /** cos(y_A(word), y_B(word)) without positions, with sinusoidal ones added, and with RoPE on the scores. */
  without: number;
  with: number;
  rope: number;
}

export interface OrderData {
  a: SentenceInfo;
  b: SentenceInfo;
  /** Why A and B cannot be compared (they do not hold the same words), or null. */
  problem: string | null;
  rows: OrderRow[];
  /** max |y_A(w) − y_B(w)| over all words and components, without and with positions. */
  maxDiffWithout: number;
  maxDiffWith: number;
  maxDiffRope: number;
  /** (P, C) sinusoidal encodings for positions 0..P−1. */
  pe: Float32Array;
  P: number;
  C: number;
}

export interface SimilarityData {
  a: TokenInfo;
  b: TokenInfo;
  cosine: number | null;
}

/** What a trained model reads: its task, and a value for each of the task's input fields, by the field's key. */
export interface ModelInput {
  task: string;
  values: Record<string, string>;
}

/** A task as the trained-models view presents it, from the library's task spec: so the view never names a task. */
export interface TaskView {
  name: string;
  /** "SST-2 sentiment". */
  title: string;
  labels: readonly [string, string];
  /** The input's fields (key, label, kind: the sentence, a second sentence, a word or a phrase in the sentence). */
  fields: TaskSpec['input']['fields'];
  /** Inputs to try. */
  examples: TaskSpec['input']['examples'];
  /** The question, each label's verdict (`{key}` = that field's value), and what the attended words are. */
  phrasing: TaskSpec['phrasing'];
}

/** A model of the build: its files' URLs on this origin, and every model file URL (to drop stale cache entries). */
export interface ModelRef {
  name: string;
  safetensors: string;
  config: string;
  keep: string[];
}

/** One sequence the model read (SST-2 and idioms: one; WiC: sentence A and sentence B). */
export interface ModelSequence {
  title: string;
  tokens: string[];
  /** Positions the task head reads: the WiC target, the idiom's expression. */
  focus: number[];
  /** Tokens the model reads through its <unk> row. */
  unknown: string[];
  /** Weight of each token in the prediction (SST-2: attention pooling; else the last layer's heads from the focus). */
  attended: number[] | null;
  /** Per layer, per head: (T, T) weights, rows = query words (explainWithModel's layers). */
  heads: Float32Array[][];
  /** Per layer: (T, T) the mean of its heads. */
  average: Float32Array[];
  /** (T, T) parameter-free attention softmax(X Xᵀ / √C) on the same input vectors. */
  parameterFree: Float32Array;
  /** Per layer, per head: what its weights are the softmax of (explainWithModel's queryKeys), for the neuron view. */
  queryKeys: HeadNumbers[][];
}

/** One learned head's queries and keys on one sequence: Σ_d q_i[d]·k_j[d] + bias_ij = score_ij, softmax of a row = its
 *  weights. In float64, as the library returns them, so the page's sums are the library's to the last bit. */
export interface HeadNumbers {
  /** The head's width D. */
  D: number;
  /** (T, D) queries, already times the model's 1/√D. */
  queries: Float64Array;
  /** (T, D) keys. */
  keys: Float64Array;
  /** (T, T) pre-softmax scores, as the library computed them. */
  scores: Float64Array;
  /** (T, T) the positions' additive bias (ALiBi), or null. */
  bias: Float64Array | null;
}

export interface ModelData {
  name: string;
  input: ModelInput;
  /** The vectors differ from the model's training vectors (checkVectors), or null. */
  warning: string | null;
  /** Why the task cannot read this input (a word missing from a sentence), or null. */
  problem: string | null;
  prediction: { label: number; labelName: string; probability: number; probabilities: Record<string, number> } | null;
  sequences: ModelSequence[];
  /** How the model got to the worker this time, and how long fetching + loading took. */
  source: 'network' | 'cache' | 'memory';
  loadMs: number;
}

export type Request =
  | { type: 'static'; sentence: string }
  | { type: 'attention'; sentence: string; scale: boolean; positions: Positions }
  | { type: 'contextual'; sentence: string; scale: boolean; positions: Positions }
  | { type: 'polysemy'; a: string; b: string; word: string; scale: boolean }
  | { type: 'order'; a: string; b: string; scale: boolean }
  | { type: 'similarity'; a: string; b: string }
  | { type: 'neighbours'; vector: Float32Array; exclude: string[] }
  | { type: 'model'; model: ModelRef; input: ModelInput }
  | { type: 'tasks' };

export interface ResultMap {
  static: StaticData;
  attention: AttentionData;
  contextual: ContextualData;
  polysemy: PolysemyData;
  order: OrderData;
  similarity: SimilarityData;
  neighbours: Neighbour[];
  model: ModelData;
  tasks: TaskView[];
}

/** The vectors file's bytes, fetched by the page (so the download starts before the worker does). */
export interface VectorBytes {
  kind: 'vectors';
  bytes: Uint8Array;
  source: 'network' | 'cache';
  fetchMs: number;
}

/** Page → worker: the vectors once, then requests. */
export type PageMessage = VectorBytes | { kind: 'request'; id: number; request: Request };

/** What the worker computes on: the backend, its threads, and why it runs less than the fastest (if it does). */
export interface BackendReport {
  name: string;
  threads: number;
  /** On webgpu: the adapter, as its driver names it. */
  adapter?: string;
  note?: string;
}

/** Worker → page. `ready` once the vectors are loaded; `result`/`error` answer request `id`. */
export type WorkerMessage =
  | { kind: 'ready'; words: number; dim: number; source: 'network' | 'cache'; fetchMs: number; parseMs: number; backend: BackendReport }
  | { kind: 'load-error'; message: string }
  | { kind: 'result'; id: number; result: unknown; ms: number }
  | { kind: 'error'; id: number; message: string };
