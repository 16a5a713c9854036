// attnlab's public API: an explicit list, grouped by level. Node-only helpers live in `attnlab/node`,
// test helpers in `attnlab/testing`. Nothing here prints or touches the file system.

// Errors
export { AttnError, formatError, quote } from './errors.js';
export type { AttnErrorCode, AttnErrorDetails } from './errors.js';

// Tensor core and backends
export { Tensor, tensor, zeros, full, randn, rand, toBackend } from './tensor.js';
export { memory, type MemoryInfo } from './storage.js';
export type { TensorOptions } from './tensor.js';
export type { Shape } from './shape.js';
export type { DType, Data, Kernels, FusedKernels, KernelName, UnaryOp, BinaryOp, ReduceOp, MatmulArgs } from './primitives.js';
export { registerBackend, registerBackendLoader, setBackend, getBackend, findBackend, listBackends, backendInfo, useFastestBackend } from './backend.js';
export type { Backend, BackendOptions, BackendLoader } from './backend.js';
export type { KTensor, AdamStep } from './primitives.js';
export { makeJsBackend, type JsBackendOptions } from './backends/js/index.js';
export { Rng } from './random.js';

// Autograd
export { backward, noGrad, tidy, keep, zeroGrad, isGradEnabled } from './autograd.js';
export { defineOp, registeredOps } from './ops/define.js';
export type { OpDef, OpSample } from './ops/define.js';

// Ops
export { add, sub, mul, div, pow, maximum, minimum, neg, compare } from './ops/arithmetic.js';
export { exp, log, sqrt, abs, relu, gelu, tanh, sigmoid, sin, cos } from './ops/unary.js';
export { sum, mean, max } from './ops/reduce.js';
export { reshape, permute, transpose, clone, contiguous } from './ops/shape-ops.js';
export { assign } from './ops/assign.js';
export { expand, sumTo } from './ops/broadcast.js';
export { matmul } from './ops/matmul.js';
export { softmax, logSoftmax, softmaxComposed } from './ops/softmax.js';
export { attention, attentionWeights } from './ops/attention.js';
export type { AttentionOptions } from './ops/attention.js';
export { where, maskedFill } from './ops/where.js';
export { narrow, concat, split } from './ops/slice.js';
export { gatherRows, scatterAddRows } from './ops/gather.js';
export { dropout } from './ops/dropout.js';
export { variance } from './ops/reduce.js';

// Parameter-free self-attention
export { selfAttention } from './attention/self-attention.js';
export type { SelfAttentionOptions, SelfAttentionResult } from './attention/self-attention.js';
export { explainAttention, explainAttentionRows } from './attention/explain.js';
export { attentionTiles } from './attention/tiles.js';
export type { AttentionTiles, AttentionTile, AttentionTilesOptions } from './attention/tiles.js';
export type { AttentionExplanation, AttentionTerm } from './attention/explain.js';
export { sinusoidalPositionalEncoding } from './attention/positional.js';

// Training: losses, optimizers, schedules
export { crossEntropy, binaryCrossEntropyWithLogits, mseLoss } from './train/losses.js';
export type { Reduction, CrossEntropyOptions, BceOptions } from './train/losses.js';
export { Optimizer } from './train/optimizer.js';
export type { Params, ParamGroup, ParamGroupInput } from './train/optimizer.js';
export { SGD } from './train/sgd.js';
export type { SGDOptions } from './train/sgd.js';
export { Adam, AdamW, adamComposed } from './train/adam.js';
export type { AdamOptions } from './train/adam.js';
export { clipGradNorm } from './train/clip-grad.js';
export { EMA, copyTensors, assignAll } from './train/ema.js';
export { BestWeights } from './train/best-weights.js';
export { warmupCosine, warmupLinear, LRScheduler } from './train/schedules.js';
export type { Schedule, WarmupOptions } from './train/schedules.js';
export { trainLoop } from './train/loop.js';
export type { TrainEvent, TrainLoopOptions, TrainSummary } from './train/loop.js';

// Checkpoints (bytes in / bytes out)
export { readSafetensorsHeader, safetensorsHeaderLength, loadSafetensors, saveSafetensors, MAX_HEADER_BYTES } from './io/safetensors.js';
export type { SafetensorsDType, SafetensorsEntry, SafetensorsHeader, Safetensors } from './io/safetensors.js';
export { saveCheckpoint, loadCheckpoint } from './io/checkpoint.js';
export type { Checkpointable, CheckpointFiles, LoadedCheckpoint } from './io/checkpoint.js';

// Layers (nn/): PyTorch names and semantics, batch-first; masks 1 = masked out
export { Module } from './nn/module.js';
export type { StateDict, LoadStateDictResult } from './nn/module.js';
export { Linear, linear } from './nn/linear.js';
export type { LinearOptions } from './nn/linear.js';
export { Embedding } from './nn/embedding.js';
export type { EmbeddingOptions, Ids } from './nn/embedding.js';
export { LayerNorm, layerNorm, layerNormComposed } from './nn/layer-norm.js';
export type { LayerNormOptions } from './nn/layer-norm.js';
export { Dropout } from './nn/dropout.js';
export { scaledDotProductAttention, causalMask, combineMasks } from './nn/attention.js';
export type { AttentionPositions, AttentionResult, AttentionOutputs, ScaledDotProductAttentionOptions } from './nn/attention.js';
export { MultiheadAttention } from './nn/multihead-attention.js';
export type { MultiheadAttentionOptions, MultiheadAttentionForwardOptions, MultiheadAttentionResult } from './nn/multihead-attention.js';
export { FeedForward } from './nn/feed-forward.js';
export type { Activation, FeedForwardOptions } from './nn/feed-forward.js';
export { TransformerEncoderLayer } from './nn/encoder-layer.js';
export type { TransformerEncoderLayerOptions, EncoderForwardOptions, EncoderLayerResult } from './nn/encoder-layer.js';
export { TransformerEncoder } from './nn/transformer-encoder.js';
export type { TransformerEncoderOptions, TransformerEncoderResult } from './nn/transformer-encoder.js';
export { PositionalEncoding, POSITIONAL_KINDS, applyRope, alibiSlopes, alibiBias } from './nn/positional.js';
export type { PositionalKind, PositionalEncodingOptions, RopeOptions } from './nn/positional.js';

