// Pre-training on tiny synthetic data (8-dimensional "vectors"): corpus reading and its errors, BERT's masking
// proportions, the unigram^0.75 sampler and the sampled-softmax value, the loss going down, a resumed run giving
// the same losses and weights as an uninterrupted one, and `--init` copying the encoder into a task model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  WordVectors, Rng, TaskModel, defaultModelConfig, readPretrainCorpus, maskSequence, UnigramSampler, sampledSoftmaxLoss, Pretrainer,
  encoderConfigOf, vectorsFingerprint, loadPretrained, initFromPretrained, checkPretrainedConfig, tensor, MASK, UNK, type PretrainEvent, type EncoderConfig,
} from '../../src/index.js';
import { loadSafetensors, readSafetensorsHeader } from '../../src/io/safetensors.js';

const C = 8;
const NOUNS = ['river', 'money', 'bank', 'film', 'plot', 'boat', 'loan', 'fish'], VERBS = ['sat', 'swam', 'paid', 'saw', 'lent'];
const FILL = ['the', 'a', 'on', 'in', 'by', 'was', 'is', 'very', 'good', 'bad'];

function tinyVectors(): WordVectors {
  const rng = new Rng(7);
  const words = [...NOUNS, ...VERBS, ...FILL];
  const v = new Float32Array(words.length * C).map(() => rng.normal());
  return new WordVectors(words, v, C);
}

/** Sentences in which context predicts the word: "the boat swam in the river", "a bank lent the money". */
function corpusText(n: number, seed = 1): string {
  const rng = new Rng(seed);
  const frames = [['the', 'boat', 'swam', 'in', 'the', 'river'], ['a', 'bank', 'lent', 'the', 'money'], ['the', 'film', 'was', 'very', 'good'], ['a', 'fish', 'swam', 'by', 'the', 'boat']];
  return Array.from({ length: n }, () => frames[rng.int(frames.length)].join(' ') + (rng.uniform() < 0.3 ? ' zyzzyx' : '')).join('\n');
}

const cfg = (over: Partial<EncoderConfig> = {}): EncoderConfig => ({ ...encoderConfigOf(defaultModelConfig('sst2', 'attention', C)), dModel: 16, heads: 2, ffDim: 16, maxLen: 16, dropout: 0.1, ...over });

test('the corpus: lines become packed sequences of vector rows; unknown words are UNK; counts are per row', () => {
  const wv = tinyVectors();
  const c = readPretrainCorpus('the boat swam zyzzyx\n\nthe river\nqqq rrr\n', wv, { maxLen: 6 });
  assert.equal(c.sequences.length, 1); // "qqq rrr" has no known word; the two others pack into one of ≤ 6
  assert.deepEqual([...c.sequences[0]], [wv.indexOf('the'), wv.indexOf('boat'), wv.indexOf('swam'), UNK, wv.indexOf('the'), wv.indexOf('river')]);
  assert.equal(c.tokens, 6);
  assert.equal(c.known, 5);
  assert.equal(c.counts[wv.indexOf('the')], 2);
  const long = readPretrainCorpus(Array(40).fill('the').join(' '), wv, { maxLen: 16 });
  assert.ok(long.sequences.every((s) => s.length <= 16) && long.tokens === 40);
});

test('the corpus: empty, or no line with two known words, is a clear error', () => {
  const wv = tinyVectors();
  assert.throws(() => readPretrainCorpus('\n  \n', wv, { maxLen: 8, file: 'c.txt' }), /c\.txt: is empty/);
  assert.throws(() => readPretrainCorpus('qqq rrr\nsss river\n', wv, { maxLen: 8, file: 'c.txt' }), /c\.txt: no line has two words the vectors know/);
});

test('masking: 15% of known tokens chosen; of them 80% [MASK], 10% a random word, 10% kept; UNK never', () => {
  const n = 40_000, rng = new Rng(3);
  const ids = Int32Array.from({ length: n }, (_, i) => (i % 10 === 9 ? UNK : i % 7));
  const m = maskSequence(ids, rng, () => 100);
  const chosen = m.positions.length / (n * 0.9);
  assert.ok(Math.abs(chosen - 0.15) < 0.01, `chosen ${chosen}`);
  assert.ok(m.positions.every((t) => ids[t] !== UNK));
  assert.deepEqual(m.targets, m.positions.map((t) => ids[t]));
  const share = (f: (t: number) => boolean) => m.positions.filter(f).length / m.positions.length;
  const masked = share((t) => m.input[t] === MASK), random = share((t) => m.input[t] === 100), kept = share((t) => m.input[t] === ids[t]);
  assert.ok(Math.abs(masked - 0.8) < 0.02 && Math.abs(random - 0.1) < 0.015 && Math.abs(kept - 0.1) < 0.015, `${masked} ${random} ${kept}`);
  // Untouched outside the chosen positions; a short sequence always gets one.
  const chosenSet = new Set(m.positions);
  assert.ok([...ids.keys()].every((t) => chosenSet.has(t) || m.input[t] === ids[t]));
  assert.equal(maskSequence(Int32Array.from([4, UNK]), new Rng(0), () => 1, { rate: 1e-9 }).positions.length, 1);
});

