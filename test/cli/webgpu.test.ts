// `ATTNLAB_BACKEND=webgpu attn …`: the CLI on the WebGPU backend (SwiftShader on a machine without a GPU) reports
// its adapter, gives the js backend's numbers within float32 rounding, exits by itself, and, where the `webgpu`
// package or an adapter is missing, fails with one clear error that names what runs without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { attn } from './_run.js';
import { webgpuEnv } from '../../scripts/_webgpu-env.mjs';

const found = webgpuEnv();
const gpuEnv: NodeJS.ProcessEnv = { ...found.env, ATTNLAB_BACKEND: 'webgpu' };
// Whether the driver gives an adapter is known only by asking it: `attn --version` does.
const probe = found.skip ? undefined : attn(['--version'], { env: gpuEnv });
const skip = found.skip ?? (probe && probe.code !== 0 ? `no WebGPU adapter here (${probe.stderr.trim().split('\n').pop()})` : undefined);
if (skip) console.log(`# skip CLI webgpu tests: ${skip}`);

/** Largest absolute difference between two JSON values of the same shape (strings and keys must be equal). */
function maxDiff(a: unknown, b: unknown, path = '$'): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b);
  if (Array.isArray(a) && Array.isArray(b)) {
    assert.equal(a.length, b.length, `${path}: lengths`);
    return Math.max(0, ...a.map((x, i) => maxDiff(x, b[i], `${path}[${i}]`)));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), `${path}: keys`);
    return Math.max(0, ...Object.keys(a).map((k) => maxDiff((a as any)[k], (b as any)[k], `${path}.${k}`)));
  }
  assert.equal(a, b, path);
  return 0;
}

function onBoth(args: string[]): { js: unknown; webgpu: unknown } {
  const js = attn([...args, '--json'], { env: { ATTNLAB_BACKEND: 'js' } });
  const gpu = attn([...args, '--json'], { env: gpuEnv });
  assert.equal(js.code, 0, js.stderr);
  assert.equal(gpu.code, 0, gpu.stderr);
  return { js: JSON.parse(js.stdout), webgpu: JSON.parse(gpu.stdout) };
}

test('attn --version on webgpu names the backend and its adapter', { skip }, () => {
  assert.match(probe!.stdout, /^backend: webgpu, adapter \S.*$/m);
});

test('attend and polysemy on webgpu equal js within float32 rounding, and the process exits by itself', { skip }, () => {
  const t0 = performance.now();
  const a = onBoth(['attend', 'money bank grows']);
  assert.ok(maxDiff(a.js, a.webgpu) < 1e-5);
  const p = onBoth(['polysemy', 'bank', 'He deposited money in the bank', 'He sat on the river bank']);
  assert.ok(maxDiff(p.js, p.webgpu) < 1e-5);
  // Four runs: a device left open would hold each process until the 120 s timeout.
  assert.ok(performance.now() - t0 < 60_000);
});

test("predict with a shipped model on webgpu gives js's label and probability", { skip }, () => {
  const r = onBoth(['predict', '--model', 'wic', 'bank', 'He deposited money in the bank', 'He sat on the river bank']);
  assert.ok(maxDiff(r.js, r.webgpu) < 1e-5);
});

test('ATTNLAB_BACKEND=webgpu without an adapter: one error naming the fallback, exit 1', () => {
  const r = attn(['attend', 'money bank grows'], { env: { ATTNLAB_BACKEND: 'webgpu', VK_ICD_FILENAMES: '/nonexistent/icd.json' } });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /attn: error: ATTNLAB_BACKEND=webgpu: the WebGPU backend cannot start: /);
  assert.match(r.stderr, /Unset ATTNLAB_BACKEND to run on wasm/);
  assert.equal(r.stdout, '');
});

test("ATTNLAB_BACKEND=webgpu without the 'webgpu' package: the error says to install it, --json too", () => {
  const hide = fileURLToPath(new URL('./_hide-webgpu.mjs', import.meta.url));
  const r = attn(['attend', 'money bank grows', '--json'], { env: { ATTNLAB_BACKEND: 'webgpu', NODE_OPTIONS: `--import ${hide}` } });
  assert.equal(r.code, 1);
  const { error } = JSON.parse(r.stderr.trim().split('\n').pop()!);
  assert.equal(error.code, 'E_UNSUPPORTED');
  assert.match(error.message, /the optional 'webgpu' package does not load .*npm install webgpu/);
  assert.match(error.hint, /Unset ATTNLAB_BACKEND to run on wasm/);
});