// Static word embeddings (gensim-compatible queries and evaluations, file formats, tokenizer)
export {
  WordVectors, similarity, mostSimilar, analogy, COSMUL_EPSILON, evaluateWordPairs, parsePairs, evaluateAnalogies,
  pearson, spearman, rankAverage, detectFormat, createVectorParser, parseVectors, TextVectorParser, encodeText,
  formatFloat32, Word2vecBinaryParser, encodeWord2vecBinary, concatBytes, AttnvecParser, encodeAttnvec,
  ATTNVEC_MAGIC, ATTNVEC_VERSION, WinkJsonParser, toFloat16Bits, fromFloat16Bits, encodeFloat16, decodeFloat16,
  tokenize, resolveTokens, suggestWords, editDistance, unknownWordsError,
} from './embeddings/index.js';
export type {
  SimilarityMetric, Neighbour, AnalogyNeighbour, QueryTerm, MostSimilarOptions, AnalogyOptions, WordPairRow,
  WordPairsOptions, WordPairsResult, AnalogiesOptions, AnalogiesResult, AnalogySection, VectorFormat, VectorParser,
  ParseOptions, ParseProgress, TextParseOptions, AttnvecDtype, UnknownPolicy, ResolvedTokens, SuggestOptions,
} from './embeddings/index.js';

// Training static embeddings: word2vec (skip-gram and CBOW with negative sampling); files and threads in attnlab/node
export {
  trainWord2vec, countVocab, createModel, modelSizes, toWordVectors, checkSettings, SentenceTrainer, WORD2VEC_DEFAULTS, MAX_SENTENCE,
  VocabCounter, unigramTable, keepThresholds, seedState, trainSentence, encodeCheckpoint, decodeCheckpoint, CHECKPOINT_MAGIC,
} from './embeddings/word2vec/index.js';
export type { Vocab, KernelModel, Word2vecSettings, Word2vecEvent, ModelBuffers, Word2vecCheckpoint } from './embeddings/word2vec/index.js';

// Contextual embeddings on real words: a sentence, polysemy, word order
export { contextualize, embedTokens } from './contextual/sentence.js';
export type { ContextualizeOptions, ContextualSentence, PositionKind } from './contextual/sentence.js';
export { polysemy } from './contextual/polysemy.js';
export type { PolysemyResult, PolysemySentence, Movement } from './contextual/polysemy.js';
export { order } from './contextual/order.js';
export type { OrderResult, OrderComparison, OrderWord } from './contextual/order.js';

// Tasks: SST-2, WiC and idiom readers, metrics, trained task models and their explanations
export { TASKS, LABEL_NAMES, TASK_SPECS, taskSpec, readSst2, readWic, readIdioms, classificationReport, validationSplit, validationFolds, encodeExample, findSpan, extraWords, tunedWords, textTokens, Vocabulary, TaskModel, defaultModelConfig, trainTask, countParameters, crossValidate, meanSd, TRAIN_DEFAULTS, evaluateTaskModel, predictEncoded, encodeFor, modelVocabulary, predictTask, explainWithModel, polysemyWithModel, exampleFromInput, saveTaskModel, loadTaskModel, checkVectors, vectorsFingerprint, modelCard, DATA_LICENCES, TASK_MODEL_FORMAT, type TaskName, type TaskExample, type Sst2Example, type WicExample, type IdiomExample, type ReadOptions, type ReadResult, type SkippedRow, type WicReadOptions, type IdiomReadOptions, type ClassificationReport, type ClassMetrics, type Split, type Setting, type EncodedExample, type EncodeOptions, type TaskModelConfig, type ModelKind, type TaskForward, type TrainTaskOptions, type TrainTaskResult, type TaskTrainEvent, type CrossValidateOptions, type CrossValidateResult, type CrossValidateRun, type CrossValidateEvent, type Spread, type TrainSettings, type TaskSpec, type HeadSpec, type InputField, type ExampleBase, type TaskReadOptions, type EvaluationResult, type Predictions, type TaskInput, type TaskPrediction, type AttendedSequence, type ModelExplanation, type ModelPolysemy, type TaskModelMeta, type TrainingRecord, type ProtocolRecord } from './tasks/index.js';

// Pre-training: masked-word prediction over the frozen vectors, and `--init` of a task model's encoder
export { readPretrainCorpus, UNK, maskSequence, MASK, UnigramSampler, sampledSoftmaxLoss, PretrainModel, buildEncoder, makePretrainBatch, Pretrainer, PRETRAIN_DEFAULTS, encoderConfigOf, loadPretrained, checkPretrainedConfig, initFromPretrained, checkInit, PRETRAINED_FORMAT, ENCODER_FIELDS, type PretrainCorpus, type MaskingOptions, type MaskedSequence, type EncoderConfig, type PretrainBatch, type PretrainOptions, type PretrainEvent, type PretrainedMeta, type PretrainProgress, type PretrainSettings, type PretrainedInit } from './pretrain/index.js';
