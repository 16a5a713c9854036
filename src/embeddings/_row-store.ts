// Private to the parsers: collects rows of a vector file whose length may be unknown, growing its
// Float32Array by doubling, and catches duplicate words with the place both were seen. Not a public
// builder: the parsers validate every value before writing it into `data`.
import { formatError } from '../errors.js';
import { WordVectors } from './word-vectors.js';

export class RowStore {
  readonly words: string[] = [];
  readonly index = new Map<string, number>();
  /** Where each row came from (a line number, or a word number for binary files), for error messages. */
  private readonly places: number[] = [];
  data: Float32Array;

  constructor(readonly file: string | undefined, readonly dim: number, capacityRows = 1024) {
    // The first allocation is at most 16 MB whatever a header declares; the store grows with the rows actually read.
    this.data = new Float32Array(Math.max(1, Math.min(capacityRows, Math.floor((1 << 22) / dim))) * dim);
  }

  get count(): number {
    return this.words.length;
  }

  /**
   * Appends `word` and returns the offset of its row in `data`, where the caller writes `dim` values.
   * `line` is the line of a text file; for binary files pass undefined and a `where` such as "word #7".
   */
  add(word: string, line: number | undefined, where?: string): number {
    const first = this.index.get(word);
    if (first !== undefined) {
      const seen = line !== undefined ? `line ${this.places[first]}` : `word #${first + 1}`;
      throw formatError(this.file, line, `${where ? `${where}: ` : ''}duplicate word "${word}" (first seen on ${seen})`);
    }
    const row = this.words.length;
    if ((row + 1) * this.dim > this.data.length) {
      const grown = new Float32Array(Math.max(this.data.length * 2, (row + 1) * this.dim));
      grown.set(this.data);
      this.data = grown;
    }
    this.index.set(word, row);
    this.words.push(word);
    this.places.push(line ?? row + 1);
    return row * this.dim;
  }

  /** The rows read, as WordVectors (trimmed to size). */
  finish(): WordVectors {
    const n = this.words.length * this.dim;
    const data = this.data.length === n ? this.data : this.data.slice(0, n);
    return new WordVectors(this.words, data, this.dim, this.index);
  }
}