test('the sampler draws ∝ count^0.75, and the sampled softmax is −log softmax of the corrected logits', async () => {
  const counts = Float64Array.from([1, 16, 0, 81]);
  const s = new UnigramSampler(counts), rng = new Rng(5), hits = [0, 0, 0, 0];
  for (let i = 0; i < 40_000; i++) hits[s.sample(rng)]++;
  const z = 1 + 8 + 27;
  assert.equal(hits[2], 0);
  [1 / z, 8 / z, 0, 27 / z].forEach((p, i) => assert.ok(Math.abs(hits[i] / 40_000 - p) < 0.01, `word ${i}: ${hits[i] / 40_000} vs ${p}`));
  const vectors = Float32Array.from([1, 0, 0, 1, 5, 5, 2, -1]); // 4 rows × 2
  const pred = tensor([[0.5, 2]], [1, 2]);
  const [loss] = await sampledSoftmaxLoss(pred, [1], [3, 1, 0], vectors, 2, s).data();
  const logQ = (id: number) => Math.log(3 * s.prob(id));
  const dot = (id: number) => 0.5 * vectors[2 * id] + 2 * vectors[2 * id + 1];
  const logits = [dot(1) - logQ(1), dot(3) - logQ(3), -1e9, dot(0) - logQ(0)]; // the negative equal to the target is masked out
  const lse = Math.log(logits.reduce((a, l) => a + Math.exp(l - logits[0]), 0)) + logits[0];
  assert.ok(Math.abs(loss - (lse - logits[0])) < 1e-5, `${loss} vs ${lse - logits[0]}`);
});

function pretrain(steps: number, onEvent?: (e: PretrainEvent) => void) {
  const wv = tinyVectors();
  const corpus = readPretrainCorpus(corpusText(300), wv, { maxLen: 16 });
  return { wv, corpus, run: new Pretrainer({ corpus, wv, config: cfg(), steps, batchSize: 8, negatives: 8, lr: 3e-3, seed: 4, logEvery: 10, onEvent }) };
}
const about = { vectors: { name: 'tiny', words: 23, dim: C, fingerprint: 'x' }, corpus: { name: 'c', lines: 300, tokens: 0, known: 0, sequences: 0 } };

test('pre-training lowers the loss on a tiny corpus where context predicts the word', async () => {
  const losses: number[] = [];
  const { run } = pretrain(150, (e) => e.type === 'step' && losses.push(e.loss));
  await run.run();
  assert.equal(losses.length, 150);
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  const first = mean(losses.slice(0, 15)), last = mean(losses.slice(-15));
  assert.ok(last < 0.6 * first, `loss ${first.toFixed(3)} → ${last.toFixed(3)}`);
});

test('resume: 4 steps, save, load, 4 more steps give the same losses and weights as 8 steps straight (exactly)', async () => {
  const straight: number[] = [];
  const a = pretrain(8, (e) => e.type === 'step' && straight.push(e.loss));
  await a.run.run();
  const pieces: number[] = [];
  const b = pretrain(8, (e) => e.type === 'step' && pieces.push(e.loss));
  await b.run.run({ steps: 4 });
  const files = await b.run.files({ ...about, corpus: { ...about.corpus, tokens: b.corpus.tokens, sequences: b.corpus.sequences.length } });
  const { model, meta } = loadPretrained(files, 'ckpt');
  assert.equal(meta.progress.step, 4);
  const optimizer = loadSafetensors(files['optimizer.safetensors']).tensors;
  const c = new Pretrainer({ corpus: b.corpus, wv: b.wv, config: cfg(), steps: 8, batchSize: 8, negatives: 8, lr: 3e-3, seed: 4, resume: { model, meta, optimizer }, onEvent: (e) => e.type === 'step' && pieces.push(e.loss) });
  await c.run();
  assert.deepEqual(pieces, straight);
  for (const [name, p] of a.run.model.stateDict()) assert.deepEqual([...await c.model.stateDict().get(name)!.data()], [...await p.data()], name);
  // A resume with other settings is refused.
  assert.throws(() => new Pretrainer({ corpus: b.corpus, wv: b.wv, config: cfg(), steps: 8, batchSize: 8, negatives: 8, lr: 1e-2, seed: 4, resume: { model, meta, optimizer } }), /--resume: the run was started with lr 0\.003/);
});

