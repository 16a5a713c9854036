// Text vector files, one grammar: GloVe (`word v1 … vC` per line, no header), and word2vec text /
// fastText .vec (the same rows after a `count dim` header). A streaming parser (UTF-8 decoded chunk by
// chunk, split into lines) and an encoder. Not for words with spaces: whitespace separates fields.
import { AttnError, formatError, quote } from '../errors.js';
import type { WordVectors } from './word-vectors.js';
import { RowStore } from './_row-store.js';
import { checkLimit, checkDeclared } from './vector-parser.js';
import type { ParseOptions, VectorParser } from './vector-parser.js';

export interface TextParseOptions extends ParseOptions {
  /** 'auto' (default): a first line of two integers is a word2vec header; true: require one; false: GloVe. */
  header?: 'auto' | boolean;
}

/** A line longer than this is not a vector row (binary data, or a file without line breaks). */
const MAX_LINE = 4 << 20;
const NAN_OR_INF = /^[+-]?(nan|inf|infinity)$/i;

/**
 * Streaming parser for GloVe text, word2vec text and fastText .vec files.
 * @example
 * const p = new TextVectorParser({ file: 'glove.txt' });
 * p.push(new TextEncoder().encode('king 0.1 0.2\nqueen 0.3 0.4\n'));
 * p.end().dim; // 2
 */
export class TextVectorParser implements VectorParser {
  full = false;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly limit: number;
  private carry = '';
  private lineNo = 0;
  private bytes = 0;
  private store: RowStore | undefined;
  /** The count a word2vec header announces. */
  private announced: number | undefined;

  constructor(private readonly options: TextParseOptions = {}) {
    this.limit = checkLimit(options.limit);
  }

