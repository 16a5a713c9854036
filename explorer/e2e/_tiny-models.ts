// Three tiny task models (SST-2, WiC, idioms: 2 layers × 2 heads, width 16) trained in a second on a few dozen
// made-up examples, written as model folders like the shipped ones. For the browser test of the trained-models
// view when data/models/ is empty; they exercise the code, not the tasks (their "accuracy" means nothing).
// Usage: node --import tsx explorer/e2e/_tiny-models.ts DIR
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  defaultModelConfig, trainTask, saveTaskModel, vectorsFingerprint, countParameters,
  type TaskExample, type TaskName, type WordVectors,
} from '../../src/index.ts';
import { bundledVectors } from './_harness.ts';

const cross = <A, B>(as: A[], bs: B[]) => as.flatMap((a) => bs.map((b) => [a, b] as const));

function sst2(): TaskExample[] {
  const good = ['great', 'wonderful', 'brilliant', 'moving', 'funny', 'beautiful'], bad = ['terrible', 'boring', 'awful', 'dull', 'bad', 'weak'];
  const nouns = ['film', 'movie', 'story', 'script', 'cast'];
  return [...cross(good, nouns).map(([a, n]) => [`a ${a} ${n}`, 1] as const), ...cross(bad, nouns).map(([a, n]) => [`a ${a} ${n}`, 0] as const)]
    .map(([text, label], line) => ({ task: 'sst2', text, label, line }));
}

function wic(): TaskExample[] {
  const senses: Record<string, string[][]> = {
    bank: [['he deposited money in the bank', 'the bank gave her a loan', 'she works at a bank downtown'], ['he sat on the river bank', 'the bank of the stream was muddy', 'they fished from the bank']],
    plant: [['the plant needs water', 'she grew a plant on the window'], ['the power plant closed', 'workers at the steel plant went home']],
    bat: [['he swung the bat hard', 'a wooden bat and a ball'], ['a bat flew out of the cave', 'the bat sleeps during the day']],
  };
  const out: TaskExample[] = [];
  for (const [word, groups] of Object.entries(senses)) {
    const all = groups.flatMap((g, k) => g.map((s) => ({ s, k })));
    for (const [a, b] of cross(all, all)) {
      if (a.s === b.s) continue;
      const t1 = a.s.split(' '), t2 = b.s.split(' ');
      out.push({ task: 'wic', word, pos: 'N', index1: t1.indexOf(word), index2: t2.indexOf(word), sentence1: a.s, sentence2: b.s, label: a.k === b.k ? 1 : 0, line: out.length });
    }
  }
  return out;
}

function idiom(): TaskExample[] {
  const rows: [string, string, number][] = [
    ['break a leg', 'break a leg at your audition tonight', 0], ['break a leg', 'good luck and break a leg on stage', 0],
    ['break a leg', 'he fell off the roof and managed to break a leg', 1], ['break a leg', 'skiers often break a leg on that slope', 1],
    ['spill the beans', 'do not spill the beans about the party', 0], ['spill the beans', 'she will spill the beans to the press', 0],
    ['spill the beans', 'careful not to spill the beans on the floor', 1], ['spill the beans', 'the cook did spill the beans into the pot', 1],
    ['piece of cake', 'the exam was a piece of cake', 0], ['piece of cake', 'winning was a piece of cake for them', 0],
    ['piece of cake', 'she ate a piece of cake after dinner', 1], ['piece of cake', 'a piece of cake was left on the plate', 1],
  ];
  return rows.map(([mwe, target, label], line) => ({ task: 'idiom', id: String(line), language: 'EN', mwe, previous: '', target, next: '', label, line }));
}

const DATA: Record<TaskName, () => TaskExample[]> = { sst2, wic, idiom };

/** Train the tiny models of `tasks` (default all three) into DIR/tiny-<task>/ (model.safetensors, config.json, README.md); returns the folders. */
export async function trainTinyModels(dir: string, wv: WordVectors = bundledVectors(), tasks: readonly TaskName[] = ['sst2', 'wic', 'idiom']): Promise<string[]> {
  const dirs: string[] = [];
  for (const task of tasks) {
    const examples = DATA[task]();
    const val = examples.filter((_, i) => i % 5 === 0), train = examples.filter((_, i) => i % 5 !== 0);
    const config = { ...defaultModelConfig(task, 'attention', wv.dim), layers: 2, heads: 2, dModel: 16, ffDim: 32, hidden: 16, maxLen: 32, dropout: 0 };
    const res = await trainTask({ config, wv, train, val, epochs: 4, batchSize: 8, evalsPerEpoch: 1, patience: 10, seed: 0 });
    const files = await saveTaskModel(res.model, {
      vectors: { name: 'bundled GloVe 6B 100d, 50k words', words: wv.size, dim: wv.dim, fingerprint: vectorsFingerprint(wv) },
      training: {
        data: { files: [{ name: 'made-up examples (explorer/e2e/_tiny-models.ts)', rows: examples.length }], trainExamples: train.length, valExamples: val.length, droppedForValidation: 0, skipped: 0, filtered: {}, split: 'every fifth example' },
        settings: { epochs: 4, batchSize: 8, seed: 0 },
        validation: { metric: res.metric, value: res.validation[res.metric], report: res.validation },
        timing: { trainSeconds: res.trainMs / 1000, examplesPerSec: res.examplesPerSec, steps: res.steps, epochs: res.epochs, bestEpoch: res.bestEpoch, stoppedEarly: res.stoppedEarly },
        parameters: countParameters(res.model),
      },
    });
    const out = join(dir, `tiny-${task}`);
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'model.safetensors'), files['model.safetensors']);
    writeFileSync(join(out, 'config.json'), files['config.json']);
    writeFileSync(join(out, 'README.md'), files['README.md']);
    dirs.push(out);
  }
  return dirs;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const t0 = Date.now();
  const dirs = await trainTinyModels(process.argv[2] ?? '/tmp/attn-models');
  console.log(`${dirs.join('\n')}\n(${Date.now() - t0} ms)`);
}
