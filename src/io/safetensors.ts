// safetensors read and write, bytes in / bytes out: [u64 little-endian header length N][N bytes of JSON header,
// space-padded to 8-byte alignment][raw little-endian tensor data]. The header maps each name to
// {dtype, shape, data_offsets: [begin, end]} (offsets relative to the data section) plus an optional
// "__metadata__" of string → string. Reading validates the whole header against the byte length before any tensor
// is allocated, with the same rules as the reference implementation (contiguous, non-overlapping offsets that cover
// the data exactly). Not here: file access, lazy/mmap loading, writing F16/BF16.
import { Tensor, tensor } from '../tensor.js';
import { AttnError } from '../errors.js';
import { shapeStr } from '../shape.js';
import { decodeValues, DTYPE_BYTES, type SafetensorsDType } from './_dtypes.js';

export type { SafetensorsDType };

/** One validated header entry. */
export interface SafetensorsEntry {
  name: string;
  dtype: SafetensorsDType;
  shape: number[];
  /** Byte range in the data section. */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  metadata: Record<string, string>;
  /** Entries in the order of their data. */
  entries: SafetensorsEntry[];
  /** Where the data section starts in the file (8 + header length). */
  dataStart: number;
}

/** Larger JSON headers are refused as absurd (the reference implementation's limit). */
export const MAX_HEADER_BYTES = 100_000_000;

const fail = (msg: string): never => {
  throw new AttnError('E_FORMAT', `safetensors: ${msg}`);
};

// JSON.parse keeps the last of duplicate keys silently; find the top-level keys ourselves to refuse duplicates.
function topLevelKeys(json: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '"') {
      let j = i + 1, escaped = false;
      while (json[j] !== '"') {
        if (json[j] === '\\') escaped = true;
        j += json[j] === '\\' ? 2 : 1;
      }
      if (depth === 1 && expectKey) keys.push(escaped ? (JSON.parse(json.slice(i, j + 1)) as string) : json.slice(i + 1, j));
      expectKey = false;
      i = j;
    } else if (c === '{' || c === '[') {
      depth++;
      expectKey = c === '{' && depth === 1;
    } else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 1) expectKey = true;
  }
  return keys;
}

const isNatural = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * The header's length from a file's first 8 bytes, checked against the file's `size` and MAX_HEADER_BYTES: a reader
 * of a file (not yet in memory) reads this, then the header, then — once readSafetensorsHeader has checked the
 * offsets against the size — the data.
 * @example const n = safetensorsHeaderLength(first8, fileSize); // then read bytes 8 … 8 + n
 */
