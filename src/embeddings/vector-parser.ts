// The contract every vector-file parser keeps: fed bytes in chunks of any size (so a file of hundreds
// of MB never becomes one string), it reports progress and returns WordVectors at the end, or throws
// an E_FORMAT AttnError that names the file and line. Types only; the parsers live in *-format.ts.
import { AttnError, formatError } from '../errors.js';
import type { WordVectors } from './word-vectors.js';

/** The file formats attnlab reads (`detectFormat` tells them apart). */
export type VectorFormat = 'attnvec' | 'glove' | 'word2vec' | 'word2vec-binary' | 'wink-json';

export interface ParseProgress {
  /** Bytes consumed so far. */
  bytes: number;
  /** Words read so far. */
  words: number;
}

export interface ParseOptions {
  /** Named in error messages (`file:line: message`). */
  file?: string;
  /** Keep only the first N words (the most frequent in frequency-ordered files). */
  limit?: number;
  /** Called after each chunk. */
  onProgress?: (progress: ParseProgress) => void;
  /** The input's length in bytes, when known: a header's counts are checked against it before anything is allocated. */
  size?: number;
}

/**
 * A streaming parser: `push` chunks, then `end()`.
 * @example
 * const p = createVectorParser({ file: 'v.txt' });
 * for (const chunk of chunks) { p.push(chunk); if (p.full) break; }
 * const wv = p.end();
 */
export interface VectorParser {
  /** Parses the next bytes. The parser keeps no reference to `chunk`: the caller may reuse its memory. */
  push(chunk: Uint8Array): void;
  end(): WordVectors;
  /** True once `limit` words are read: the rest of the input is not needed. */
  readonly full: boolean;
  /**
   * Optional zero-copy reading: where the next bytes belong when the parser knows (the .attnvec matrix).
   * Read into a prefix of it, then `push` that prefix; the parser sees its own memory and copies nothing.
   */
  nextBuffer?(): Uint8Array | undefined;
}

/** Checks a `limit` option: a positive integer, or undefined for no limit. */
export function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return Infinity;
  if (!Number.isInteger(limit) || limit < 1) throw new AttnError('E_INPUT', `limit must be a positive integer, got ${limit}`);
  return limit;
}

/** The largest dimension a vector file may declare (the widest published embeddings have a few thousand). */
export const MAX_DIM = 1 << 16;

/**
 * Checks the `count dim` a header declares before anything is sized by it: the dimension must be 1 … MAX_DIM, and
 * `count` rows of at least `minRowBytes` bytes each must fit in the file's `size` bytes (when known).
 * @example checkDeclared({ file: 'v.bin', size: 40 }, 1, { count: 1e9, dim: 3, headerBytes: 6, minRowBytes: 14 }) // throws
 */
export function checkDeclared(options: ParseOptions, line: number | undefined, d: { count: number; dim: number; headerBytes: number; minRowBytes: number }): void {
  const { file, size } = options;
  if (!Number.isSafeInteger(d.dim) || d.dim < 1 || d.dim > MAX_DIM) {
    throw formatError(file, line, `the header declares dimension ${d.dim}; it must be between 1 and ${MAX_DIM}`);
  }
  if (!Number.isSafeInteger(d.count)) throw formatError(file, line, `the header declares ${d.count} words, which is not a count`);
  // Only a header that would size more than the parsers' first 16 MB of rows is held to the file's size here; a
  // smaller lie meets the exact error (line and word) when the rows run out.
  const need = d.headerBytes + d.count * d.minRowBytes;
  if (size !== undefined && need > size && d.count * d.dim > 1 << 22) {
    throw formatError(file, line, `the header declares ${d.count} words of dimension ${d.dim}, which need at least ${need} bytes, but the file has ${size}`);
  }
}

/** The unread tail of earlier chunks followed by a new chunk (the chunk itself when nothing is pending). */
export function appendChunk(pending: Uint8Array, chunk: Uint8Array): Uint8Array {
  if (pending.length === 0) return chunk;
  const joined = new Uint8Array(pending.length + chunk.length);
  joined.set(pending);
  joined.set(chunk, pending.length);
  return joined;
}
