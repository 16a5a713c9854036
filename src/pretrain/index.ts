// The pre-training part of attnlab's public API (src/index.ts re-exports it): a corpus reader, BERT-style masking,
// the sampled-softmax objective, the masked-word model, a resumable run, its files, and the hook that copies a
// pre-trained encoder into a task model. Silent: text and bytes in, objects and events out.
export { readPretrainCorpus, UNK } from './corpus.js';
export type { PretrainCorpus } from './corpus.js';
export { maskSequence, MASK } from './masking.js';
export type { MaskingOptions, MaskedSequence } from './masking.js';
export { UnigramSampler, sampledSoftmaxLoss } from './sampled-softmax.js';
export { PretrainModel, buildEncoder, makePretrainBatch, ENCODER_FIELDS } from './pretrain-model.js';
export type { EncoderConfig, PretrainBatch } from './pretrain-model.js';
export { Pretrainer, PRETRAIN_DEFAULTS, encoderConfigOf } from './pretrain.js';
export type { PretrainOptions, PretrainEvent } from './pretrain.js';
export { loadPretrained, checkPretrainedConfig, PRETRAINED_FORMAT } from './pretrained-files.js';
export type { PretrainedMeta, PretrainProgress, PretrainSettings } from './pretrained-files.js';
export { initFromPretrained, checkInit } from './init-task-model.js';
export type { PretrainedInit } from './init-task-model.js';
