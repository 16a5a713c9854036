// Dev harness: the cohesion scorer for idioms (a literal use's words are related to the rest of its sentence) on
// the validation protocol, alone and fused with the neural idiom model, and on the probe and the demo pair.
// The figures in docs/tasks.md ("Break a leg" is still wrong) come from it. Needs `npm run build`; trains 5
// models per setting (about 3 minutes each setting on the wasm backend).
// node dev/idiom-cohesion.mjs [zero-shot|one-shot] [seed]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as lib from '../dist/src/index.js';
import { loadDefaultVectors } from '../dist/src/node/index.js';
import { loadModelDir } from '../dist/cli/commands/_task-io.js';

const setting = process.argv[2] ?? 'zero-shot', seed = Number(process.argv[3] ?? 0);
const data = join(import.meta.dirname, '../../shared/data/semeval2022_task2a_idiomaticity');
await lib.useFastestBackend();
const wv = await loadDefaultVectors();

// Five static features of one example: each expression word's best and mean cosine to the Target sentence's other
// content words, the cosine of the two means, the best pair, and the sentence's length.
const STOP = new Set('a an the of to in on at for with and or but is was are were be been it its this that these those he she they we you i his her their our my your him them us me as by from up down out off over into about than then so not no do does did have has had will would can could should just all any some very too also there here what which who whom when where why how if while because'.split(' '));
const words = (s) => s.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
const dot = (a, b) => a.reduce((s, x, i) => s + x * b[i], 0);
const unit = (v) => { const n = Math.sqrt(dot(v, v)) || 1; return v.map((x) => x / n); };
const meanUnit = (vs) => unit(vs[0].map((_, i) => vs.reduce((s, v) => s + v[i], 0)));
const vec = (w) => (wv.has(w) ? unit(Array.from(wv.vector(w))) : null);
const featCache = new Map();
function features(ex) {
  if (featCache.has(ex)) return featCache.get(ex);
  const mwe = words(ex.mwe), inMwe = new Set(mwe);
  const E = mwe.filter((w) => !STOP.has(w)).map(vec).filter(Boolean);
  const S = words(ex.target).filter((w) => !inMwe.has(w) && !STOP.has(w)).map(vec).filter(Boolean);
  let f = [0, 0, 0, 0, 0];
  if (E.length && S.length) {
    const sims = E.map((e) => S.map((s) => dot(e, s)));
    f = [sims.reduce((a, r) => a + Math.max(...r), 0) / E.length, dot(meanUnit(E), meanUnit(S)),
      sims.reduce((a, r) => a + r.reduce((x, y) => x + y, 0) / r.length, 0) / E.length, Math.max(...sims.flat()), Math.log(1 + S.length)];
  }
  featCache.set(ex, f);
  return f;
}

/** L2-regularised logistic regression on standardised features, full-batch gradient descent; returns P(literal). */
function fitLR(X, y, l2 = 1e-2, iters = 400, lr = 0.5) {
  const d = X[0].length, mu = X[0].map((_, i) => X.reduce((s, x) => s + x[i], 0) / X.length);
  const sd = mu.map((m, i) => Math.sqrt(X.reduce((s, x) => s + (x[i] - m) ** 2, 0) / X.length) || 1);
  const Z = X.map((x) => x.map((v, i) => (v - mu[i]) / sd[i]));
  const w = new Array(d).fill(0);
  let b = 0;
  for (let it = 0; it < iters; it++) {
    const gw = new Array(d).fill(0);
    let gb = 0;
    Z.forEach((z, n) => { const e = 1 / (1 + Math.exp(-(dot(w, z) + b))) - y[n]; z.forEach((v, i) => (gw[i] += e * v / Z.length)); gb += e / Z.length; });
    w.forEach((_, i) => (w[i] -= lr * (gw[i] + l2 * w[i])));
    b -= lr * gb;
  }
  return (x) => 1 / (1 + Math.exp(-(dot(w, x.map((v, i) => (v - mu[i]) / sd[i])) + b)));
}

