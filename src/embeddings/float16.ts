// IEEE 754 half precision (float16) by hand, because Node 20 has no Float16Array: float32 → half bits
// with round-to-nearest-even (subnormals, overflow to ±Infinity, NaN kept), and half bits → float32
// through a 65,536-entry table. Not a general numeric type: only the storage codec of `.attnvec` files.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * The float16 bit pattern nearest to `x` (ties to even). `x` is first rounded to float32, so for a
 * float32 input the result is exactly round-to-nearest-even; larger finite values become ±Infinity.
 * @example
 * toFloat16Bits(1) === 0x3c00; toFloat16Bits(65504) === 0x7bff; toFloat16Bits(1e6) === 0x7c00;
 */
export function toFloat16Bits(x: number): number {
  f32[0] = x;
  const b = u32[0];
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  const mant = b & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Infinity or (quiet) NaN
  const e = exp - 127 + 15; // the half-precision biased exponent
  if (e >= 0x1f) return sign | 0x7c00; // too large: Infinity
  if (e <= 0) {
    // Subnormal half (or zero): value = full · 2^(exp−150) = r · 2^−24 ⇒ r = full >> (14 − e).
    if (e < -10) return sign; // below half the smallest subnormal: ±0
    const full = mant | 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rem = full & ((1 << shift) - 1);
    let r = full >>> shift;
    if (rem > half || (rem === half && r & 1)) r++;
    return sign | r;
  }
  // Normal: keep the top 10 mantissa bits; a carry out of the mantissa bumps the exponent (to Infinity at the top).
  let r = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && r & 1)) r++;
  return sign | r;
}

/**
 * The value of a float16 bit pattern (exact: every half is a float32).
 * @example
 * fromFloat16Bits(0x3c00) === 1; fromFloat16Bits(0x0001) === 2 ** -24;
 */
export function fromFloat16Bits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 0x1f) return m ? NaN : sign * Infinity;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

let table: Float32Array | undefined;

/** Every half's value, built once on first use (256 KB). */
function decodeTable(): Float32Array {
  if (!table) {
    table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) table[h] = fromFloat16Bits(h);
  }
  return table;
}

/**
 * Encodes float32 values as float16 bit patterns, round-to-nearest-even.
 * @example
 * encodeFloat16(new Float32Array([1, 0.1])); // Uint16Array [0x3c00, 0x2e66]
 */
export function encodeFloat16(values: ArrayLike<number>, out = new Uint16Array(values.length)): Uint16Array {
  for (let i = 0; i < values.length; i++) out[i] = toFloat16Bits(values[i]);
  return out;
}

/**
 * Decodes float16 bit patterns to float32 values.
 * @example
 * decodeFloat16(new Uint16Array([0x3c00, 0xc000])); // Float32Array [1, -2]
 */
export function decodeFloat16(bits: ArrayLike<number>, out = new Float32Array(bits.length)): Float32Array {
  const t = decodeTable();
  for (let i = 0; i < bits.length; i++) out[i] = t[bits[i]];
  return out;
}
