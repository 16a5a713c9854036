// The tasks part of attnlab's public API, an explicit list (src/index.ts re-exports it): dataset readers for
// SST-2, WiC and SemEval-2022 Task 2A idioms; validation splits; metrics; task models and static baselines;
// training, evaluation, prediction and explanation; model files. Silent: text and bytes in, objects and events out.
export { TASKS, LABEL_NAMES, DATA_LICENCES, TRAIN_DEFAULTS, TASK_SPECS, taskSpec } from './registry.js';
export type { TaskName, TaskExample } from './registry.js';
export type { TaskSpec, HeadSpec, InputField, ExampleBase, TaskReadOptions, TrainSettings } from './spec.js';
export type { Sst2Example, WicExample, IdiomExample, ReadOptions, ReadResult, SkippedRow } from './examples.js';
export { readSst2 } from './read-sst2.js';
export { readWic } from './read-wic.js';
export type { WicReadOptions } from './read-wic.js';
export { readIdioms } from './read-idioms.js';
export type { IdiomReadOptions } from './read-idioms.js';
export { classificationReport } from './metrics.js';
export type { ClassificationReport, ClassMetrics } from './metrics.js';
export { validationSplit, validationFolds } from './split.js';
export type { Split, Setting } from './split.js';
export { encodeExample, findSpan, extraWords, tunedWords, textTokens, Vocabulary } from './encode.js';
export type { EncodedExample, EncodeOptions } from './encode.js';
export { TaskModel, defaultModelConfig } from './task-model.js';
export type { TaskModelConfig, ModelKind, TaskForward } from './task-model.js';
export { trainTask, countParameters } from './train-task.js';
export type { TrainTaskOptions, TrainTaskResult, TaskTrainEvent } from './train-task.js';
export { evaluateTaskModel, predictEncoded, encodeFor, modelVocabulary } from './evaluate-task.js';
export type { EvaluationResult, Predictions } from './evaluate-task.js';
export { predictTask, explainWithModel, polysemyWithModel, exampleFromInput } from './explain-model.js';
export type { TaskInput, TaskPrediction, AttendedSequence, ModelExplanation, ModelPolysemy } from './explain-model.js';
export { saveTaskModel, loadTaskModel, checkVectors, vectorsFingerprint, modelCard, TASK_MODEL_FORMAT } from './model-files.js';
export type { TaskModelMeta, TrainingRecord } from './model-files.js';
