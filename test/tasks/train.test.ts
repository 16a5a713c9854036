// Task models end to end on tiny synthetic data (8-dimensional "vectors", a few dozen sentences): the loss goes
// down, the same seed gives bit-identical numbers, a checkpoint round-trips exactly, and the explanation
// functions return weights of the right shapes (rows summing to 1) next to the parameter-free ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  WordVectors, Rng, trainTask, defaultModelConfig, saveTaskModel, loadTaskModel, evaluateTaskModel, predictTask, explainWithModel, polysemyWithModel,
  vectorsFingerprint, checkVectors, encodeFor, modelVocabulary, type TaskTrainEvent, type Sst2Example, type WicExample, type IdiomExample, type TaskModelConfig,
} from '../../src/index.js';
import { makeBatch, sequenceGroup } from '../../src/tasks/batch.js';

const POS = ['good', 'great', 'fine', 'lovely'], NEG = ['bad', 'awful', 'dull', 'poor'], FILL = ['the', 'film', 'is', 'was', 'plot', 'very', 'river', 'money', 'bank', 'sat', 'on', 'in'];
const C = 8;

function tinyVectors(): WordVectors {
  const rng = new Rng(7);
  const words = [...POS, ...NEG, ...FILL];
  const v = new Float32Array(words.length * C);
  words.forEach((w, i) => {
    for (let c = 0; c < C; c++) v[i * C + c] = 0.3 * rng.normal();
    if (POS.includes(w)) v[i * C] += 1.5;
    if (NEG.includes(w)) v[i * C] -= 1.5;
  });
  return new WordVectors(words, v, C);
}

function sentiment(n: number, seed: number): Sst2Example[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const label = i % 2;
    const adj = (label ? POS : NEG)[rng.int(4)];
    const filler = Array.from({ length: 2 + rng.int(3) }, () => FILL[rng.int(FILL.length)]);
    return { task: 'sst2', text: [...filler, adj].join(' '), label, line: i + 2 };
  });
}

const small = (task: 'sst2' | 'wic' | 'idiom', kind: 'attention' | 'static' = 'attention'): TaskModelConfig =>
  ({ ...defaultModelConfig(task, kind, C), dModel: 8, heads: 2, ffDim: 16, hidden: 8, maxLen: 8, dropout: 0 });

async function run(seed: number) {
  const events: TaskTrainEvent[] = [];
  const res = await trainTask({ config: small('sst2'), wv: tinyVectors(), train: sentiment(64, 1), val: sentiment(24, 2), epochs: 6, lr: 1e-2, batchSize: 8, seed, patience: 99, evalsPerEpoch: 1, onEvent: (e) => events.push(e) });
  return { res, losses: events.filter((e): e is Extract<TaskTrainEvent, { type: 'step' }> => e.type === 'step').map((e) => e.loss), events };
}

test('a short training run: the loss goes down, events in order, same seed → identical numbers', async () => {
  const a = await run(5);
  assert.equal(a.losses.length, 48);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(mean(a.losses.slice(-8)) < 0.7 * mean(a.losses.slice(0, 8)), `loss ${mean(a.losses.slice(0, 8))} -> ${mean(a.losses.slice(-8))}`);
  assert.ok(a.res.validation.accuracy >= 0.9, `validation accuracy ${a.res.validation.accuracy}`);
  assert.deepEqual([a.events[0].type, a.events.at(-2)!.type, a.events.at(-1)!.type], ['start', 'stop', 'done']);
  assert.equal(a.events.filter((e) => e.type === 'eval').length, 6);
  const b = await run(5);
  assert.deepEqual(b.losses, a.losses);
  assert.deepEqual(b.res.validation, a.res.validation);
  assert.notDeepEqual((await run(6)).losses, a.losses);
});