const F1 = (set, p) => lib.classificationReport(set.map((e) => e.label), p.map((q) => (q > 0.5 ? 1 : 0)), ['idiomatic', 'literal']).macroF1;
const pLiteral = async (model, set) => {
  const r = await lib.evaluateTaskModel(model, wv, set);
  return set.map((_, i) => r.predictions.probabilities[2 * i + 1]);
};
const logit = (p) => Math.log(Math.max(p, 1e-6) / Math.max(1 - p, 1e-6));
const ms = (v) => { const m = v.reduce((a, b) => a + b) / v.length; return `${m.toFixed(3)} ± ${Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)).toFixed(3)}`; };

const { examples } = lib.readIdioms(readFileSync(join(data, 'train_zero_shot.csv'), 'utf8'));
const extra = setting === 'one-shot' ? lib.readIdioms(readFileSync(join(data, 'train_one_shot.csv'), 'utf8')).examples : [];
const spec = lib.taskSpec('idiom'), config = lib.defaultModelConfig('idiom', 'attention', wv.dim);
const WEIGHTS = [0.3, 0.5, 0.7];
const score = { neural: [], cohesion: [], stacked: [], ...Object.fromEntries(WEIGHTS.map((a) => [`average ${a}`, []])) };
// The protocol as crossValidate runs it: each fold's own early-stopping split, carved from its training rows.
for (const [fold, split] of lib.validationFolds(examples, { folds: 5, seed, setting }).entries()) {
  const stop = spec.heldOut.split(split.train, spec.train.valFraction, seed, setting);
  const { model } = await lib.trainTask({ config, wv, train: [...stop.train, ...extra], val: stop.val, seed });
  const [pv, ps] = [await pLiteral(model, split.val), await pLiteral(model, stop.val)];
  const train = [...stop.train, ...extra], cohesion = fitLR(train.map(features), train.map((e) => e.label));
  const cv = split.val.map((e) => cohesion(features(e)));
  score.neural.push(F1(split.val, pv));
  score.cohesion.push(F1(split.val, cv));
  for (const a of WEIGHTS) score[`average ${a}`].push(F1(split.val, pv.map((p, i) => a * p + (1 - a) * cv[i])));
  const stack = fitLR(stop.val.map((e, i) => [logit(ps[i]), ...features(e)]), stop.val.map((e) => e.label));
  score.stacked.push(F1(split.val, split.val.map((e, i) => stack([logit(pv[i]), ...features(e)]))));
  console.log(`${setting} seed ${seed} fold ${fold}: neural ${score.neural.at(-1).toFixed(3)}, cohesion ${score.cohesion.at(-1).toFixed(3)}`);
}
console.log(Object.entries(score).map(([k, v]) => `${k} ${ms(v)}`).join('; '));

// The shipped model of this setting on the probe and the demo pair, with a cohesion scorer fitted on all training rows.
const probe = lib.readIdioms(readFileSync(join(import.meta.dirname, '../data/probes/idioms-unseen.csv'), 'utf8')).examples;
const demo = [['Break a leg at your audition tonight!', 0], ['He fell off the ladder and managed to break a leg.', 1]]
  .map(([target, label], line) => ({ task: 'idiom', id: `demo.${line}`, language: 'EN', mwe: 'break a leg', previous: '', target, next: '', label, line }));
const all = [...examples, ...extra], cohesion = fitLR(all.map(features), all.map((e) => e.label));
const { model } = await loadModelDir(`idiom-${setting}`);
for (const [name, set] of [['probe', probe], ['demo', demo]]) {
  const p = await pLiteral(model, set), c = set.map((e) => cohesion(features(e)));
  console.log(`shipped idiom-${setting}, ${name}: ` + [0, ...WEIGHTS, 1].map((a) => `weight ${a} ${F1(set, p.map((q, i) => a * q + (1 - a) * c[i])).toFixed(3)}`).join(', ')
    + (name === 'demo' ? `; P(literal) neural ${p.map((q) => q.toFixed(2))}, cohesion ${c.map((q) => q.toFixed(2))}` : ''));
}