test('--init: the task model gets the pre-trained projection, positions and layers (its head stays fresh)', async () => {
  const { run, wv } = pretrain(3);
  await run.run();
  const files = await run.files({ ...about, vectors: { ...about.vectors, fingerprint: vectorsFingerprint(wv) } });
  const init = { ...loadPretrained(files, 'pre'), name: 'pre' };
  const task = new TaskModel({ ...defaultModelConfig('sst2', 'attention', C), ...cfg(), maxLen: 12 }, new Rng(9));
  // The same names and shapes as the task model's encoder, in the same order: built by the same code.
  const encNames = (m: Map<string, { shape: readonly number[] }>) => [...m].filter(([k]) => /^(input_proj|encoder)\./.test(k)).map(([k, t]) => `${k}:${t.shape}`);
  const pre = init.model.stateDict();
  const headBefore = [...await task.stateDict().get('head.0.weight')!.data()];
  const copied = initFromPretrained(task, init, wv);
  assert.deepEqual(copied, encNames(task.stateDict()).map((s) => s.split(':')[0]));
  assert.ok(copied.length > 10 && copied.includes('input_proj.weight') && copied.includes('encoder.positional.weight'));
  for (const name of copied) {
    const want = [...await pre.get(name)!.data()];
    const got = [...await task.stateDict().get(name)!.data()];
    assert.deepEqual(got, name === 'encoder.positional.weight' ? want.slice(0, 12 * 16) : want, name);
  }
  assert.deepEqual([...await task.stateDict().get('head.0.weight')!.data()], headBefore);
  // Mismatches are refused, naming what differs.
  const other = new TaskModel({ ...defaultModelConfig('sst2', 'attention', C), ...cfg(), dModel: 8, ffDim: 16 }, new Rng(9));
  assert.throws(() => initFromPretrained(other, init, wv), /--init pre: pre-trained with dModel 16, but the task model has dModel 8/);
  const longer = new TaskModel({ ...defaultModelConfig('sst2', 'attention', C), ...cfg(), maxLen: 32 }, new Rng(9));
  assert.throws(() => initFromPretrained(longer, init, wv), /positions stop at maxLen 16/);
  const wv2 = new WordVectors(wv.words, wv.vectors.map((x) => x + 1), C);
  assert.throws(() => initFromPretrained(task, init, wv2), /pre-trained on other vectors/);
});

test('a hostile pre-trained folder: absurd config values and truncated weights are one-line errors, no allocation', async () => {
  const { run } = pretrain(1);
  const files = await run.files(about);
  const config = JSON.parse(files['config.json']);
  const header = readSafetensorsHeader(files['model.safetensors']);
  const withModel = (m: object) => ({ ...config, model: { ...config.model, ...m } });
  assert.throws(() => checkPretrainedConfig(withModel({ layers: 1e9 }), header, 'p'), /p\/config\.json: model\.layers is 1000000000; expected an integer from 1 to 64/);
  assert.throws(() => checkPretrainedConfig(withModel({ ffDim: 16000 }), header, 'p'), /holds .* values \(config\.json and model\.safetensors do not belong together\)/);
  assert.throws(() => checkPretrainedConfig(withModel({ dModel: 15 }), header, 'p'), /model\.heads is 2; expected a divisor of dModel 15/);
  assert.throws(() => checkPretrainedConfig({ ...config, format: 'attnlab-task-model' }, header, 'p'), /p\/config\.json: format/);
  assert.throws(() => checkPretrainedConfig({ ...config, vectors: { ...config.vectors, dim: 100 } }, header, 'p'), /vectors\.dim is 100/);
  assert.throws(() => loadPretrained({ ...files, 'model.safetensors': files['model.safetensors'].subarray(0, files['model.safetensors'].length - 100) }), /safetensors/);
  assert.throws(() => loadPretrained({ ...files, 'config.json': '{"format": "attnlab-pretrained-encoder"' }), /config\.json is not valid JSON/);
});
