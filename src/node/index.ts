// attnlab/node: the one Node-only entry (the library itself never touches the file system). Vector
// files in and out with progress events, the bundled default, the cached full GloVe 100d, and the
// package root. Explicit export list; nothing here prints.
export { loadVectors, loadDefaultVectors, defaultVectorsPath, DEFAULT_VECTORS_FILE } from './load-vectors.js';
export { readVectorFile, saveVectors } from './vector-files.js';
export type { LoadOptions, LoadProgress, SaveFormat } from './vector-files.js';
export { loadGlove100d, resolveWinkEmbeddings, vectorsCacheDir, GLOVE_100D } from './glove-100d.js';
export { packageRoot, findPackageRoot } from './package-root.js';
export { readRegularFile, readSafetensorsFile, MAX_MODEL_BYTES } from './read-file.js';
export { trainWord2vecFile } from './word2vec-file.js';
export type { Word2vecFileOptions, Word2vecFileResult, Word2vecFileEvent } from './word2vec-file.js';
export { countCorpus, forEachLine, lineTokens, splitRanges } from './corpus-file.js';
export type { CorpusReadOptions } from './corpus-file.js';
export { writeAtomically, checkWritable, replaceFolder } from './write-atomically.js';
export { checkPretrainOut, writePretrainDir, readPretrainDir } from './pretrain-dir.js';
