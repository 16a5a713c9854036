// A short training run on the backend under test (ATTNLAB_BACKEND; scripts/test-webgpu.mjs runs it on webgpu) must
// follow the js backend's loss curve step by step: a task model (an attention encoder, AdamW) trained for 24
// seeded steps on tiny synthetic data, then its predictions. Under js itself there is nothing to compare: it skips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WordVectors, Rng, trainTask, defaultModelConfig, evaluateTaskModel, getBackend, setBackend, type TaskTrainEvent, type Sst2Example } from '../../src/index.js';

const POS = ['good', 'great', 'fine', 'lovely'], NEG = ['bad', 'awful', 'dull', 'poor'], FILL = ['the', 'film', 'is', 'was', 'plot', 'very', 'river', 'money'];
const C = 8;
// float32 on both sides; the differences are rounding (another summation order), grown a little by 24 Adam steps.
const TOL = 2e-4;

const wv = (() => {
  const rng = new Rng(7);
  const words = [...POS, ...NEG, ...FILL];
  const v = new Float32Array(words.length * C);
  words.forEach((w, i) => {
    for (let c = 0; c < C; c++) v[i * C + c] = 0.3 * rng.normal();
    v[i * C] += POS.includes(w) ? 1.5 : NEG.includes(w) ? -1.5 : 0;
  });
  return new WordVectors(words, v, C);
})();

function sentiment(n: number, seed: number): Sst2Example[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const adj = (i % 2 ? POS : NEG)[rng.int(4)];
    const filler = Array.from({ length: 2 + rng.int(3) }, () => FILL[rng.int(FILL.length)]);
    return { task: 'sst2', text: [...filler, adj].join(' '), label: i % 2, line: i + 2 };
  });
}

/** 3 epochs of 8 batches: the loss of each step, and the trained model's probabilities on held-out sentences. */
async function train(): Promise<{ losses: number[]; probabilities: Float32Array; ms: number }> {
  const config = { ...defaultModelConfig('sst2', 'attention', C), dModel: 8, heads: 2, ffDim: 16, hidden: 8, maxLen: 8, dropout: 0 };
  const losses: number[] = [];
  const t0 = performance.now();
  const onEvent = (e: TaskTrainEvent) => e.type === 'step' && losses.push(e.loss);
  const val = sentiment(16, 2);
  const { model } = await trainTask({ config, wv, train: sentiment(64, 1), val, epochs: 3, lr: 1e-2, batchSize: 8, seed: 5, patience: 99, evalsPerEpoch: 1, onEvent });
  return { losses, probabilities: (await evaluateTaskModel(model, wv, val)).predictions.probabilities, ms: performance.now() - t0 };
}

const under = getBackend().name;
const skip = under === 'js' ? 'the backend under test is js, the reference itself (ATTNLAB_BACKEND=webgpu or wasm compares)' : undefined;

test(`24 training steps on ${under} follow js's loss curve, and the trained models predict alike`, { skip }, async () => {
  const gpu = await train();
  await setBackend('js');
  const js = await train().finally(() => setBackend(under));
  assert.equal(gpu.losses.length, 24);
  const diffs = js.losses.map((l, i) => Math.abs(l - gpu.losses[i]));
  const worst = diffs.indexOf(Math.max(...diffs));
  assert.ok(diffs[worst] < TOL, `step ${worst + 1}: js ${js.losses[worst]}, ${under} ${gpu.losses[worst]} (|Δ| ${diffs[worst]})`);
  assert.ok(js.losses.at(-1)! < 0.8 * js.losses[0], `the run must learn something: ${js.losses[0]} -> ${js.losses.at(-1)}`);
  const p = [...js.probabilities], q = [...gpu.probabilities];
  assert.equal(p.length, q.length);
  assert.ok(p.every((x, i) => Math.abs(x - q[i]) < TOL), `probabilities differ by up to ${Math.max(...p.map((x, i) => Math.abs(x - q[i])))}`);
  console.log(`${under} vs js over 24 steps: largest loss difference ${diffs[worst].toExponential(2)} (step ${worst + 1}); ${(gpu.ms / 1000).toFixed(1)} s on ${under}, ${(js.ms / 1000).toFixed(1)} s on js`);
});
