// attnlab's own binary vector format (.attnvec): a 24-byte header, the vocabulary as one UTF-8 blob,
// then the (V, C) matrix as little-endian float32 or float16, 4-byte aligned so float32 data can be
// viewed in place. Layout in FORMAT.md beside this file. A streaming parser and an encoder; no
// compression, no per-row scales (float16 keeps every GloVe cosine within 0.002 of float32).
//
//   offset  size      field
//   0       8         magic "ATTNVEC\n" (41 54 54 4E 56 45 43 0A)
//   8       2         version, u16 LE = 1
//   10      2         dtype, u16 LE: 1 = float32, 2 = float16
//   12      4         V, word count, u32 LE
//   16      4         C, dimension, u32 LE
//   20      4         W, byte length of the words blob, u32 LE
//   24      W         words, UTF-8, joined by "\n" (no word contains "\n"), most frequent first
//   24+W    P         zero padding, P = (4 − (24 + W) mod 4) mod 4
//   24+W+P  V·C·size  the matrix, row-major, little-endian; the file ends here
import { AttnError, formatError } from '../errors.js';
import { WordVectors } from './word-vectors.js';
import { decodeFloat16, encodeFloat16 } from './float16.js';
import { checkLimit, MAX_DIM } from './vector-parser.js';
import type { ParseOptions, VectorParser } from './vector-parser.js';

export type AttnvecDtype = 'float32' | 'float16';
/** "ATTNVEC\n" */
export const ATTNVEC_MAGIC = Uint8Array.of(0x41, 0x54, 0x54, 0x4e, 0x56, 0x45, 0x43, 0x0a);
export const ATTNVEC_VERSION = 1;
const HEADER_BYTES = 24;
const DTYPES: AttnvecDtype[] = ['float32', 'float16']; // code − 1
const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * Streaming parser for .attnvec files.
 * @example
 * const p = new AttnvecParser({ file: 'glove.attnvec' });
 * for (const chunk of chunks) { p.push(chunk); if (p.full) break; }
 * const wv = p.end();
 */
export class AttnvecParser implements VectorParser {
  full = false;
  private readonly limit: number;
  private readonly head = new Uint8Array(HEADER_BYTES);
  private bytes = 0;
  private stage: 'header' | 'words' | 'padding' | 'data' | 'done' = 'header';
  private fill = 0; // bytes of the current stage received
  private V = 0;
  private C = 0;
  private dtype: AttnvecDtype = 'float32';
  private blob = new Uint8Array(0);
  private padding = 0;
  private words: string[] = [];
  private keep = 0; // rows kept: min(V, limit)
  private raw = new Uint8Array(0); // the kept rows' bytes, in their final buffer

  constructor(private readonly options: ParseOptions = {}) {
    this.limit = checkLimit(options.limit);
  }

  push(chunk: Uint8Array): void {
    let o = 0;
    while (o < chunk.length && !this.full) {
      const n = chunk.length - o;
      if (this.stage === 'header') {
        const k = Math.min(n, HEADER_BYTES - this.fill);
        this.head.set(chunk.subarray(o, o + k), this.fill);
        o += k;
        if ((this.fill += k) === HEADER_BYTES) this.readHeader();
      } else if (this.stage === 'words') {
        const k = Math.min(n, this.blob.length - this.fill);
        this.blob.set(chunk.subarray(o, o + k), this.fill);
        o += k;
        if ((this.fill += k) === this.blob.length) this.readWords();
      } else if (this.stage === 'padding') {
        const k = Math.min(n, this.padding - this.fill);
        for (let j = 0; j < k; j++) if (chunk[o + j] !== 0) throw this.error(`non-zero padding at byte ${this.bytes + o + j}`);
        o += k;
        if ((this.fill += k) === this.padding) this.next('data');
      } else if (this.stage === 'data') {
        const total = this.V * this.C * this.size;
        const k = Math.min(n, total - this.fill);
        const own = chunk.buffer === this.raw.buffer && chunk.byteOffset + o === this.raw.byteOffset + this.fill; // read in place
        if (this.fill < this.raw.length && !own) this.raw.set(chunk.subarray(o, o + Math.min(k, this.raw.length - this.fill)), this.fill);
        o += k;
        this.fill += k;
        if (this.fill >= this.raw.length && this.keep < this.V) this.full = true;
        if (this.fill === total) this.next('done');
      } else {
        throw this.error(`unexpected bytes after the data, at byte ${this.bytes + o}`);
      }
    }
    this.bytes += o;
    const rowBytes = this.C * this.size;
    const words = this.stage === 'done' ? this.keep : this.stage === 'data' ? Math.floor(Math.min(this.fill, this.raw.length) / rowBytes) : 0;
    this.options.onProgress?.({ bytes: this.bytes, words });
  }

  nextBuffer(): Uint8Array | undefined {
    return this.stage === 'data' && this.fill < this.raw.length ? this.raw.subarray(this.fill) : undefined;
  }

  end(): WordVectors {
    if (this.stage !== 'done' && !this.full) {
      if (this.bytes === 0) throw this.error('empty file');
      const where = this.stage === 'data'
        ? `the data of word #${Math.floor(this.fill / (this.C * this.size)) + 1} "${this.words[Math.floor(this.fill / (this.C * this.size))]}"`
        : `the ${this.stage === 'header' ? 'header' : 'word list'}`;
      throw this.error(`truncated: the file ends inside ${where} (byte ${this.bytes})`);
    }
    if (!littleEndian) swapBytes(this.raw, this.size);
    const n = this.keep * this.C;
    const vectors = this.dtype === 'float16' ? decodeFloat16(new Uint16Array(this.raw.buffer, 0, n)) : new Float32Array(this.raw.buffer, 0, n);
    try {
      return new WordVectors(this.words.slice(0, this.keep), vectors, this.C);
    } catch (e) {
      throw e instanceof AttnError ? this.error(e.message.replace(/^WordVectors: /, '')) : e;
    }
  }