  push(chunk: Uint8Array): void {
    if (this.full) return;
    this.bytes += chunk.length;
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      // Find the line: decode leniently and count the line breaks before the first replacement character.
      const loose = this.carry + new TextDecoder().decode(chunk);
      const line = this.lineNo + 1 + (loose.slice(0, Math.max(0, loose.indexOf('\uFFFD'))).match(/\n/g)?.length ?? 0);
      throw formatError(this.options.file, line, 'not UTF-8 text (binary data?); expected GloVe or word2vec text, word2vec binary, fastText .vec or .attnvec');
    }
    const s = this.carry + text;
    let start = 0;
    let nl: number;
    while (!this.full && (nl = s.indexOf('\n', start)) !== -1) {
      this.line(s.slice(start, nl));
      start = nl + 1;
    }
    this.carry = this.full ? '' : s.slice(start);
    if (this.carry.length > MAX_LINE) throw formatError(this.options.file, this.lineNo + 1, `line longer than ${MAX_LINE} characters: not a text vector file`);
    this.options.onProgress?.({ bytes: this.bytes, words: this.store?.count ?? 0 });
  }

  end(): WordVectors {
    const { file } = this.options;
    if (!this.full) {
      try {
        this.carry += this.decoder.decode();
      } catch {
        throw formatError(file, this.lineNo + 1, 'the file ends inside a UTF-8 character (truncated or binary?)');
      }
      if (this.carry) this.line(this.carry);
      this.carry = '';
    }
    const rows = this.store?.count ?? 0;
    if (this.announced !== undefined && rows < this.announced && !this.full) {
      throw formatError(file, 1, `the header announces ${this.announced} words but the file has ${rows}`);
    }
    if (!this.store || rows === 0) throw formatError(file, undefined, this.bytes === 0 ? 'empty file' : 'no word vectors in the file');
    return this.store.finish();
  }

  private line(raw: string): void {
    const lineNo = ++this.lineNo;
    const { file } = this.options;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    let parts = line.split(' ');
    if (line.includes('\t') || parts.includes('')) parts = line.split(/[ \t]+/).filter((p) => p !== '');
    if (parts.length === 0) return; // a blank line

    if (!this.store) {
      const header = this.options.header ?? 'auto';
      const isHeader = parts.length === 2 && /^\d+$/.test(parts[0]) && /^\d+$/.test(parts[1]);
      if (header === true && !isHeader) throw formatError(file, lineNo, `expected a word2vec header "count dim", found "${line.slice(0, 40)}"`);
      if (header !== false && isHeader) {
        const count = Number(parts[0]), dim = Number(parts[1]);
        // The shortest row: a one-byte word, then " 0" per value and a line break (the last may have none).
        checkDeclared(this.options, lineNo, { count, dim, headerBytes: raw.length, minRowBytes: 2 * dim + 2 });
        this.announced = count;
        this.store = new RowStore(file, dim, Math.min(count, this.limit, 1 << 16));
        return;
      }
      if (parts.length < 2) throw formatError(file, lineNo, `"${parts[0]}" has no values (expected "word v1 v2 …")`);
      this.store = new RowStore(file, parts.length - 1);
    }

    const store = this.store;
    const word = parts[0];
    const dim = store.dim;
    if (parts.length - 1 !== dim) {
      const why = this.announced !== undefined ? 'as the header says' : 'as on the first line';
      throw formatError(file, lineNo, `expected ${dim} values after "${word}" (${why}), found ${parts.length - 1}`);
    }
    if (this.announced !== undefined && store.count >= this.announced) {
      throw formatError(file, lineNo, `the header announces ${this.announced} words but the file has more`);
    }
    const off = store.add(word, lineNo);
    const data = store.data;
    for (let j = 1; j <= dim; j++) {
      const tok = parts[j];
      const v = Math.fround(+tok);
      // `+tok` trims Unicode spaces (a field of U+00A0 alone reads as 0) and reads 0x10 as 16: a number starts
      // with a digit, sign or point and ends with a digit or point.
      const c0 = tok.charCodeAt(0), cl = tok.charCodeAt(tok.length - 1);
      if (v - v !== 0 || c0 < 0x2b || c0 > 0x39 || cl > 0x39 || (cl < 0x30 && cl !== 0x2e) || (tok.length > 1 && tok[0] === '0' && tok.charCodeAt(1) > 0x39)) {
        const what = NAN_OR_INF.test(tok) ? `${tok} (NaN and Infinity are not allowed)`
          : v === Infinity || v === -Infinity ? `${tok} is beyond the float32 range (±3.4e38)` : `${quote(tok)} is not a number`;
        throw formatError(file, lineNo, `${what}: value ${j} of "${word}"`);
      }
      data[off + j - 1] = v;
    }
    if (store.count >= this.limit) this.full = true;
  }
}

/**
 * Writes vectors as text, in ~1 MB chunks: GloVe rows, or with `header: true` word2vec text / fastText
 * .vec. Each value is the shortest decimal (6–9 digits) that reads back as the same float32.
 * @example const bytes = concat([...encodeText(wv, { header: true })]);
 */
export function* encodeText(wv: WordVectors, options: { header?: boolean } = {}): Generator<Uint8Array> {
  const enc = new TextEncoder();
  const { words, vectors, dim } = wv;
  let buf = options.header ? `${words.length} ${dim}\n` : '';
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (/\s/.test(w)) throw new AttnError('E_INPUT', `encodeText: the word "${w}" contains whitespace, which text formats cannot hold`);
    let row = w;
    for (let c = 0; c < dim; c++) row += ' ' + formatFloat32(vectors[i * dim + c]);
    buf += row + '\n';
    if (buf.length > 1 << 20) {
      yield enc.encode(buf);
      buf = '';
    }
  }
  if (buf) yield enc.encode(buf);
}

/** The shortest of 6–9 significant digits that reads back as the same float32. @example formatFloat32(Math.fround(0.1)) === '0.1' */
export function formatFloat32(x: number): string {
  for (let p = 6; p < 9; p++) {
    const y = +x.toPrecision(p);
    if (Math.fround(y) === x) return String(y);
  }
  return String(+x.toPrecision(9));
}