export function safetensorsHeaderLength(bytes: Uint8Array, size = bytes.length): number {
  if (size < 8 || bytes.length < 8) fail(`${size} bytes is too short for the 8-byte header length`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(size - 8)) fail(`header length ${n} runs past the end of the ${size}-byte file`);
  if (n > BigInt(MAX_HEADER_BYTES)) fail(`header length ${n} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  return Number(n);
}

/**
 * Parse and validate a safetensors header without reading any tensor data. `bytes` is the whole file, or only its
 * first 8 + header-length bytes with `size` the whole file's length (offsets are checked against that).
 * @example const { entries } = readSafetensorsHeader(bytes); entries.map((e) => e.name)
 */
export function readSafetensorsHeader(bytes: Uint8Array, { size = bytes.length }: { size?: number } = {}): SafetensorsHeader {
  const headerLen = safetensorsHeaderLength(bytes, size);
  if (bytes.length < 8 + headerLen) fail(`the ${headerLen}-byte header was not read (${bytes.length} bytes given)`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen));
  } catch {
    return fail('the header is not valid UTF-8');
  }
  if (!text.startsWith('{')) fail(`the header does not start with '{' (got ${JSON.stringify(text.slice(0, 10))})`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail(`the header is not valid JSON (${(e as Error).message})`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) fail('the header is not a JSON object');
  const seen = new Set<string>();
  for (const k of topLevelKeys(text)) {
    if (seen.has(k)) fail(`the name '${k}' appears twice in the header`);
    seen.add(k);
  }

  const metadata: Record<string, string> = {};
  const entries: SafetensorsEntry[] = [];
  for (const [name, info] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (!info || typeof info !== 'object' || Array.isArray(info)) fail('__metadata__ must be an object of strings');
      for (const [k, v] of Object.entries(info as object)) {
        if (typeof v !== 'string') fail(`__metadata__.${k} must be a string, got ${JSON.stringify(v)}`);
        metadata[k] = v as string;
      }
      continue;
    }
    const e = info as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (!e || typeof e !== 'object') fail(`tensor '${name}': expected {dtype, shape, data_offsets}, got ${JSON.stringify(info)}`);
    if (typeof e.dtype !== 'string' || !(e.dtype in DTYPE_BYTES)) {
      fail(`tensor '${name}': unknown dtype ${JSON.stringify(e.dtype)} (known: ${Object.keys(DTYPE_BYTES).join(', ')})`);
    }
    if (!Array.isArray(e.shape) || !e.shape.every(isNatural)) fail(`tensor '${name}': shape ${JSON.stringify(e.shape)} is not a list of non-negative integers`);
    const off = e.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || !off.every(isNatural) || off[0] > off[1]) {
      fail(`tensor '${name}': data_offsets ${JSON.stringify(off)} is not [begin, end] with 0 ≤ begin ≤ end`);
    }
    const dtype = e.dtype as SafetensorsDType, shape = e.shape as number[], [begin, end] = off as number[];
    const count = shape.reduce((a, b) => a * b, 1);
    if (!Number.isSafeInteger(count * DTYPE_BYTES[dtype]) || count * DTYPE_BYTES[dtype] !== end - begin) {
      fail(`tensor '${name}': shape ${shapeStr(shape)} of ${dtype} needs ${count * DTYPE_BYTES[dtype]} bytes but data_offsets [${begin}, ${end}] hold ${end - begin}`);
    }
    entries.push({ name, dtype, shape, begin, end });
  }

  // The data section must be covered exactly: sorted by begin, each tensor starts where the previous ended.
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  const dataStart = 8 + headerLen, dataLen = size - dataStart;
  let at = 0;
  for (const e of entries) {
    if (e.begin < at) fail(`tensor '${e.name}' [${e.begin}, ${e.end}] overlaps the previous tensor, which ends at ${at}`);
    if (e.begin > at) fail(`tensor '${e.name}' starts at ${e.begin}, leaving a gap after byte ${at} (offsets must be contiguous)`);
    if (e.end > dataLen) fail(`tensor '${e.name}' [${e.begin}, ${e.end}] runs past the ${dataLen}-byte data section`);
    at = e.end;
  }
  if (at !== dataLen) fail(`the tensors cover ${at} bytes but the data section holds ${dataLen}`);
  return { metadata, entries, dataStart };
}

export interface Safetensors {
  metadata: Record<string, string>;
  /** Tensors by name: F64 as float64, every other dtype converted to float32 (integers to float64). */
  tensors: Map<string, Tensor>;
}

/**
 * Read a safetensors file: validate the header, then decode every tensor. With `finite`, a NaN or infinite value
 * in a float tensor is an error naming the tensor and the index (checked before the tensor is made).
 * @example const { tensors } = loadSafetensors(bytes); tensors.get('linear1.weight')
 */
export function loadSafetensors(bytes: Uint8Array, { finite = false }: { finite?: boolean } = {}): Safetensors {
  const { metadata, entries, dataStart } = readSafetensorsHeader(bytes);
  const f8 = entries.find((e) => e.dtype.startsWith('F8'));
  if (f8) throw new AttnError('E_UNSUPPORTED', `safetensors: tensor '${f8.name}' has dtype ${f8.dtype}, which attnlab does not read (F64, F32, F16, BF16 and integers are read)`);
  const tensors = new Map<string, Tensor>();
  for (const e of entries) {
    const data = decodeValues(e.dtype, bytes.subarray(dataStart + e.begin, dataStart + e.end), e.name);
    if (finite) {
      for (let i = 0; i < data.length; i++) {
        if (data[i] - data[i] !== 0) fail(`tensor '${e.name}' has ${data[i]} at index ${i} (weights must be finite)`);
      }
    }
    tensors.set(e.name, tensor(data, e.shape));
  }
  return { metadata, tensors };
}

/**
 * Write tensors as safetensors bytes: float32 tensors as F32, float64 as F64 (or all as `dtype`). Names are written
 * in sorted order; the header is space-padded to a multiple of 8 bytes, as the reference writer does. Asynchronous:
 * the values are read from the backend with `data()` (every read asked for at once).
 * @example const bytes = await saveSafetensors({ 'linear.weight': w }, { format: 'pt' });
 */
export async function saveSafetensors(
  tensors: Record<string, Tensor> | Map<string, Tensor>,
  metadata: Record<string, string> = {},
  opts: { dtype?: 'F32' | 'F64' } = {},
): Promise<Uint8Array> {
  const list = [...(tensors instanceof Map ? tensors : Object.entries(tensors))].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  // Wider dtypes first keeps every tensor aligned to its element size (the reference writer's order).
  const typed = list.map(([name, t]) => ({ name, t, dtype: opts.dtype ?? (t.dtype === 'float64' ? 'F64' : 'F32') }) as const);
  typed.sort((a, b) => DTYPE_BYTES[b.dtype] - DTYPE_BYTES[a.dtype]);
  let offset = 0;
  for (const { name, t, dtype } of typed) {
    if (name === '__metadata__') throw new AttnError('E_INPUT', `saveSafetensors: '__metadata__' is reserved and cannot name a tensor`);
    const size = t.size * DTYPE_BYTES[dtype];
    header[name] = { dtype, shape: [...t.shape], data_offsets: [offset, offset + size] };
    offset += size;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(padded), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + padded);
  let at = 8 + padded;
  const values = await Promise.all(typed.map(({ t }) => t.data()));
  for (const [k, { dtype }] of typed.entries()) {
    const vals = values[k];
    if (dtype === 'F64') for (let i = 0; i < vals.length; i++, at += 8) view.setFloat64(at, vals[i], true);
    else for (let i = 0; i < vals.length; i++, at += 4) view.setFloat32(at, vals[i], true);
  }
  return out;
}
