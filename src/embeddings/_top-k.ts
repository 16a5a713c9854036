// Partial top-k selection: a size-k min-heap over (score, index) pairs, so picking the k best of V
// scores costs O(V log k) and mostly one comparison per score, never a full sort. Private to the
// queries. On equal scores the lower index (the more frequent word) ranks first.

/** Keeps the k largest scores seen; `sorted()` lists them best first. */
export class TopK {
  private readonly scores: Float64Array;
  private readonly ids: Int32Array;
  private count = 0;
  constructor(readonly k: number) {
    this.scores = new Float64Array(k);
    this.ids = new Int32Array(k);
  }

  /** The score a newcomer must beat once the heap is full (−Infinity before). */
  get threshold(): number {
    return this.count < this.k ? -Infinity : this.scores[0];
  }

  push(score: number, id: number): void {
    if (this.k === 0) return;
    const { scores, ids } = this;
    if (this.count < this.k) {
      // Sift up from the end.
      let i = this.count++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!worse(score, id, scores[p], ids[p])) break;
        scores[i] = scores[p];
        ids[i] = ids[p];
        i = p;
      }
      scores[i] = score;
      ids[i] = id;
      return;
    }
    if (!worse(scores[0], ids[0], score, id)) return;
    // Replace the root (the worst kept) and sift down.
    let i = 0;
    const n = this.count;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && worse(scores[r], ids[r], scores[l], ids[l]) ? r : l;
      if (!worse(scores[c], ids[c], score, id)) break;
      scores[i] = scores[c];
      ids[i] = ids[c];
      i = c;
    }
    scores[i] = score;
    ids[i] = id;
  }

  /** The kept (index, score) pairs, best first. */
  sorted(): { index: number; score: number }[] {
    const out = [];
    for (let i = 0; i < this.count; i++) out.push({ index: this.ids[i], score: this.scores[i] });
    return out.sort((a, b) => b.score - a.score || a.index - b.index);
  }
}

/** Does (s1, i1) rank below (s2, i2)? Lower score, or the same score and a later index. */
function worse(s1: number, i1: number, s2: number, i2: number): boolean {
  return s1 < s2 || (s1 === s2 && i1 > i2);
}
