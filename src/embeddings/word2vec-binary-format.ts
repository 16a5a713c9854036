// word2vec binary: an ASCII header line `count dim`, then per word its UTF-8 bytes, one space and dim
// little-endian float32 values (the original C tool adds a newline after each vector; it is skipped).
// A streaming parser and an encoder. Not for big-endian files (the format never says which it is).
import { AttnError, formatError } from '../errors.js';
import type { WordVectors } from './word-vectors.js';
import { RowStore } from './_row-store.js';
import { checkLimit, appendChunk, checkDeclared } from './vector-parser.js';
import type { ParseOptions, VectorParser } from './vector-parser.js';

/** A word longer than this (without its ending space) means the file is not word2vec binary. */
const MAX_WORD_BYTES = 1000;

/**
 * Streaming parser for word2vec binary files.
 * @example
 * const p = new Word2vecBinaryParser({ file: 'vectors.bin' });
 * for (const chunk of chunks) p.push(chunk);
 * const wv = p.end();
 */
export class Word2vecBinaryParser implements VectorParser {
  full = false;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly limit: number;
  private buf: Uint8Array = new Uint8Array(0);
  private pos = 0;
  /** File offset of buf[0]. */
  private base = 0;
  private count = -1;
  private store: RowStore | undefined;

  constructor(private readonly options: ParseOptions = {}) {
    this.limit = checkLimit(options.limit);
  }

  push(chunk: Uint8Array): void {
    if (this.full) return;
    this.buf = appendChunk(this.buf, chunk);
    this.pos = 0;
    this.run();
    this.options.onProgress?.({ bytes: this.base + this.pos, words: this.store?.count ?? 0 });
    // Keep a copy of the unread tail (less than one entry): the caller may reuse the chunk's memory.
    this.base += this.pos;
    this.buf = this.buf.slice(this.pos);
    this.pos = 0;
  }

  end(): WordVectors {
    const { file } = this.options;
    if (!this.store) {
      if (this.base + this.buf.length === 0) throw formatError(file, undefined, 'empty file');
      throw formatError(file, 1, 'truncated: the file ends inside the header line "count dim"');
    }
    const rows = this.store.count;
    if (!this.full && rows < this.count) {
      const partial = this.pos < this.buf.length ? `, inside word #${rows + 1} (byte ${this.base + this.pos})` : '';
      throw formatError(file, undefined, `truncated: the header announces ${this.count} words but the file ends after ${rows}${partial}`);
    }
    if (rows === 0) throw formatError(file, undefined, 'no word vectors in the file (the header announces 0)');
    return this.store.finish();
  }

  private run(): void {
    const { file } = this.options;
    const buf = this.buf;
    if (!this.store) {
      const nl = buf.indexOf(10, this.pos);
      if (nl === -1) {
        if (buf.length > 100) throw formatError(file, 1, 'expected a header line "count dim" (word2vec binary)');
        return;
      }
      const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(new TextDecoder().decode(buf.subarray(0, nl)));
      if (!m) throw formatError(file, 1, 'expected a header line "count dim" (word2vec binary)');
      this.count = Number(m[1]);
      const dim = Number(m[2]);
      // The shortest entry: a one-byte word, a space and dim float32 values.
      checkDeclared(this.options, 1, { count: this.count, dim, headerBytes: nl + 1, minRowBytes: 4 * dim + 2 });
      this.store = new RowStore(file, dim, Math.min(this.count, this.limit, 1 << 16));
      this.pos = nl + 1;
    }
    const store = this.store;
    const dim = store.dim;
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    while (!this.full) {
      let p = this.pos;
      while (p < buf.length && (buf[p] === 10 || buf[p] === 13)) p++; // newline after the previous vector
      if (store.count === this.count) {
        // Only whitespace may follow the announced words.
        while (p < buf.length && (buf[p] === 10 || buf[p] === 13 || buf[p] === 32)) p++;
        if (p < buf.length) throw formatError(file, undefined, `the header announces ${this.count} words but there is more data at byte ${this.base + p}`);
        this.pos = p;
        return;
      }
      const space = buf.indexOf(32, p);
      const wordEnd = space === -1 ? buf.length : space;
      const where = `word #${store.count + 1} (byte ${this.base + p})`;
      if (wordEnd - p > MAX_WORD_BYTES) throw formatError(file, undefined, `${where}: no space after ${MAX_WORD_BYTES} bytes; not word2vec binary, or the header's count or dimension is wrong`);
      if (space === -1 || space + 1 + 4 * dim > buf.length) return; // wait for more bytes
      let word: string;
      try {
        word = this.decoder.decode(buf.subarray(p, space));
      } catch {
        throw formatError(file, undefined, `${where}: the word is not UTF-8 (not word2vec binary?)`);
      }
      if (word.length === 0) throw formatError(file, undefined, `${where}: empty word`);
      const off = store.add(word, undefined, where);
      const data = store.data;
      for (let j = 0, q = space + 1; j < dim; j++, q += 4) {
        const v = view.getFloat32(q, true);
        if (v - v !== 0) throw formatError(file, undefined, `${where}: value ${j + 1} of "${word}" is ${v} (NaN and Infinity are not allowed)`);
        data[off + j] = v;
      }
      this.pos = space + 1 + 4 * dim;
      if (store.count >= this.limit) this.full = true;
    }
  }
}

/**
 * Writes word2vec binary (gensim's layout: no newline after each vector).
 * @example const bytes = concat([...encodeWord2vecBinary(wv)]);
 */
export function* encodeWord2vecBinary(wv: WordVectors): Generator<Uint8Array> {
  const enc = new TextEncoder();
  const { words, vectors, dim } = wv;
  yield enc.encode(`${words.length} ${dim}\n`);
  const rowBytes = new Uint8Array(4 * dim);
  const view = new DataView(rowBytes.buffer);
  const parts: Uint8Array[] = [];
  let size = 0;
  for (let i = 0; i < words.length; i++) {
    if (/\s/.test(words[i])) throw new AttnError('E_INPUT', `encodeWord2vecBinary: the word "${words[i]}" contains whitespace, which word2vec cannot hold`);
    for (let c = 0; c < dim; c++) view.setFloat32(4 * c, vectors[i * dim + c], true);
    const w = enc.encode(words[i] + ' ');
    parts.push(w, rowBytes.slice());
    size += w.length + rowBytes.length;
    if (size > 1 << 20 || i === words.length - 1) {
      yield concatBytes(parts);
      parts.length = 0;
      size = 0;
    }
  }
}

/** Joins byte arrays into one. @example concatBytes([a, b]).length === a.length + b.length */
export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