  private get size(): number {
    return this.dtype === 'float16' ? 2 : 4;
  }

  private readHeader(): void {
    const h = this.head;
    for (let i = 0; i < 8; i++) if (h[i] !== ATTNVEC_MAGIC[i]) throw this.error('not an .attnvec file (bad magic bytes)');
    const view = new DataView(h.buffer);
    const version = view.getUint16(8, true);
    if (version !== ATTNVEC_VERSION) throw this.error(`unsupported .attnvec version ${version} (this build reads version ${ATTNVEC_VERSION})`);
    const code = view.getUint16(10, true);
    const dtype = DTYPES[code - 1];
    if (!dtype) throw this.error(`unknown dtype code ${code} (1 = float32, 2 = float16)`);
    this.dtype = dtype;
    this.V = view.getUint32(12, true);
    this.C = view.getUint32(16, true);
    const W = view.getUint32(20, true);
    if (this.V < 1 || this.C < 1) throw this.error(`the header announces ${this.V} words of dimension ${this.C}; both must be at least 1`);
    this.keep = Math.min(this.V, this.limit);
    if (this.C > MAX_DIM) throw this.error(`the header declares dimension ${this.C}; it must be at most ${MAX_DIM}`);
    if (W < 2 * this.V - 1) throw this.error(`the header's word list of ${W} bytes cannot hold ${this.V} words`);
    this.padding = (4 - ((HEADER_BYTES + W) % 4)) % 4;
    // Held to the file's size before the word list or the matrix is allocated (a smaller matrix's truncation is
    // reported with the word it ends in).
    const matrix = this.V * this.C * this.size, total = HEADER_BYTES + W + this.padding + matrix;
    const { size } = this.options;
    if (size !== undefined && HEADER_BYTES + W > size) throw this.error(`the header's word list of ${W} bytes runs past the end of the ${size}-byte file`);
    if (size !== undefined && total > size && matrix > 1 << 24) throw this.error(`the header declares ${this.V} words of dimension ${this.C} (${this.dtype}) in ${total} bytes, but the file has ${size}`);
    this.blob = new Uint8Array(W);
    this.next('words');
  }

  private readWords(): void {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(this.blob);
    } catch {
      throw this.error('the word list is not UTF-8');
    }
    this.words = text.split('\n');
    if (this.words.length !== this.V) throw this.error(`the word list holds ${this.words.length} words, the header announces ${this.V}`);
    this.blob = new Uint8Array(0);
    try {
      this.raw = new Uint8Array(this.keep * this.C * this.size);
    } catch {
      throw this.error(`cannot allocate ${this.keep} × ${this.C} values (is the header right? a limit reads fewer words)`);
    }
    this.next(this.padding ? 'padding' : 'data');
  }

  private next(stage: AttnvecParser['stage']): void {
    this.stage = stage;
    this.fill = 0;
  }

  private error(message: string): AttnError {
    return formatError(this.options.file, undefined, message);
  }
}

/**
 * Encodes vectors as .attnvec bytes, in chunks (the float32 matrix is passed through without copying).
 * @example const bytes = concatBytes([...encodeAttnvec(wv, { dtype: 'float16' })]);
 */
export function* encodeAttnvec(wv: WordVectors, options: { dtype?: AttnvecDtype } = {}): Generator<Uint8Array> {
  const { dtype = 'float32' } = options;
  const code = DTYPES.indexOf(dtype) + 1;
  if (code === 0) throw new AttnError('E_INPUT', `encodeAttnvec: dtype must be 'float32' or 'float16', got '${dtype}'`);
  const bad = wv.words.find((w) => w.includes('\n'));
  if (bad !== undefined) throw new AttnError('E_INPUT', `encodeAttnvec: the word ${JSON.stringify(bad)} contains a newline`);
  const blob = new TextEncoder().encode(wv.words.join('\n'));
  const padding = (4 - ((HEADER_BYTES + blob.length) % 4)) % 4;
  const head = new Uint8Array(HEADER_BYTES + blob.length + padding);
  const view = new DataView(head.buffer);
  head.set(ATTNVEC_MAGIC);
  view.setUint16(8, ATTNVEC_VERSION, true);
  view.setUint16(10, code, true);
  view.setUint32(12, wv.size, true);
  view.setUint32(16, wv.dim, true);
  view.setUint32(20, blob.length, true);
  head.set(blob, HEADER_BYTES);
  yield head;
  const step = 1 << 18; // values per chunk
  for (let i = 0; i < wv.vectors.length; i += step) {
    const part = wv.vectors.subarray(i, i + step);
    let bytes = dtype === 'float16' ? new Uint8Array(encodeFloat16(part).buffer) : new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
    if (!littleEndian) bytes = swapBytes(bytes.slice(), dtype === 'float16' ? 2 : 4);
    yield bytes;
  }
}

/** Reverses the byte order of each `width`-byte element in place (big-endian hosts only). */
function swapBytes(bytes: Uint8Array, width: number): Uint8Array {
  for (let i = 0; i < bytes.length; i += width) bytes.subarray(i, i + width).reverse();
  return bytes;
}
