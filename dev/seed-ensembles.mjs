// Dev harness: do ensembles of seeds pay on the validation protocol? Per fold (seed 0's folds and early-stopping
// splits, as crossValidate makes them), trains the task's default model with N training seeds and scores each
// member and the average of their probabilities on the fold. Needs `npm run build`.
// node dev/seed-ensembles.mjs wic|idiom-zero-shot|idiom-one-shot|sst2 [members=3] [extra attn-train-like JSON config]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as lib from '../dist/src/index.js';
import { loadDefaultVectors } from '../dist/src/node/index.js';

const [name = 'wic', membersArg = '3', configJson = '{}'] = process.argv.slice(2);
const members = Number(membersArg);
const data = join(import.meta.dirname, '../../shared/data');
const read = (f) => readFileSync(join(data, f), 'utf8');
const task = name.startsWith('idiom') ? 'idiom' : name, setting = name === 'idiom-one-shot' ? 'one-shot' : 'zero-shot';
const examples = {
  wic: () => lib.readWic(read('wic/train.data.txt'), { gold: read('wic/train.gold.txt') }).examples,
  sst2: () => lib.readSst2(read('sst2/train.tsv')).examples,
  idiom: () => lib.readIdioms(read('semeval2022_task2a_idiomaticity/train_zero_shot.csv')).examples,
}[task]();
const extra = setting === 'one-shot' ? lib.readIdioms(read('semeval2022_task2a_idiomaticity/train_one_shot.csv')).examples : [];
await lib.useFastestBackend();
const wv = await loadDefaultVectors();
const spec = lib.taskSpec(task), config = { ...lib.defaultModelConfig(task, 'attention', wv.dim), ...JSON.parse(configJson) };
const metric = spec.metric, labels = spec.labels;
const score = (set, probs) => lib.classificationReport(set.map((e) => e.label), set.map((_, i) => (probs[2 * i + 1] > probs[2 * i] ? 1 : 0)), labels)[metric];
const single = [], ensemble = [];
for (const [fold, split] of lib.validationFolds(examples, { folds: 5, seed: 0, setting }).entries()) {
  const stop = spec.heldOut.split(split.train, spec.train.valFraction, 0, setting);
  const sum = new Float64Array(2 * split.val.length);
  for (let s = 0; s < members; s++) {
    const { model } = await lib.trainTask({ config, wv, train: [...stop.train, ...extra], val: stop.val, seed: s });
    const p = (await lib.evaluateTaskModel(model, wv, split.val)).predictions.probabilities;
    p.forEach((v, i) => (sum[i] += v / members));
    single.push(score(split.val, p));
    model.parameters().forEach((t) => t.dispose());
  }
  ensemble.push(score(split.val, sum));
  console.log(`${name} fold ${fold}: members ${single.slice(-members).map((v) => v.toFixed(3)).join(' ')}, ensemble ${ensemble.at(-1).toFixed(3)}`);
}
const ms = (v) => { const m = v.reduce((a, b) => a + b) / v.length; return `${m.toFixed(3)} ± ${Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)).toFixed(3)}`; };
console.log(`${name} ${JSON.stringify(config).length > 2 ? configJson : ''}: one model ${ms(single)} (${single.length} runs); ensemble of ${members} ${ms(ensemble)} (5 folds)`);
