// safetensors: round trips, files written by PyTorch (scripts/fixtures/make_checkpoint_fixtures.py), and one
// test per validation rule — each malformed file must fail with E_FORMAT before any tensor is made. An F64 entry
// loads as a float64 tensor: the three tests that load one skip on a backend without float64 (WebGPU).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { saveSafetensors, loadSafetensors, readSafetensorsHeader, tensor, AttnError } from '../../src/index.js';
import { assertClose } from '../../src/testing/index.js';
import { repoRoot } from '../fixtures-dir.js';
import { needsFloat64 } from '../_backend-caps.js';

const dir = join(repoRoot, 'test/fixtures/checkpoints');

// A file from a header object and a data length (the data is zeros).
function file(header: unknown, dataLen: number, headerText = JSON.stringify(header)): Uint8Array {
  const h = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + h.length + dataLen);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  return out;
}
const F32 = (shape: number[], begin: number, end: number) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });

function rejects(bytes: Uint8Array, pattern: RegExp): void {
  assert.throws(() => loadSafetensors(bytes), (e: unknown) => {
    assert.ok(e instanceof AttnError && e.code === 'E_FORMAT', `expected E_FORMAT, got ${e}`);
    assert.match(e.message, pattern);
    return true;
  });
}

test('round trip: F32 and F64 tensors, metadata, 8-byte-aligned header, values exact', needsFloat64(), async () => {
  const a = tensor([[1.5, -2], [3, 4e-8]]);
  const b = tensor(Float64Array.from([Math.PI, -1e300]), [2]);
  const bytes = await saveSafetensors({ 'layer.weight': a, 'layer.bias': b }, { format: 'pt' });
  const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal(n % 8, 0);
  const { metadata, tensors } = loadSafetensors(bytes);
  assert.deepEqual(metadata, { format: 'pt' });
  assert.deepEqual([...tensors.keys()].sort(), ['layer.bias', 'layer.weight']);
  assert.deepEqual(Array.from(await tensors.get('layer.weight')!.data()), Array.from(await a.data()));
  assert.equal(tensors.get('layer.bias')!.dtype, 'float64');
  assert.deepEqual(Array.from(await tensors.get('layer.bias')!.data()), [Math.PI, -1e300]);
  assert.deepEqual(tensors.get('layer.weight')!.shape, [2, 2]);
});

test('reads a PyTorch-written file with every dtype (F64, F32, F16, BF16, integers, BOOL, empty)', needsFloat64(), async () => {
  const { tensors, metadata } = loadSafetensors(readFileSync(join(dir, 'dtypes.safetensors')));
  const want = JSON.parse(readFileSync(join(dir, 'dtypes.json'), 'utf8'));
  assert.equal(metadata.note, 'one tensor per dtype');
  for (const [name, w] of Object.entries<{ shape: number[]; data: number[] }>(want)) {
    const got = tensors.get(name)!;
    assert.deepEqual(got.shape, w.shape, name);
    assertClose(await got.data(), w.data, { atol: 0, rtol: 0, name }); // the fixture stores the rounded values
  }
});

test('the writer can store float32 values as F64 and float64 values as F32', needsFloat64(), async () => {
  const bytes = await saveSafetensors({ x: tensor([0.1]) }, {}, { dtype: 'F64' });
  assert.equal(readSafetensorsHeader(bytes).entries[0].dtype, 'F64');
  assert.equal((await loadSafetensors(bytes).tensors.get('x')!.data())[0], Math.fround(0.1));
});

test('rejects a file shorter than 8 bytes and a header length past the end', () => {
  rejects(new Uint8Array(5), /too short/);
  const b = file({}, 0);
  new DataView(b.buffer).setBigUint64(0, 2n ** 40n, true);
  rejects(b, /runs past the end/);
});

test('rejects a header that is not JSON, not an object, or not valid UTF-8', () => {
  rejects(file(null, 0, '{"a": '), /not valid JSON/);
  rejects(file(null, 0, '[1, 2]'), /does not start with '\{'/);
  const b = file(null, 0, '{"\u00e9":1}');
  b[10] = 0xff;
  rejects(b, /UTF-8/);
});

test('rejects unknown dtypes, bad shapes and bad data_offsets', () => {
  rejects(file({ w: { dtype: 'F33', shape: [1], data_offsets: [0, 4] } }, 4), /unknown dtype "F33"/);
  rejects(file({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4), /shape \[-1\]/);
  rejects(file({ w: { dtype: 'F32', shape: [1], data_offsets: [4, 0] } }, 4), /data_offsets \[4,0\]/);
  rejects(file({ w: { dtype: 'F32', shape: [1] } }, 4), /data_offsets undefined/);
});

test('rejects a shape that does not match its byte range', () => {
  rejects(file({ w: F32([2, 3], 0, 20) }, 20), /needs 24 bytes but data_offsets \[0, 20\] hold 20/);
});

test('rejects overlapping, out-of-range, gapped and short-covering offsets', () => {
  rejects(file({ a: F32([2], 0, 8), b: F32([2], 4, 12) }, 12), /'b' \[4, 12\] overlaps/);
  rejects(file({ a: F32([2], 0, 8) }, 4), /runs past the 4-byte data section/);
  rejects(file({ a: F32([1], 0, 4), b: F32([1], 8, 12) }, 12), /gap after byte 4/);
  rejects(file({ a: F32([1], 0, 4) }, 8), /cover 4 bytes but the data section holds 8/);
});

test('rejects duplicate names (JSON.parse would silently keep the last)', () => {
  rejects(file(null, 4, '{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}'), /'w' appears twice/);
});

test('rejects metadata that is not string to string', () => {
  rejects(file({ __metadata__: { epoch: 3 } }, 0), /__metadata__.epoch must be a string/);
});

test('the header is validated before any tensor is decoded', () => {
  // The first tensor is fine, the second out of range: nothing may be decoded (we see only the header error).
  rejects(file({ a: { dtype: 'F8_E4M3', shape: [1], data_offsets: [0, 1] }, b: F32([1], 1, 5) }, 1), /runs past/);
});

test('a tensor of an unreadable dtype (F8) is E_UNSUPPORTED, refused before any tensor is decoded', () => {
  const b = file({ a: F32([1], 0, 4), z: { dtype: 'F8_E4M3', shape: [1], data_offsets: [4, 5] } }, 5);
  assert.throws(() => loadSafetensors(b), (e: unknown) => e instanceof AttnError && e.code === 'E_UNSUPPORTED' && /'z' has dtype F8_E4M3/.test(e.message));
});
