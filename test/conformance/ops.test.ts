// Conformance: every registered op under every backend against the js backend, on the ops' seeded samples,
// with contiguous inputs and with the same values given as non-contiguous (permuted) views; values and
// gradients within one tolerance table. Every skip is printed with its reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  registeredOps, tensor, toBackend, findBackend, setBackend, backward, sum, mul, permute, clone, Rng, Tensor, type Backend,
} from '../../src/index.js';
import { apply } from '../../src/ops/define.js';
import { compareClose } from '../../src/testing/index.js';
import { backendsUnderTest } from './_backends.js';

// The wasm backend starts asynchronously: start it (and return to js) so that it is among those checked.
await setBackend('wasm');
await setBackend('js');

/** One tolerance table for every comparison against js (float64 samples; float32 where a backend lacks it). */
const TOL = { float64: { atol: 1e-10, rtol: 1e-9 }, float32: { atol: 1e-4, rtol: 1e-4 } };

/** The same values as x, as a non-contiguous view (transposed storage, transposed back). */
function strided(x: Tensor): Tensor {
  if (x.rank < 2) return x;
  const perm = x.shape.map((_, i) => x.rank - 1 - i);
  return permute(clone(permute(x, perm)), perm);
}

async function run(op: ReturnType<typeof registeredOps>[number], b: Backend, inputs: Tensor[], attrs: unknown, view: boolean) {
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

for (const b of backendsUnderTest()) {
  test(`conformance: every op on '${b.name}' equals js (contiguous and strided inputs)`, async () => {
    const skipped: string[] = [];
    for (const op of registeredOps()) {
      if (!op.sample) {
        skipped.push(`${op.name}: no sample`);
        continue;
      }
      const sample = op.sample(new Rng(5));
      const { attrs } = sample;
      // float64 where the backend stores it (the samples' dtype), and always float32: the dtype fast
      // backends compute in (wasm runs float64 on the reference kernels, float32 on its own).
      if (!b.dtypes.includes('float64')) skipped.push(`${op.name}: float64 (${b.name} stores ${b.dtypes.join(', ')}), checked in float32`);
      for (const dtype of b.dtypes.includes('float64') ? (['float64', 'float32'] as const) : (['float32'] as const)) {
        const inputs = dtype === 'float64' ? sample.inputs : sample.inputs.map((x) => tensor(Float32Array.from(x.dataSync()), x.shape));
        const tol = TOL[dtype];
        const ref = await run(op, findBackend('js'), inputs, attrs, false);
        for (const view of [false, true]) {
          const got = await run(op, b, inputs, attrs, view);
          const what = `${op.name} on ${b.name}, ${dtype}${view ? ' (strided inputs)' : ''}`;
          const r = compareClose(got.out, ref.out, { ...tol, name: `${what}: output` });
          assert.ok(r.ok, r.message);
          got.grads.forEach((g, i) => {
            if (!ref.grads[i]) return;
            const rg = compareClose(g ?? [], ref.grads[i]!, { ...tol, name: `${what}: gradient of input ${i}` });
            assert.ok(rg.ok, rg.message);
          });
        }
      }
    }
    for (const s of skipped) console.log(`# skip ${b.name}: ${s}`);
  });
}
