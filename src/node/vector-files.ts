// Node only. Reading and writing one vector file: the file is streamed in 1 MB pieces through the
// library's parsers, with progress events a CLI can draw as a bar; writing is atomic (a temporary file
// renamed into place). Not name resolution: see load-vectors.ts.
import { open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { extname } from 'node:path';
import { writeAtomically } from './write-atomically.js';
import { AttnError } from '../errors.js';
import type { WordVectors } from '../embeddings/word-vectors.js';
import { checkLimit } from '../embeddings/vector-parser.js';
import type { VectorFormat } from '../embeddings/vector-parser.js';
import { createVectorParser } from '../embeddings/detect-format.js';
import { encodeText } from '../embeddings/text-format.js';
import { encodeWord2vecBinary } from '../embeddings/word2vec-binary-format.js';
import { encodeAttnvec } from '../embeddings/attnvec-format.js';
import type { AttnvecDtype } from '../embeddings/attnvec-format.js';

export interface LoadProgress {
  /** The file being read. */
  file: string;
  /** 'read' a vector file, or 'convert' the wink JSON into the glove-100d cache (first use only). */
  phase: 'read' | 'convert';
  bytesDone: number;
  bytesTotal: number;
  words: number;
}

export interface LoadOptions {
  /** Keep the first N words. */
  limit?: number;
  /** Default 'auto' (detected from the first bytes). */
  format?: VectorFormat | 'auto';
  /** Called after each chunk read. */
  onProgress?: (progress: LoadProgress) => void;
  /** Where 'glove-100d' is cached (default $ATTNLAB_CACHE, else $XDG_CACHE_HOME/attnlab, else ~/.cache/attnlab). */
  cacheDir?: string;
}

/**
 * Streams one file through the parser for its format.
 * @example const wv = await readVectorFile('vectors.bin', { limit: 1000 });
 */
export async function readVectorFile(path: string, options: LoadOptions = {}, phase: LoadProgress['phase'] = 'read', hint?: string): Promise<WordVectors> {
  checkLimit(options.limit);
  let bytesTotal: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw new AttnError('E_INPUT', `${path}: is a folder, not a vector file`);
    if (!st.isFile()) throw new AttnError('E_INPUT', `${path}: is not a regular file (a device, pipe or socket); give a vector file`, { file: path });
    bytesTotal = st.size;
  } catch (e) {
    if (e instanceof AttnError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new AttnError('E_NOT_FOUND', `${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}${hint ? `; ${hint}` : ''} (a path, 'default' or 'glove-100d')`, { file: path, hint });
  }
  const { onProgress } = options;
  const parser = createVectorParser({
    file: path,
    limit: options.limit,
    format: options.format,
    size: bytesTotal,
    onProgress: onProgress && ((p) => onProgress({ file: path, phase, bytesDone: p.bytes, bytesTotal, words: p.words })),
  });
  // Read in 1 MB pieces into one reused buffer, or straight into the parser's own memory when it offers
  // it (the .attnvec matrix, read 16 MB pieces at a time, 4 in flight): a file of any size streams
  // through without a giant string or an extra copy.
  const scratch = new Uint8Array(1 << 20);
  let fh: FileHandle | undefined;
  try {
    fh = await open(path, 'r');
    for (let position = 0; !parser.full; ) {
      const own = parser.nextBuffer?.();
      const got = own ? await readPieces(fh, own, position, (piece) => parser.push(piece)) : await readFully(fh, scratch, position);
      if (got === 0) break;
      if (!own) parser.push(scratch.subarray(0, got));
      position += got;
    }
  } catch (e) {
    if (e instanceof AttnError) throw e;
    throw new AttnError('E_NOT_FOUND', `${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file: path });
  } finally {
    await fh?.close();
  }
  return parser.end();
}

const PIECE = 16 << 20;
const IN_FLIGHT = 4;

/** Reads `dst.length` bytes from `position` (fewer at the end of the file); returns the count. */
async function readFully(fh: FileHandle, dst: Uint8Array, position: number): Promise<number> {
  let n = 0;
  while (n < dst.length) {
    const { bytesRead } = await fh.read(dst, n, dst.length - n, position + n);
    if (bytesRead === 0) break;
    n += bytesRead;
  }
  return n;
}

/** Fills `dst` from `position` in pieces read concurrently, handing each to `onPiece` in order; returns the count. */
async function readPieces(fh: FileHandle, dst: Uint8Array, position: number, onPiece: (piece: Uint8Array) => void): Promise<number> {
  const pieces: Uint8Array[] = [];
  for (let o = 0; o < dst.length; o += PIECE) pieces.push(dst.subarray(o, o + PIECE));
  const reads: Promise<number>[] = [];
  const start = (k: number) => (reads[k] = readFully(fh, pieces[k], position + k * PIECE));
  for (let k = 0; k < Math.min(IN_FLIGHT, pieces.length); k++) start(k);
  let total = 0;
  for (let k = 0; k < pieces.length; k++) {
    const got = await reads[k];
    total += got;
    onPiece(pieces[k].subarray(0, got));
    if (got < pieces[k].length) break; // the file ended early: the parser reports the truncation
    if (k + IN_FLIGHT < pieces.length) start(k + IN_FLIGHT);
  }
  await Promise.allSettled(reads); // nothing may still read when the file closes
  return total;
}

export type SaveFormat = 'attnvec' | 'glove' | 'word2vec' | 'word2vec-binary';

/**
 * Writes vectors to `path` (atomically: a temporary file renamed into place). The format defaults from
 * the extension: .attnvec, .bin (word2vec binary), .vec (word2vec text), anything else GloVe text.
 * @example await saveVectors('small.f16.attnvec', wv.head(1000), { dtype: 'float16' });
 */
export async function saveVectors(path: string, wv: WordVectors, options: { format?: SaveFormat; dtype?: AttnvecDtype } = {}): Promise<void> {
  const ext = extname(path);
  const format = options.format ?? (ext === '.attnvec' ? 'attnvec' : ext === '.bin' ? 'word2vec-binary' : ext === '.vec' ? 'word2vec' : 'glove');
  const chunks =
    format === 'attnvec' ? encodeAttnvec(wv, { dtype: options.dtype })
    : format === 'word2vec-binary' ? encodeWord2vecBinary(wv)
    : format === 'word2vec' ? encodeText(wv, { header: true })
    : format === 'glove' ? encodeText(wv)
    : undefined;
  if (!chunks) throw new AttnError('E_INPUT', `saveVectors: format must be attnvec, glove, word2vec or word2vec-binary, got '${format}'`);
  await writeAtomically(path, chunks);
}
