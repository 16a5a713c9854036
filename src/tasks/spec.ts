// What makes a task: one TaskSpec holds its reader, encoding, head, metric, label names, held-out split shape,
// defaults and data licence, so the rest of src/tasks (training, evaluation, explanation, model files) and the
// CLI go through the spec and never branch on a task's name. The specs themselves live in sst2.ts, wic.ts and
// idiom.ts, listed in registry.ts; a new task is one file like those plus one line there.
import type { Tensor } from '../tensor.js';
import type { Batch } from './batch.js';
import type { EncodedExample, EncodeOptions } from './encode.js';
import type { ReadOptions, ReadResult } from './examples.js';
import type { TaskModel, TaskForward, ModelKind, TaskModelConfig } from './task-model.js';

/** How the held-out data is shaped: zero-shot holds out whole groups; one-shot also trains on one example per label of each. */
export type Setting = 'zero-shot' | 'one-shot';

/** A training / validation split of one task's examples. */
export interface Split<E> {
  train: E[];
  val: E[];
  /** Training rows dropped because they overlap the validation data (SST-2 phrases inside held-out sentences). */
  dropped: number;
}

/** Settings that train a task's model in a few minutes on two CPU cores (the shipped models use these). */
export interface TrainSettings {
  epochs: number;
  lr: number;
  batchSize: number;
  evalsPerEpoch: number;
  patience: number;
  /** Fraction of the training data held out for validation. */
  valFraction: number;
}

/** What every task's example has. */
export interface ExampleBase {
  task: string;
  /** 0 / 1, the dataset's own integer; null without gold. */
  label: number | null;
  line: number;
}

/** A reader's options: the file's name (for errors), `skipBad`, and a separate gold file's text when the task has one. */
export interface TaskReadOptions extends ReadOptions {
  gold?: string;
  goldFile?: string;
}

export interface HeadSpec {
  /** Width of the features the classifier reads, from C: the encoder's width (attention) or the vectors' (static). */
  width(kind: ModelKind, C: number, config: TaskModelConfig): number;
  /** An attention model also learns an attention pooling over tokens (a Linear `pool`, one score per token). */
  attentionPooling?: boolean;
  /** Features (B, width) from the batch, input vectors x (N, T, dim) and contextual vectors h (N, T, C; h = x for static). */
  features(m: TaskModel, b: Batch, x: Tensor, h: Tensor): { feats: Tensor; poolWeights: Tensor | null };
  /**
   * A forward pass of its own, when the task encodes its sequences apart (idioms: the expression alone is not
   * padded to the sentence's length); undefined = the default (encode the batch, then `features`).
   */
  forward?(m: TaskModel, b: Batch): TaskForward | undefined;
  /** Sequences shown to a user (idioms: 1, the second is the expression alone); default all. */
  shown?: number;
}

/**
 * What a prediction input's field holds, so that a form can offer it without knowing the task: the main sentence,
 * a second sentence, or a word or a phrase that must occur in the main sentence.
 */
export type InputKind = 'sentence' | 'second-sentence' | 'word' | 'phrase';

/** One argument of a prediction input (`attn predict` takes them in this order). */
export interface InputField {
  key: string;
  /** As usage shows it: WORD, "SENTENCE 1". */
  hint: string;
  /** As a form labels it: "Word", "Sentence B". */
  label: string;
  kind: InputKind;
}

/** A ready-made input to try: a button's label, and a value for every field (by key). */
export interface InputExample {
  label: string;
  values: Record<string, string>;
}

/** How to say a prediction to a person. */
export interface PredictionPhrasing {
  /** The task as a question: "is the sentence positive or negative?". */
  question: string;
  /** Per label (by index), the verdict as a sentence; `{key}` stands for that input field's value. */
  verdicts: readonly [string, string];
  /** What the words the prediction attended to are (`predictTask`'s `attended`). */
  attended: string;
}

export interface TaskSpec<E extends ExampleBase = ExampleBase> {
  name: E['task'];
  /** For people: "SST-2 sentiment". */
  title: string;
  /** Label names, indexed by the dataset's integer label. */
  labels: readonly [string, string];
  /** The task's official metric: model selection and early stopping use it. */
  metric: 'accuracy' | 'macroF1';
  /** The licence of the training data (see ../shared/data/<task>/SOURCE.md). */
  licence: { data: string; licence: string; cite: string };
  train: TrainSettings;
  /** Model defaults that differ by task. */
  model: { maxLen: number; context: boolean; cues?: boolean; staticFeatures?: boolean };
  /**
   * Surface cues the lower-cased word vectors cannot see (idioms: capitalisation, quotation marks), one number
   * each; a model with `cues` appends them to its head's features.
   */
  cues?: { names: readonly string[]; of(ex: E): number[] };
  /** The settings the task has (the first is the default). */
  settings: readonly Setting[];
  /** Labels: 'in-file' (SST-2), or 'separate' (a gold file may be given; `goldBeside` finds a default one). */
  gold: 'in-file' | 'separate';
  goldBeside?(path: string): string | null;
  read(text: string, opts: TaskReadOptions): ReadResult<E>;
  encode(ex: E, opts: EncodeOptions): EncodedExample;
  /** What a prediction reads, field by field, and inputs to try; `toExample` checks it and builds the example (no label). */
  input: { fields: readonly InputField[]; examples: readonly InputExample[]; toExample(input: Record<string, string | undefined>): E };
  phrasing: PredictionPhrasing;
  /** The example one tokenised sentence makes (focus: positions of a given expression), or null if a sentence is not a whole input. */
  sentenceExample(tokens: string[], focus: number[]): EncodedExample | null;
  /** Does the task judge one word in two sentences (WiC)? Then `polysemyWithModel` also gives its verdict. */
  wordInTwoSentences?: boolean;
  heldOut: {
    /** How validation data is held out, for model cards: "held-out target words". */
    describe(setting: Setting): string;
    /** One validation split of about `fraction` of the examples. */
    split(examples: readonly E[], fraction: number, seed: number, setting: Setting): Split<E>;
    /** k disjoint validation folds, each shaped like `split`'s. */
    folds(examples: readonly E[], k: number, seed: number, setting: Setting): Split<E>[];
  };
  head: HeadSpec;
}
