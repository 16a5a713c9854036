// Private: safetensors dtypes, their sizes, and decoding little-endian bytes into tensor storage
// (F64 → float64; F32, F16, BF16 → float32; integers and BOOL → float64, exact up to 2^53).
import { AttnError } from '../errors.js';
import type { Data } from '../primitives.js';

export const DTYPE_BYTES = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1, I16: 2, U16: 2, F16: 2, BF16: 2, I32: 4, U32: 4, F32: 4, F64: 8, I64: 8, U64: 8,
} as const;
export type SafetensorsDType = keyof typeof DTYPE_BYTES;

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// IEEE half → number: sign, 5-bit exponent, 10-bit fraction (subnormals and inf/NaN included).
function halfToNumber(h: number): number {
  const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 0x1f, f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 0x1f) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** Decode `bytes` (one tensor's data) of `dtype`. */
export function decodeValues(dtype: SafetensorsDType, bytes: Uint8Array, name: string): Data {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length / DTYPE_BYTES[dtype];
  if (dtype === 'F32' || dtype === 'F64') {
    const wide = dtype === 'F64';
    if (littleEndian) {
      const copy = new Uint8Array(bytes.length); // aligned, and a real copy even for a Node Buffer (whose slice() is a view)
      copy.set(bytes);
      return wide ? new Float64Array(copy.buffer) : new Float32Array(copy.buffer);
    }
    const out = wide ? new Float64Array(n) : new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = wide ? view.getFloat64(8 * i, true) : view.getFloat32(4 * i, true);
    return out;
  }
  if (dtype === 'F16' || dtype === 'BF16') {
    const out = new Float32Array(n);
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < n; i++) {
      const h = view.getUint16(2 * i, true);
      if (dtype === 'BF16') bits[i] = h << 16;
      else out[i] = halfToNumber(h);
    }
    return out;
  }
  if (dtype === 'F8_E4M3' || dtype === 'F8_E5M2') throw new AttnError('E_UNSUPPORTED', `safetensors: tensor '${name}': ${dtype} is not read`);
  const out = new Float64Array(n);
  const size = DTYPE_BYTES[dtype];
  for (let i = 0; i < n; i++) {
    const at = i * size;
    switch (dtype) {
      case 'BOOL': case 'U8': out[i] = view.getUint8(at); break;
      case 'I8': out[i] = view.getInt8(at); break;
      case 'I16': out[i] = view.getInt16(at, true); break;
      case 'U16': out[i] = view.getUint16(at, true); break;
      case 'I32': out[i] = view.getInt32(at, true); break;
      case 'U32': out[i] = view.getUint32(at, true); break;
      default: {
        const v = dtype === 'I64' ? view.getBigInt64(at, true) : view.getBigUint64(at, true);
        out[i] = Number(v);
        if (!Number.isSafeInteger(out[i])) throw new AttnError('E_UNSUPPORTED', `safetensors: tensor '${name}'[${i}] = ${v} does not fit a float64 exactly`);
      }
    }
  }
  return out;
}
