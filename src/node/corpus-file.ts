// Node only. Streaming a text corpus line by line, synchronously, in 4 MB pieces, never holding the
// file: a whole file to count the vocabulary (checking that it is UTF-8 text), or one thread's byte
// range of it to train. Tokens are whitespace-separated (a corpus tokenized beforehand, as
// scripts/build-corpus.sh makes), or `tokenize` applies the library's GloVe-style tokenizer to each line.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { AttnError } from '../errors.js';
import { tokenize as gloveTokenize } from '../embeddings/tokenize.js';
import { VocabCounter, type Vocab } from '../embeddings/word2vec/vocab.js';

const PIECE = 4 << 20;
const SPACE = /\s+/;

export interface CorpusReadOptions {
  /** Split each line with the GloVe-style tokenizer (lower-cased) instead of on whitespace. */
  tokenize?: boolean;
  /** Check the bytes: a NUL byte or invalid UTF-8 is an E_FORMAT error naming the byte. */
  validate?: boolean;
}

/** Tokens of one line. */
export function lineTokens(line: string, tokenize = false): string[] {
  if (tokenize) return gloveTokenize(line);
  const t = line.split(SPACE);
  if (t.length && t[0] === '') t.shift();
  if (t.length && t[t.length - 1] === '') t.pop();
  return t;
}

/**
 * Calls `onLine` with the tokens of each line that starts in [start, end) of `path` (empty lines skipped);
 * `onBytes` after each piece. A line that starts before `end` is read to its end, so ranges that tile a
 * file read every line exactly once.
 * @example forEachLine('corpus.txt', 0, Infinity, (tokens) => counter.add(tokens));
 */
export function forEachLine(path: string, start: number, end: number, onLine: (tokens: string[]) => void, options: CorpusReadOptions = {}, onBytes?: (bytes: number) => void): void {
  const decoder = new TextDecoder('utf-8', { fatal: options.validate ?? false });
  forEachPiece(path, start, options.validate ?? false, (buf, from, last, pos) => {
    let text: string;
    try {
      text = decoder.decode(buf.subarray(from, last));
    } catch {
      throw new AttnError('E_FORMAT', `${path}: not UTF-8 text (invalid bytes between byte ${pos + from} and ${pos + last}); convert it first, e.g. iconv -f latin1 -t utf-8`, { file: path });
    }
    let lineStart = pos + from, i = 0;
    for (;;) {
      const j = text.indexOf('\n', i);
      const line = j === -1 ? text.slice(i) : text.slice(i, j);
      if (lineStart >= end) return false;
      if (line.length) {
        const tokens = lineTokens(line, options.tokenize);
        if (tokens.length) onLine(tokens);
      }
      if (j === -1) break;
      lineStart += Buffer.byteLength(line) + 1;
      i = j + 1;
    }
    onBytes?.(Math.min(pos + last, end) - start);
    return true;
  });
}

/**
 * Calls `onLine(bytes, from, to)` with each line (without its newline) that starts in [start, end) of `path`,
 * as forEachLine does, but hands over the bytes instead of tokens: no decoding, no strings (the trainer maps
 * them to ids itself). The bytes are not checked: countCorpus has read the file as UTF-8 before.
 * @example forEachLineBytes('corpus.txt', 0, Infinity, (b, from, to) => trainer.addBytes(b, from, to));
 */
export function forEachLineBytes(path: string, start: number, end: number, onLine: (bytes: Uint8Array, from: number, to: number) => void): void {
  forEachPiece(path, start, false, (buf, from, last, pos) => {
    for (let i = from; i < last;) {
      if (pos + i >= end) return false;
      let j = buf.indexOf(0x0a, i);
      if (j === -1 || j >= last) j = last; // the file's last line has no newline; bytes after `last` are stale
      if (j > i) onLine(buf, i, j);
      i = j + 1;
    }
    return true;
  });
}

/**
 * The piece loop of both readers: calls `onPiece(buf, from, last, pos)` with whole lines buf[from, last) (buf[0]
 * is at file offset pos), the first line that starts at or after `start` first, until it returns false or the
 * file ends.
 */
function forEachPiece(path: string, start: number, validate: boolean, onPiece: (buf: Buffer, from: number, last: number, pos: number) => boolean): void {
  const fd = openFile(path);
  try {
    if (fstatSync(fd).isDirectory()) throw new AttnError('E_INPUT', `${path}: is a folder, not a corpus file`, { file: path });
    const buf = Buffer.allocUnsafe(PIECE);
    let carry = 0; // bytes of an unfinished line kept at the start of buf
    let pos = start; // file offset of buf[0]
    let skipping = start > 0; // a range that does not start a line begins after the next newline
    if (skipping) {
      const one = Buffer.alloc(1);
      readSync(fd, one, 0, 1, start - 1);
      if (one[0] === 0x0a) skipping = false;
    }
    for (;;) {
      const got = readSync(fd, buf, carry, PIECE - carry, pos + carry);
      const atEnd = got === 0;
      const n = carry + got;
      if (validate) {
        const nul = buf.subarray(carry, n).indexOf(0);
        if (nul !== -1) throw new AttnError('E_FORMAT', `${path}: binary data (a NUL byte at byte ${pos + carry + nul}); a corpus is UTF-8 text, words separated by spaces`, { file: path });
      }
      let from = 0;
      if (skipping) {
        const nl = buf.indexOf(0x0a, 0);
        if (nl === -1 || nl >= n) {
          if (atEnd) return;
          pos += n; carry = 0;
          continue;
        }
        from = nl + 1;
        skipping = false;
      }
      // Lines are [from, nl); the last unfinished one is carried to the next piece.
      let last = atEnd ? n : buf.lastIndexOf(0x0a, n - 1) + 1;
      if (last <= from && !atEnd) {
        if (n === PIECE) throw new AttnError('E_FORMAT', `${path}: a line longer than ${PIECE >> 20} MB at byte ${pos + from}; a corpus has one sentence or paragraph per line`, { file: path });
        last = from;
      }
      if (!onPiece(buf, from, last, pos) || atEnd) return;
      buf.copy(buf, 0, last, n);
      carry = n - last;
      pos += last;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * One pass over the whole corpus: checks it is UTF-8 text and counts its vocabulary.
 * @example const { vocab, bytes } = countCorpus('corpus.txt', 5);
 */
export function countCorpus(path: string, minCount: number, options: { tokenize?: boolean; onBytes?: (done: number, total: number) => void } = {}): { vocab: Vocab; bytes: number } {
  const counter = new VocabCounter();
  const bytes = fileSize(path);
  forEachLine(path, 0, Infinity, (t) => counter.add(t), { tokenize: options.tokenize, validate: true }, options.onBytes && ((d) => options.onBytes!(d, bytes)));
  return { vocab: counter.finish(minCount, path), bytes };
}

/** The size of a file in bytes (E_NOT_FOUND naming it). */
export function fileSize(path: string): number {
  const fd = openFile(path);
  try {
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}

/** [start, end) byte ranges tiling a file of `bytes` for `n` threads. @example splitRanges(100, 2) // [[0, 50], [50, 100]] */
export function splitRanges(bytes: number, n: number): [number, number][] {
  return Array.from({ length: n }, (_, i) => [Math.floor((bytes * i) / n), i === n - 1 ? Infinity : Math.floor((bytes * (i + 1)) / n)] as [number, number]);
}

/** A file descriptor for reading, or E_NOT_FOUND naming the file. */
function openFile(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AttnError('E_NOT_FOUND', `${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`, { file: path });
  }
}
