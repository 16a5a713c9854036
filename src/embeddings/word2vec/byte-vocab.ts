// Corpus bytes to vocabulary ids with no string per token: an open-addressing hash table over the
// vocabulary's UTF-8 words, and a line scanner that splits on exactly the characters JavaScript's /\s/
// matches, so a file read this way gives the same token stream as decoding it and split(/\s+/) (why: the
// string path spent ~14% of a skip-gram epoch in TextDecoder, the regex split and Map lookups).
// Not a reader (the caller hands it bytes) and not a tokenizer of raw text (tokenize.ts is).

/** Byte classes for the scanner: 0 a token byte, 1 an ASCII space (\t \n \v \f \r and space), 2 the lead
 *  byte of a multi-byte sequence that may be a space (see spaceLength). */
const CLASS = new Uint8Array(256);
for (const b of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20]) CLASS[b] = 1;
for (const b of [0xc2, 0xe1, 0xe2, 0xe3, 0xef]) CLASS[b] = 2;

/**
 * The byte length of the non-ASCII space that starts at bytes[i] (whose class is 2), or 0 when it is none.
 * /\s/ outside ASCII: U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF.
 */
function spaceLength(bytes: Uint8Array, i: number, end: number): number {
  const b0 = bytes[i];
  const b1 = i + 1 < end ? bytes[i + 1] : -1;
  if (b0 === 0xc2) return b1 === 0xa0 ? 2 : 0;
  const b2 = i + 2 < end ? bytes[i + 2] : -1;
  if (b0 === 0xe1) return b1 === 0x9a && b2 === 0x80 ? 3 : 0;
  if (b0 === 0xe2) {
    if (b1 === 0x80) return (b2 >= 0x80 && b2 <= 0x8a) || b2 === 0xa8 || b2 === 0xa9 || b2 === 0xaf ? 3 : 0;
    return b1 === 0x81 && b2 === 0x9f ? 3 : 0;
  }
  if (b0 === 0xe3) return b1 === 0x80 && b2 === 0x80 ? 3 : 0;
  return b1 === 0xbb && b2 === 0xbf ? 3 : 0; // 0xef: U+FEFF
}

/**
 * The vocabulary's words keyed by their UTF-8 bytes. `scan` turns one line's bytes into ids.
 * @example
 * const v = new ByteVocab(['the', 'cat']);
 * const ids = new Int32Array(8);
 * v.scan(new TextEncoder().encode('the dog cat'), 0, 11, ids, (n) => console.log(ids.slice(0, n))); // [0, 1]; returns 3
 */
export class ByteVocab {
  /** Every word's bytes, one after another; word i is text[start[i], start[i + 1]). */
  private readonly text: Uint8Array;
  private readonly start: Int32Array;
  private readonly hashes: Uint32Array;
  /** (capacity, a power of two ≥ 2V) id + 1 of the word in each slot, 0 for an empty slot. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(words: readonly string[]) {
    const enc = new TextEncoder();
    const encoded = words.map((w) => enc.encode(w));
    this.start = new Int32Array(words.length + 1);
    for (let i = 0; i < words.length; i++) this.start[i + 1] = this.start[i] + encoded[i].length;
    this.text = new Uint8Array(this.start[words.length]);
    encoded.forEach((e, i) => this.text.set(e, this.start[i]));
    let cap = 16;
    while (cap < 2 * words.length) cap *= 2;
    this.mask = cap - 1;
    this.slots = new Int32Array(cap);
    this.hashes = new Uint32Array(words.length);
    for (let i = 0; i < words.length; i++) {
      const h = (this.hashes[i] = hashBytes(this.text, this.start[i], this.start[i + 1]));
      let s = h & this.mask;
      while (this.slots[s] !== 0) s = (s + 1) & this.mask;
      this.slots[s] = i + 1;
    }
  }

  /** The id of the word whose UTF-8 is bytes[from, to), or −1. */
  lookup(bytes: Uint8Array, from: number, to: number): number {
    return this.find(bytes, from, to, hashBytes(bytes, from, to));
  }

  private find(bytes: Uint8Array, from: number, to: number, h: number): number {
    const { slots, mask, text, start, hashes } = this;
    const len = to - from;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const id = slots[s] - 1;
      if (id < 0) return -1;
      if (hashes[id] !== h || start[id + 1] - start[id] !== len) continue;
      let k = 0;
      const at = start[id];
      while (k < len && text[at + k] === bytes[from + k]) k++;
      if (k === len) return id;
    }
  }

  /**
   * Splits bytes[from, to) (one line, valid UTF-8) on /\s/ and writes the ids of the tokens in the vocabulary
   * to `ids`, calling `full(n)` each time ids.length of them are written and once with the rest (n > 0).
   * Returns the number of tokens, in the vocabulary or not (the trainer's progress counts every token).
   */
  scan(bytes: Uint8Array, from: number, to: number, ids: Int32Array, full: (n: number) => void): number {
    let tokens = 0, n = 0, i = from;
    const cap = ids.length;
    while (i < to) {
      // Skip spaces, then hash the token's bytes (FNV-1a, as hashBytes) up to the next space.
      const c = CLASS[bytes[i]];
      if (c === 1) { i++; continue; }
      if (c === 2) {
        const sp = spaceLength(bytes, i, to);
        if (sp) { i += sp; continue; }
      }
      const t0 = i;
      let h = 0x811c9dc5;
      while (i < to) {
        const b = bytes[i];
        const k = CLASS[b];
        if (k === 1 || (k === 2 && spaceLength(bytes, i, to))) break;
        h = Math.imul(h ^ b, 0x01000193);
        i++;
      }
      tokens++;
      const id = this.find(bytes, t0, i, h >>> 0);
      if (id < 0) continue;
      ids[n++] = id;
      if (n === cap) {
        full(n);
        n = 0;
      }
    }
    if (n > 0) full(n);
    return tokens;
  }
}

/** FNV-1a over bytes[from, to), as a uint32. */
function hashBytes(bytes: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}