test('checkpoint round trip: the same parameters by name and identical predictions; the card names data and licence', async () => {
  const wv = tinyVectors();
  const { res } = await run(5);
  const files = await saveTaskModel(res.model, { vectors: { name: 'tiny', words: wv.size, dim: C, fingerprint: vectorsFingerprint(wv) } });
  assert.ok(files['model.safetensors'].length < 100_000);
  assert.match(files['README.md'], /SST-2/);
  const { model, meta } = loadTaskModel(files);
  assert.equal(meta.model.task, 'sst2');
  assert.deepEqual([...model.stateDict().keys()], [...res.model.stateDict().keys()]);
  assert.ok([...model.stateDict().keys()].includes('encoder.layers.0.self_attn.in_proj_weight'));
  const val = sentiment(24, 2);
  assert.deepEqual((await evaluateTaskModel(model, wv, val)).predictions.probabilities, (await evaluateTaskModel(res.model, wv, val)).predictions.probabilities);
  assert.equal(checkVectors(meta, wv), null);
  assert.match(checkVectors({ ...meta, vectors: { ...meta.vectors, fingerprint: 'x' } }, wv)!, /differ/);
  assert.throws(() => checkVectors({ ...meta, vectors: { ...meta.vectors, dim: 100 } }, wv), /100-dimensional/);
  assert.throws(() => loadTaskModel({ ...files, 'config.json': '{"format":"other"}' }), /not an attnlab task model/);
});

