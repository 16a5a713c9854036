// Conformance: every registered op under every backend against the js backend, on the ops' seeded samples,
// with contiguous inputs and with the same values given as non-contiguous (permuted) views; values and
// gradients within one tolerance table; the attention op also on a few variants beyond its sample. Every skip is
// printed with its reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  registeredOps, tensor, toBackend, findBackend, setBackend, backward, sum, mul, permute, clone, randn, Rng, Tensor, type Backend,
} from '../../src/index.js';
import { apply } from '../../src/ops/define.js';
import { attentionOp } from '../../src/ops/attention.js';
import { compareClose } from '../../src/testing/index.js';
import { backendsUnderTest } from './_backends.js';

// The wasm backend starts asynchronously: start it (and return to js) so that it is among those checked. So does
// webgpu, where it can (the optional package and an adapter); where it cannot, the skip line says why.
await setBackend('wasm');
await setBackend('webgpu').catch((e: Error) => console.log(`# skip webgpu: ${e.message}`));
await setBackend('js');

/** One tolerance table for every comparison against js (float64 samples; float32 where a backend lacks it). */
const TOL = { float64: { atol: 1e-10, rtol: 1e-9 }, float32: { atol: 1e-4, rtol: 1e-4 } };

/** The same values as x, as a non-contiguous view (transposed storage, transposed back). */
function strided(x: Tensor): Tensor {
  if (x.rank < 2) return x;
  const perm = x.shape.map((_, i) => x.rank - 1 - i);
  return permute(clone(permute(x, perm)), perm);
}

type Op = ReturnType<typeof registeredOps>[number];
/** float64 where the backend stores it (the samples' dtype), and always float32: the dtype fast backends compute
 * in (wasm runs float64 on the reference kernels, float32 on its own). */
const dtypesOn = (b: Backend) => (b.dtypes.includes('float64') ? (['float64', 'float32'] as const) : (['float32'] as const));
const inDtype = async (xs: Tensor[], dtype: 'float32' | 'float64') => (dtype === 'float64' ? xs : Promise.all(xs.map(async (x) => tensor(Float32Array.from(await x.data()), x.shape))));

async function run(op: Op, b: Backend, inputs: Tensor[], attrs: unknown, view: boolean) {
  setBackend(b.name);
  try {
    const xs = await Promise.all(inputs.map(async (x, i) => {
      const t = await toBackend(x, b);
      t.requiresGrad = !(op.constant ?? []).includes(i);
      return t;
    }));
    const given = view ? xs.map((x, i) => ((op.constant ?? []).includes(i) ? x : strided(x))) : xs;
    const out = apply(op, given, attrs);
    const w = tensor(Float64Array.from({ length: out.size }, (_, i) => Math.sin(i + 1)), out.shape, { dtype: out.dtype });
    backward(sum(mul(out, w)));
    return { out: await out.data(), grads: await Promise.all(xs.map(async (x) => (x.grad ? x.grad.data() : null))) };
  } finally {
    setBackend('js');
  }
}

/** Run `op` on `b` with contiguous and with strided inputs; outputs and gradients must equal js's. */
async function checkAgainstJs(op: Op, b: Backend, inputs: Tensor[], attrs: unknown, tol: { atol: number; rtol: number }, what: string) {
  const ref = await run(op, findBackend('js'), inputs, attrs, false);
  for (const view of [false, true]) {
    const got = await run(op, b, inputs, attrs, view);
    const name = `${what} on ${b.name}${view ? ' (strided inputs)' : ''}`;
    const r = compareClose(got.out, ref.out, { ...tol, name: `${name}: output` });
    assert.ok(r.ok, r.message);
    got.grads.forEach((g, i) => {
      if (!ref.grads[i]) return;
      const rg = compareClose(g ?? [], ref.grads[i]!, { ...tol, name: `${name}: gradient of input ${i}` });
      assert.ok(rg.ok, rg.message);
    });
  }
}

for (const b of backendsUnderTest()) {
  test(`conformance: every op on '${b.name}' equals js (contiguous and strided inputs)`, async () => {
    const skipped: string[] = [];
    for (const op of registeredOps()) {
      if (!op.sample) {
        skipped.push(`${op.name}: no sample`);
        continue;
      }
      const { inputs, attrs } = op.sample(new Rng(5));
      if (!b.dtypes.includes('float64')) skipped.push(`${op.name}: float64 (${b.name} stores ${b.dtypes.join(', ')}), checked in float32`);
      for (const dtype of dtypesOn(b)) await checkAgainstJs(op, b, await inDtype(inputs, dtype), attrs, TOL[dtype], `${op.name}, ${dtype}`);
    }
    for (const [what, why] of Object.entries(b.unsupported ?? {})) skipped.push(`${what}: ${why}`);
    for (const s of skipped) console.log(`# skip ${b.name}: ${s}`);
  });
}

/** The attention op beyond its sample (mask, bias, causal, a fully masked row): inputs [q, k, v, mask?] and attrs. */
function attentionCases(rng: Rng): { what: string; inputs: Tensor[]; attrs: unknown }[] {
  const x = (shape: number[]) => randn(shape, rng, { dtype: 'float64' });
  const plain = { mask: false, bias: false };
  const pad = tensor(new Float64Array(Array.from({ length: 2 * 3 * 70 }, (_, i) => (i % 70 >= 66 ? 1 : 0))), [2, 3, 70], { dtype: 'float64' });
  return [
    { what: 'attention, no mask or bias, T ≠ S', inputs: [x([3, 5, 4]), x([3, 7, 4]), x([3, 7, 2])], attrs: { ...plain, scale: 0.5, causal: false } },
    { what: 'attention, causal with T > S', inputs: [x([2, 6, 3]), x([2, 4, 3]), x([2, 4, 3])], attrs: { ...plain, scale: 0.7, causal: true } },
    { what: 'attention, size-1 dims', inputs: [x([1, 1, 1]), x([1, 1, 1]), x([1, 1, 1])], attrs: { ...plain, scale: 1, causal: true } },
    { what: 'attention, padding mask over more keys than a tile', inputs: [x([2, 3, 4]), x([2, 70, 4]), x([2, 70, 3]), pad], attrs: { ...plain, mask: true, scale: 0.5, causal: false } },
  ];
}

for (const b of backendsUnderTest()) {
  test(`conformance: attention variants on '${b.name}' equal js`, async () => {
    for (const c of attentionCases(new Rng(6))) {
      for (const dtype of dtypesOn(b)) await checkAgainstJs(attentionOp, b, await inDtype(c.inputs, dtype), c.attrs, TOL[dtype], `${c.what}, ${dtype}`);
    }
  });
}
