// Telling vector formats apart from their first bytes (magic number, a JSON brace, a `count dim`
// header followed by text or by raw floats, plain text rows), and the format-agnostic entry points:
// createVectorParser (streaming) and parseVectors (one buffer). Not a guesser of broken files: bytes
// that fit no format are an E_FORMAT error that lists the formats accepted.
import { formatError } from '../errors.js';
import type { WordVectors } from './word-vectors.js';
import type { ParseOptions, VectorFormat, VectorParser } from './vector-parser.js';
import { TextVectorParser } from './text-format.js';
import { Word2vecBinaryParser, concatBytes } from './word2vec-binary-format.js';
import { AttnvecParser, ATTNVEC_MAGIC } from './attnvec-format.js';
import { WinkJsonParser } from './wink-json-format.js';

/** Bytes looked at to decide text from binary. */
const SNIFF = 4096;
const ACCEPTED = 'expected GloVe or word2vec text, word2vec binary, fastText .vec, .attnvec or wink-embeddings JSON';

/**
 * The format of a file from its first bytes, or undefined when more bytes are needed (`atEnd` false).
 * @example detectFormat(new TextEncoder().encode('2 3\nking 1 2 3\n'), true); // 'word2vec'
 */
export function detectFormat(head: Uint8Array, atEnd: boolean, file?: string): VectorFormat | undefined {
  if (head.length === 0) {
    if (atEnd) throw formatError(file, undefined, 'empty file');
    return undefined;
  }
  const magic = ATTNVEC_MAGIC.subarray(0, Math.min(head.length, ATTNVEC_MAGIC.length));
  if (magic.every((b, i) => head[i] === b)) {
    if (head.length >= ATTNVEC_MAGIC.length) return 'attnvec';
    if (!atEnd) return undefined;
  }
  // A UTF-8 byte order mark is not part of the first line (the text decoders drop it too).
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  let first = bom;
  while (first < head.length && (head[first] === 0x20 || head[first] === 0x0a || head[first] === 0x0d || head[first] === 0x09)) first++;
  if (first === head.length) {
    if (atEnd) throw formatError(file, undefined, 'no word vectors in the file (only whitespace)');
    return undefined;
  }
  if (head[first] === 0x7b) return 'wink-json';
  const nl = head.indexOf(0x0a);
  if (nl === -1 && !atEnd && head.length < SNIFF) return undefined;
  const firstLine = new TextDecoder('latin1').decode(head.subarray(bom, nl === -1 ? Math.min(head.length, SNIFF) : nl));
  if (/^\s*\d+\s+\d+\s*$/.test(firstLine)) {
    // A word2vec header: is what follows text or raw float32 bytes?
    const rest = head.subarray(nl + 1);
    if (rest.length < SNIFF && !atEnd) return undefined;
    return looksLikeText(rest.subarray(0, SNIFF)) ? 'word2vec' : 'word2vec-binary';
  }
  const bad = firstBinaryByte(head.subarray(0, SNIFF));
  if (bad !== -1) throw formatError(file, undefined, `binary data at byte ${bad} that is no known vector format (${ACCEPTED})`);
  return 'glove';
}

/**
 * A streaming parser for `options.format`, or (default 'auto') for whatever format the first bytes show.
 * @example
 * const p = createVectorParser({ file: 'vectors.bin', limit: 1000 });
 * for (const chunk of chunks) { p.push(chunk); if (p.full) break; }
 * const wv = p.end();
 */
export function createVectorParser(options: ParseOptions & { format?: VectorFormat | 'auto' } = {}): VectorParser {
  const format = options.format ?? 'auto';
  if (format !== 'auto') return parserFor(format, options);
  return new AutoParser(options);
}

/**
 * Parses a whole file already in memory.
 * @example const wv = parseVectors(new TextEncoder().encode('king 1 0\nqueen 0.8 0.6\n'));
 */
export function parseVectors(bytes: Uint8Array, options: ParseOptions & { format?: VectorFormat | 'auto' } = {}): WordVectors {
  const p = createVectorParser({ size: bytes.length, ...options });
  p.push(bytes);
  return p.end();
}

function parserFor(format: VectorFormat, options: ParseOptions): VectorParser {
  switch (format) {
    case 'attnvec': return new AttnvecParser(options);
    case 'glove': return new TextVectorParser({ ...options, header: false });
    case 'word2vec': return new TextVectorParser({ ...options, header: true });
    case 'word2vec-binary': return new Word2vecBinaryParser(options);
    case 'wink-json': return new WinkJsonParser(options);
    default: throw formatError(options.file, undefined, `unknown format '${String(format)}' (${ACCEPTED})`);
  }
}

/** Holds the first chunks until the format is known, then hands everything to the real parser. */
class AutoParser implements VectorParser {
  private held: Uint8Array[] = [];
  private inner: VectorParser | undefined;
  constructor(private readonly options: ParseOptions) {}

  get full(): boolean {
    return this.inner?.full ?? false;
  }

  push(chunk: Uint8Array): void {
    if (this.inner) return this.inner.push(chunk);
    this.held.push(chunk.slice()); // kept past this call: copy
    this.decide(false);
  }

  end(): WordVectors {
    if (!this.inner) this.decide(true);
    return this.inner!.end();
  }

  private decide(atEnd: boolean): void {
    const head = this.held.length === 1 ? this.held[0] : concatBytes(this.held);
    this.held = [head];
    const format = detectFormat(head, atEnd, this.options.file);
    if (!format) return;
    this.inner = parserFor(format, this.options);
    this.held = [];
    this.inner.push(head);
  }
}

/** Does this look like UTF-8 text (no control bytes but tab, CR, LF; valid sequences)? */
function looksLikeText(bytes: Uint8Array): boolean {
  return firstBinaryByte(bytes) === -1;
}

/** The offset of the first byte that cannot be in a text file, or −1. */
function firstBinaryByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) return i;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return 0;
  }
  return -1;
}
