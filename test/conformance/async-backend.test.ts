// The user-facing paths on 'js-async', a js backend without readSync (as WebGPU): parameter-free attention and its
// explanation, polysemy and order, a tiny task model trained (clipGradNorm every step), evaluated, predicted,
// explained and saved, and safetensors written — each gives the same result as on js. A synchronous read left in
// library code fails here, with the helper's message naming the async form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setBackend, getBackend, tensor, zeros, Rng, WordVectors, AttnError, selfAttention, explainAttention, polysemy, order,
  trainTask, evaluateTaskModel, predictTask, explainWithModel, polysemyWithModel, saveTaskModel, loadTaskModel,
  saveSafetensors, loadSafetensors, clipGradNorm, defaultModelConfig, vectorsFingerprint,
  type Sst2Example, type WicExample, type TaskModelConfig,
} from '../../src/index.js';
import { backendsUnderTest } from './_backends.js';

const C = 8;
const POS = ['good', 'great', 'fine', 'lovely'], NEG = ['bad', 'awful', 'dull', 'poor'];
const FILL = ['the', 'film', 'is', 'was', 'plot', 'very', 'river', 'money', 'bank', 'sat', 'on', 'in', 'he', 'put'];
function vectors(): WordVectors {
  const rng = new Rng(7), words = [...POS, ...NEG, ...FILL];
  const v = Float32Array.from({ length: words.length * C }, () => 0.3 * rng.normal());
  words.forEach((w, i) => (v[i * C] += POS.includes(w) ? 1.5 : NEG.includes(w) ? -1.5 : 0));
  return new WordVectors(words, v, C);
}
const sentiment = (n: number, seed: number): Sst2Example[] => {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => ({ task: 'sst2', text: `the film was ${(i % 2 ? POS : NEG)[rng.int(4)]}`, label: i % 2, line: i + 2 }));
};
const wicPair = (i: number): WicExample => ({ task: 'wic', word: 'bank', pos: 'N', index1: 3, index2: 3, sentence1: 'he sat on bank river', sentence2: i % 2 ? 'he sat on bank river' : 'he put money bank in', label: i % 2, line: i + 1 });
const small = (task: 'sst2' | 'wic'): TaskModelConfig => ({ ...defaultModelConfig(task, 'attention', C), dModel: 8, heads: 2, ffDim: 16, hidden: 8, maxLen: 8, dropout: 0 });

/** Everything the user-facing paths return, as plain values (no tensors). */
async function userPaths() {
  const wv = vectors();
  const x = tensor([[1, 0], [1, 1], [0, 2]]);
  const sa = await selfAttention(x);
  const explained = await explainAttention(['humans', 'love', 'smartphones'], sa, 1);
  const poly = await polysemy(wv, 'bank', ['money', 'in', 'bank'], ['river', 'bank']);
  const ord = await order(wv, ['he', 'sat', 'on', 'bank'], ['bank', 'he', 'sat', 'on']);
  const steps: number[] = [];
  const sst = await trainTask({ config: small('sst2'), wv, train: sentiment(24, 1), val: sentiment(8, 2), epochs: 2, lr: 1e-2, batchSize: 8, seed: 3, patience: 99, evalsPerEpoch: 1, clip: 0.5, onEvent: (e) => e.type === 'step' && steps.push(e.loss) });
  const evaluated = await evaluateTaskModel(sst.model, wv, sentiment(8, 2));
  const prediction = await predictTask(sst.model, wv, { text: 'the plot was awful' });
  const explanation = await explainWithModel(sst.model, wv, ['the', 'film', 'is', 'good']);
  const wic = await trainTask({ config: small('wic'), wv, train: Array.from({ length: 8 }, (_, i) => wicPair(i)), val: Array.from({ length: 4 }, (_, i) => wicPair(i)), epochs: 1, lr: 1e-2, batchSize: 4, seed: 0, patience: 99 });
  const modelPoly = await polysemyWithModel(wic.model, wv, 'bank', ['money', 'in', 'the', 'bank'], ['the', 'river', 'bank']);
  const files = await saveTaskModel(sst.model, { vectors: { name: 'tiny', words: wv.size, dim: C, fingerprint: vectorsFingerprint(wv) } });
  const reloaded = await evaluateTaskModel(loadTaskModel(files).model, wv, sentiment(8, 2));
  const bytes = await saveSafetensors({ a: tensor([[1.5, -2], [3, 4e-8]]), b: tensor(Float64Array.from([Math.PI]), [1]) });
  const back = loadSafetensors(bytes).tensors;
  return {
    weights: await sa.weights.array(), formula: explained.formula, poly, ord, steps, validation: sst.validation,
    probabilities: Array.from(evaluated.predictions.probabilities), reloaded: Array.from(reloaded.predictions.probabilities),
    prediction, explanation, modelPoly, bytes: Array.from(bytes), back: [Array.from(await back.get('a')!.data()), Array.from(await back.get('b')!.data())],
  };
}

let before_ = '';
before(() => {
  backendsUnderTest();
  before_ = getBackend().name;
});
after(() => setBackend(before_));

test("the user-facing paths run on 'js-async' (no readSync) and give js's results", async () => {
  await setBackend('js');
  const want = await userPaths();
  await setBackend('js-async');
  assert.equal(getBackend().readSync, undefined);
  const got = await userPaths();
  assert.equal(got.steps.length, 6);
  assert.ok(got.steps.every(Number.isFinite));
  assert.deepEqual(got, want);
});

test("on 'js-async': selfAttention's input check and clipGradNorm need no synchronous read; a sync read names the async form", async () => {
  await setBackend('js-async');
  await assert.rejects(selfAttention(tensor([[1, NaN], [0, 1]])), (e: unknown) => e instanceof AttnError && /contain NaN at row 0, column 1/.test(e.message));
  await assert.rejects(selfAttention(tensor([[3e19, 0], [0, 1]])), /the scores overflow float32/);
  const p = zeros([2], { requiresGrad: true });
  p.grad = tensor([3, 4]);
  assert.deepEqual(Array.from(await clipGradNorm([p], 1).data()), [5]);
  assert.throws(() => clipGradNorm([p], 1, { errorIfNonfinite: true }), (e: unknown) => e instanceof AttnError && e.code === 'E_UNSUPPORTED' && /clipGradNorm \(errorIfNonfinite\): the js-async backend reads values only asynchronously; use /.test(e.message));
  assert.throws(() => tensor([1]).item(), /dataSync: the js-async backend reads only asynchronously; use await t.data\(\)/);
});
