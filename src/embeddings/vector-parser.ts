// The contract every vector-file parser keeps: fed bytes in chunks of any size (so a file of hundreds
// of MB never becomes one string), it reports progress and returns WordVectors at the end, or throws
// an E_FORMAT AttnError that names the file and line. Types only; the parsers live in *-format.ts.
import { AttnError } from '../errors.js';
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

/** The unread tail of earlier chunks followed by a new chunk (the chunk itself when nothing is pending). */
export function appendChunk(pending: Uint8Array, chunk: Uint8Array): Uint8Array {
  if (pending.length === 0) return chunk;
  const joined = new Uint8Array(pending.length + chunk.length);
  joined.set(pending);
  joined.set(chunk, pending.length);
  return joined;
}
