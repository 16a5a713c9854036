// word2vec in attnlab: counting a vocabulary, the sampling tables, the skip-gram / CBOW kernels with
// negative sampling, the one-thread trainer and checkpoints. Isomorphic and silent; files and threads
// are in attnlab/node (trainWord2vecFile).
export { VocabCounter } from './vocab.js';
export type { Vocab } from './vocab.js';
export { unigramTable, keepThresholds, seedState } from './sampling.js';
export { trainSentence } from './kernel.js';
export type { KernelModel } from './kernel.js';
export { trainWord2vec, countVocab, createModel, modelSizes, toWordVectors, checkSettings, SentenceTrainer, WORD2VEC_DEFAULTS, MAX_SENTENCE } from './train.js';
export type { Word2vecSettings, Word2vecEvent, ModelBuffers } from './train.js';
export { encodeCheckpoint, decodeCheckpoint, CHECKPOINT_MAGIC } from './checkpoint.js';
export type { Word2vecCheckpoint } from './checkpoint.js';
