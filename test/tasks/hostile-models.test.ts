// Model folders are not trusted: config.json is checked against its schema and against model.safetensors' header
// before anything is allocated; the safetensors file is read only if it is a regular file whose size fits its
// header; weights must be finite. Each bad folder is one line on stderr naming the file, exit 1.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttnError, loadTaskModel, readSafetensorsHeader } from '../../src/index.js';
import { repoRoot } from '../fixtures-dir.js';
import { attn } from '../cli/_run.js';

const shipped = join(repoRoot, 'data/models/idiom-zero-shot');
const weights = new Uint8Array(readFileSync(join(shipped, 'model.safetensors')));
const config = JSON.parse(readFileSync(join(shipped, 'config.json'), 'utf8'));
const tmp = mkdtempSync(join(tmpdir(), 'attnlab-models-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** config.json with `model` fields replaced. */
const withModel = (patch: Record<string, unknown>) => JSON.stringify({ ...config, model: { ...config.model, ...patch } });

function rejectsConfig(text: string, re: RegExp) {
  assert.throws(() => loadTaskModel({ 'model.safetensors': weights, 'config.json': text }, 'm'), (e: unknown) => {
    assert.ok(e instanceof AttnError && e.code === 'E_FORMAT', String(e));
    assert.match(e.message, re);
    assert.ok(e.message.startsWith('m/config.json: '), e.message);
    return true;
  });
}

test('config.json: every size is bounded and checked before anything is allocated', () => {
  rejectsConfig(withModel({ layers: 1e9 }), /model\.layers is 1000000000; expected an integer from 0 to 64/);
  rejectsConfig(withModel({ maxLen: 1e7 }), /model\.maxLen is 10000000; expected an integer from 1 to 8192/);
  rejectsConfig(withModel({ ffDim: 1e7 }), /model\.ffDim is 10000000; expected an integer from 1 to 16384/);
  rejectsConfig(withModel({ dim: -1 }), /model\.dim is -1; expected an integer from 1 to 65536/);
  rejectsConfig(withModel({ dModel: 2.5 }), /model\.dModel is 2\.5/);
  rejectsConfig(withModel({ heads: 3 }), /model\.heads is 3; expected a divisor of dModel 64/);
  rejectsConfig(withModel({ positions: 'spiral' }), /model\.positions is "spiral"; expected one of none, sinusoidal/);
  rejectsConfig(withModel({ dropout: 'lots' }), /model\.dropout is "lots"/);
  rejectsConfig(withModel({ extraWords: [1, 2] }), /model\.extraWords is \[1,2\]/);
  rejectsConfig(withModel({ task: undefined }), /model\.task is missing; expected one of sst2, wic, idiom/);
  rejectsConfig(JSON.stringify({ ...config, vectors: { ...config.vectors, dim: 50 } }), /vectors\.dim is 50; expected model\.dim \(100\)/);
  // Within bounds, but more than the file holds: the config and the weights do not belong together.
  rejectsConfig(withModel({ layers: 64, ffDim: 16384 }), /describes has at least [\d,]+ parameters, but model\.safetensors holds [\d,]+ values/);
});

test('weights must be finite: a NaN in model.safetensors is an error naming the tensor', () => {
  const bad = weights.slice();
  const { entries, dataStart } = readSafetensorsHeader(bad);
  const e = entries.find((x) => x.dtype === 'F32')!;
  new DataView(bad.buffer).setFloat32(dataStart + e.begin + 4, NaN, true);
  assert.throws(() => loadTaskModel({ 'model.safetensors': bad, 'config.json': JSON.stringify(config) }, 'm'),
    new RegExp(`tensor '${e.name.replace(/\./g, '\\.')}' has NaN at index 1 \\(weights must be finite\\)`));
});

test('the safetensors duplicate-name check is linear: 200,000 names in a fraction of the 18 s it took', () => {
  const header: Record<string, unknown> = {};
  for (let i = 0; i < 200_000; i++) header[`t${i}`] = { dtype: 'F32', shape: [0], data_offsets: [0, 0] };
  const json = new TextEncoder().encode(JSON.stringify(header).slice(0, -1) + ',"t7":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}');
  const bytes = new Uint8Array(8 + json.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
  bytes.set(json, 8);
  const t0 = performance.now();
  assert.throws(() => readSafetensorsHeader(bytes), /the name 't7' appears twice/);
  assert.ok(performance.now() - t0 < 5000, `${performance.now() - t0} ms`); // about 0.4 s on an idle core
});

/** A copy of the shipped model with files replaced; returns the folder. */
function folder(name: string, change: (dir: string) => void): string {
  const dir = join(tmp, name);
  cpSync(shipped, dir, { recursive: true });
  change(dir);
  return dir;
}

test('attn predict: hostile model folders are one-line errors with exit 1, never a crash or an unbounded read', () => {
  const cases: [string, (dir: string) => void, RegExp][] = [
    ['zero', (d) => { unlinkSync(join(d, 'model.safetensors')); symlinkSync('/dev/zero', join(d, 'model.safetensors')); }, /model\.safetensors: is not a regular file/],
    ['fifo-config', (d) => { unlinkSync(join(d, 'config.json')); symlinkSync('/dev/zero', join(d, 'config.json')); }, /config\.json: is not a regular file/],
    ['layers', (d) => writeFileSync(join(d, 'config.json'), withModel({ layers: 1e9 })), /config\.json: model\.layers is 1000000000/],
    ['short', (d) => writeFileSync(join(d, 'model.safetensors'), weights.subarray(0, weights.length - 100)), /model\.safetensors: safetensors: tensor '.*' \[\d+, \d+\] runs past the \d+-byte data section/],
    ['huge-header', (d) => { const b = weights.slice(); new DataView(b.buffer).setBigUint64(0, 1n << 40n, true); writeFileSync(join(d, 'model.safetensors'), b); }, /header length 1099511627776 runs past the end/],
  ];
  for (const [name, change, re] of cases) {
    const r = attn(['predict', '--model', folder(name, change), 'he kicked the bucket', 'kicked the bucket']);
    assert.equal(r.code, 1, `${name}: ${r.stderr}`);
    assert.match(r.stderr, re, name);
    assert.equal(r.stderr.trim().split('\n').length, 1, `${name}: one line: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /internal error|    at /, name);
  }
});
