// Private vector helpers for the contextual module: cosine between two rows.
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

/** Row i of a (T, C) flat array. */
export function row(data: Float32Array | Float64Array, i: number, c: number): Float32Array {
  return Float32Array.from(data.subarray(i * c, (i + 1) * c));
}