test('predict and explain: a label with its probability, attended words, learned heads beside parameter-free attention', async () => {
  const wv = tinyVectors();
  const { res } = await run(5);
  const p = await predictTask(res.model, wv, { text: 'the plot was awful' });
  assert.equal(p.labelName, 'negative');
  assert.ok(p.probability > 0.5 && Math.abs(p.probabilities.negative + p.probabilities.positive - 1) < 1e-6);
  const att = p.sequences[0].attended!;
  assert.equal(att.length, 4);
  assert.ok(Math.abs(att.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  const e = await explainWithModel(res.model, wv, ['the', 'film', 'is', 'good']);
  assert.equal(e.layers.length, 1);
  assert.equal(e.layers[0].heads.length, 2);
  for (const m of [...e.layers[0].heads, e.parameterFree]) for (const row of m) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  assert.equal(e.prediction!.labelName, 'positive');
});

const wicPair = (i: number): WicExample => {
  const same = i % 2;
  return { task: 'wic', word: 'bank', pos: 'N', index1: 3, index2: 3, sentence1: 'he sat on bank river', sentence2: same ? 'she sat on bank river' : 'he put money bank in', label: same, line: i + 1 };
};
const idiomRow = (i: number): IdiomExample => ({ task: 'idiom', id: `${i}`, language: 'EN', mwe: 'river bank', previous: '', target: i % 2 ? 'he sat on the river bank' : 'the river bank is money', next: '', label: i % 2, line: i + 2 });

test('WiC and idiom heads train and explain; static baselines have no attention', async () => {
  const wv = tinyVectors();
  const opts = { wv, epochs: 2, lr: 1e-2, batchSize: 4, seed: 0, patience: 99 };
  const w = await trainTask({ config: small('wic'), train: Array.from({ length: 16 }, (_, i) => wicPair(i)), val: Array.from({ length: 6 }, (_, i) => wicPair(i)), ...opts });
  const pw = await predictTask(w.model, wv, { word: 'bank', sentence1: 'He sat on the river bank', sentence2: 'He put money in the bank' });
  assert.equal(pw.sequences.length, 2);
  assert.deepEqual(pw.sequences.map((s) => s.tokens[s.focus[0]]), ['bank', 'bank']);
  const poly = await polysemyWithModel(w.model, wv, 'bank', ['money', 'in', 'the', 'bank'], ['the', 'river', 'bank']);
  assert.equal(poly.static.cosine, 1);
  assert.ok(poly.learned!.cosine < 1 && poly.parameterFree.cosine < 1);
  assert.equal(poly.sentences[0].learnedWeights[0].length, 2); // layer 1: two heads
  assert.ok(poly.sameSense && ['same', 'different'].includes(poly.sameSense.label));
  const id = await trainTask({ config: small('idiom'), train: Array.from({ length: 16 }, (_, i) => idiomRow(i)), val: Array.from({ length: 6 }, (_, i) => idiomRow(i)), ...opts });
  assert.equal(id.metric, 'macroF1');
  const pi = await predictTask(id.model, wv, { expression: 'river bank', sentence: 'They sat on the river bank.' });
  assert.deepEqual(pi.sequences[0].focus.map((f) => pi.sequences[0].tokens[f]), ['river', 'bank']);
  await assert.rejects(predictTask(id.model, wv, { expression: 'big fish', sentence: 'No such words.' }), /does not occur/);
  const st = await trainTask({ config: small('idiom', 'static'), train: Array.from({ length: 16 }, (_, i) => idiomRow(i)), val: Array.from({ length: 6 }, (_, i) => idiomRow(i)), ...opts });
  assert.equal((await predictTask(st.model, wv, { expression: 'river bank', sentence: 'the river bank' })).sequences[0].attended, null);
  assert.deepEqual((await explainWithModel(st.model, wv, ['the', 'river', 'bank'])).layers, []);
});

test('tuned words: corrections start at zero, learn what the frozen vectors lack, leave the vectors alone and round-trip', async () => {
  // Vectors with no sentiment in them: a frozen bag of vectors cannot separate good from bad; tuned words can.
  const rng = new Rng(3), words = [...POS, ...NEG, ...FILL];
  const wv = new WordVectors(words, Float32Array.from({ length: words.length * C }, () => 0.5 * rng.normal()), C);
  const before = Float32Array.from(wv.vectors);
  const opts = { wv, train: sentiment(64, 1), val: sentiment(32, 2), epochs: 8, lr: 3e-2, batchSize: 8, seed: 1, patience: 99, evalsPerEpoch: 1 };
  const frozen = await trainTask({ config: small('sst2', 'static'), ...opts });
  const tuned = await trainTask({ config: small('sst2', 'static'), ...opts, tune: { max: 16, minCount: 2 } });
  assert.equal(frozen.model.config.tunedWords!.length, 0);
  const list = tuned.model.config.tunedWords!;
  assert.equal(list.length, 16);
  assert.ok(list.every((w) => words.includes(w)));
  assert.ok(tuned.validation.accuracy > frozen.validation.accuracy + 0.1, `tuned ${tuned.validation.accuracy} vs frozen ${frozen.validation.accuracy}`);
  assert.deepEqual(wv.vectors, before);
  // The table: extra words' rows, then one correction per tuned word, which started at zero and moved.
  const table = tuned.model.extraEmbedding;
  assert.deepEqual(table.shape, [tuned.model.config.extraWords.length + 16, C]);
  const fresh = (await trainTask({ config: small('sst2', 'static'), ...opts, epochs: 1, lr: 1e-12, tune: { max: 16, minCount: 2 } })).model.extraEmbedding;
  assert.ok((await fresh.data()).subarray(tuned.model.config.extraWords.length * C).every((x) => Math.abs(x) < 1e-6));
  assert.ok((await table.data()).subarray(tuned.model.config.extraWords.length * C).some((x) => Math.abs(x) > 0.01));
  const files = await saveTaskModel(tuned.model, { vectors: { name: 'random', words: wv.size, dim: C, fingerprint: vectorsFingerprint(wv) } });
  assert.match(files['README.md'], /corrections .* 16 most frequent training words/);
  const { model } = loadTaskModel(files);
  assert.deepEqual(model.config.tunedWords, list);
  assert.deepEqual((await evaluateTaskModel(model, wv, opts.val)).predictions.probabilities, (await evaluateTaskModel(tuned.model, wv, opts.val)).predictions.probabilities);
  const bad = JSON.parse(files['config.json']);
  bad.model.tunedWords = 'good';
  assert.throws(() => loadTaskModel({ ...files, 'config.json': JSON.stringify(bad) }), /model\.tunedWords is "good"; expected a list of at most \d+ words/);
});

test('ema: validation reads (and keeps) a moving average of the weights; off by default; still deterministic', async () => {
  const wv = tinyVectors();
  const fit = (ema?: number) => trainTask({ config: small('sst2'), wv, train: sentiment(64, 1), val: sentiment(24, 2), epochs: 4, lr: 1e-2, batchSize: 8, seed: 5, patience: 99, evalsPerEpoch: 1, ema });
  const plain = await fit(), zero = await fit(0), a = await fit(0.9), b = await fit(0.9);
  assert.deepEqual(await zero.model.extraEmbedding.data(), await plain.model.extraEmbedding.data());
  assert.deepEqual(a.history, b.history);
  assert.deepEqual(await a.model.head2.weight.data(), await b.model.head2.weight.data());
  assert.notDeepEqual(await a.model.head2.weight.data(), await plain.model.head2.weight.data());
  assert.ok(a.validation.accuracy >= 0.9, `ema validation accuracy ${a.validation.accuracy}`);
});

test('idioms: sentences and expressions are encoded as two batches, each padded to its own length, with the same logits', async () => {
  const wv = tinyVectors();
  const { model } = await trainTask({ config: small('idiom'), wv, train: Array.from({ length: 8 }, (_, i) => idiomRow(i)), val: Array.from({ length: 4 }, (_, i) => idiomRow(i)), epochs: 1, lr: 1e-2, batchSize: 4, seed: 0 });
  const rows = [idiomRow(1), { ...idiomRow(0), target: 'the river bank is money in the bank on the river' }];
  const b = makeBatch(encodeFor(model, wv, rows), modelVocabulary(model, wv));
  const [sentences, alone] = [sequenceGroup(b, 0), sequenceGroup(b, 1)];
  assert.deepEqual([b.N, b.T, sentences.N, sentences.T, alone.N, alone.T], [4, 8, 2, 8, 2, 2]); // the long sentence is cut to maxLen 8
  assert.deepEqual(alone.tokens, [['river', 'bank'], ['river', 'bank']]);
  assert.deepEqual(Array.from((await alone.glove.data()).subarray(0, 2 * C)), Array.from((await b.glove.data()).subarray(b.T * C, b.T * C + 2 * C)));
  model.eval();
  const split = await model.forward(b).logits.data(), e = model.encode(b), together = await model.classify(b, e.x, e.h).logits.data();
  split.forEach((v, i) => assert.ok(Math.abs(v - together[i]) < 1e-5, `logit ${i}: ${v} vs ${together[i]}`));
});

test('a batch\'s GloVe rows are gathered on the backend: the vectors\' own float32 bits, +0 at padding and unknown words', async () => {
  const wv = tinyVectors();
  const { model } = await trainTask({ config: small('sst2'), wv, train: sentiment(8, 1), val: sentiment(4, 2), epochs: 1, lr: 1e-2, batchSize: 4, seed: 0 });
  const rows: Sst2Example[] = [{ task: 'sst2', text: 'the film was good', label: 1, line: 2 }, { task: 'sst2', text: 'zzz bad', label: 0, line: 3 }];
  const b = makeBatch(encodeFor(model, wv, rows), modelVocabulary(model, wv));
  const got = await b.glove.data();
  assert.deepEqual([b.N, b.T, b.glove.shape[2]], [2, 4, C]);
  b.tokens.forEach((s, n) => Array.from({ length: b.T }, (_, t) => {
    const want = t < s.length && wv.has(s[t]) ? wv.vector(s[t]) : new Float32Array(C); // +0 where no GloVe row
    assert.deepEqual(new Uint32Array(Float32Array.from(got.subarray((n * b.T + t) * C, (n * b.T + t + 1) * C)).buffer), new Uint32Array(Float32Array.from(want).buffer), `${n}, ${t}: ${s[t]}`);
  }));
});
