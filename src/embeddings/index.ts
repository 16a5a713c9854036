// The embeddings part of attnlab's public API, an explicit list (src/index.ts re-exports it): the
// WordVectors store, its file formats, gensim-compatible queries and evaluations, the tokenizer and
// unknown-word policies. Isomorphic and silent: bytes in, objects out; file reading is in attnlab/node.
export { WordVectors } from './word-vectors.js';
export type { SimilarityMetric, Neighbour, AnalogyNeighbour, QueryTerm, MostSimilarOptions, AnalogyOptions } from './similarity.js';
export { similarity, mostSimilar, analogy, COSMUL_EPSILON } from './similarity.js';
export { evaluateWordPairs, parsePairs } from './evaluate-pairs.js';
export type { WordPairRow, WordPairsOptions, WordPairsResult } from './evaluate-pairs.js';
export { evaluateAnalogies } from './evaluate-analogies.js';
export type { AnalogiesOptions, AnalogiesResult, AnalogySection } from './evaluate-analogies.js';
export { pearson, spearman, rankAverage } from './correlation.js';

// Formats
export type { VectorFormat, VectorParser, ParseOptions, ParseProgress } from './vector-parser.js';
export { detectFormat, createVectorParser, parseVectors } from './detect-format.js';
export { TextVectorParser, encodeText, formatFloat32 } from './text-format.js';
export type { TextParseOptions } from './text-format.js';
export { Word2vecBinaryParser, encodeWord2vecBinary, concatBytes } from './word2vec-binary-format.js';
export { AttnvecParser, encodeAttnvec, ATTNVEC_MAGIC, ATTNVEC_VERSION } from './attnvec-format.js';
export type { AttnvecDtype } from './attnvec-format.js';
export { WinkJsonParser } from './wink-json-format.js';
export { toFloat16Bits, fromFloat16Bits, encodeFloat16, decodeFloat16 } from './float16.js';

// Words
export { tokenize } from './tokenize.js';
export { resolveTokens } from './resolve-tokens.js';
export type { UnknownPolicy, ResolvedTokens } from './resolve-tokens.js';
export { suggestWords, editDistance, unknownWordsError } from './suggest.js';
export type { SuggestOptions } from './suggest.js';
