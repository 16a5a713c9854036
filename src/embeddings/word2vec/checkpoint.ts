// A word2vec training checkpoint as bytes: a JSON header (settings, vocabulary with counts, epochs done,
// the corpus's size) and the two float32 matrices, so that training resumes after the last finished
// epoch without counting the corpus again. Not a vector file: the loaders reject it (no known magic).
import { AttnError } from '../../errors.js';
import type { Vocab } from './vocab.js';
import type { Word2vecSettings } from './train.js';

export const CHECKPOINT_MAGIC = 'ATTNW2VCKPT1';

export interface Word2vecCheckpoint {
  settings: Word2vecSettings;
  vocab: Vocab;
  /** Finished epochs. */
  epochsDone: number;
  /** The corpus's size in bytes, to notice a different corpus on resume. */
  corpusBytes: number;
  /** (V, C) each. */
  syn0: Float32Array;
  syn1: Float32Array;
}

/** The checkpoint's bytes, in pieces to write one after another. @example for (const b of encodeCheckpoint(c)) await fh.write(b); */
export function encodeCheckpoint(c: Word2vecCheckpoint): Uint8Array[] {
  const { words, counts, totalWords, retainedWords, sentences } = c.vocab;
  const header = new TextEncoder().encode(JSON.stringify({ settings: c.settings, epochsDone: c.epochsDone, corpusBytes: c.corpusBytes, totalWords, retainedWords, sentences, words, counts: Array.from(counts) }));
  const head = new Uint8Array(CHECKPOINT_MAGIC.length + 4);
  head.set(new TextEncoder().encode(CHECKPOINT_MAGIC));
  new DataView(head.buffer).setUint32(CHECKPOINT_MAGIC.length, header.length, true);
  const pad = new Uint8Array((4 - ((head.length + header.length) % 4)) % 4).fill(0x20);
  const bytes = (a: Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  return [head, header, pad, bytes(c.syn0), bytes(c.syn1)];
}

/** Reads a checkpoint; E_FORMAT naming `file` when the bytes are not one. @example decodeCheckpoint(readFileSync(p), p) */
export function decodeCheckpoint(bytes: Uint8Array, file = 'checkpoint'): Word2vecCheckpoint {
  const bad = (why: string) => new AttnError('E_FORMAT', `${file}: not a word2vec checkpoint (${why})`, { file });
  const m = CHECKPOINT_MAGIC.length;
  if (bytes.length < m + 4 || new TextDecoder().decode(bytes.subarray(0, m)) !== CHECKPOINT_MAGIC) throw bad(`no ${CHECKPOINT_MAGIC} magic`);
  const n = new DataView(bytes.buffer, bytes.byteOffset).getUint32(m, true);
  let h: any;
  try {
    h = JSON.parse(new TextDecoder().decode(bytes.subarray(m + 4, m + 4 + n)));
  } catch {
    throw bad('unreadable header');
  }
  const V = h.words?.length ?? 0, C = h.settings?.dim ?? 0;
  const start = m + 4 + n + ((4 - ((m + 4 + n) % 4)) % 4);
  if (bytes.length !== start + 2 * V * C * 4) throw bad(`expected ${start + 2 * V * C * 4} bytes, found ${bytes.length}: truncated?`);
  const copy = Uint8Array.prototype.slice.call(bytes, start); // a fresh, aligned copy (Buffer#slice would be a view)
  const words: string[] = h.words;
  const vocab: Vocab = { words, counts: Float64Array.from(h.counts), index: new Map(words.map((w, i) => [w, i])), totalWords: h.totalWords, retainedWords: h.retainedWords, sentences: h.sentences };
  return {
    settings: h.settings, vocab, epochsDone: h.epochsDone, corpusBytes: h.corpusBytes,
    syn0: new Float32Array(copy.buffer, 0, V * C), syn1: new Float32Array(copy.buffer, V * C * 4, V * C),
  };
}
