// `attn eval --model DIR --task T --data PATH [--gold PATH]` — score a trained task model on labelled data:
// accuracy, macro-F1, per-class precision / recall / F1 and the confusion matrix (rows gold, columns predicted).
import { AttnError, TASKS, evaluateTaskModel } from '../../src/index.js';
import { attnCommand } from '../command.js';
import { vectorArgs, vectorsFor } from '../vectors.js';
import { emit, r } from '../output.js';
import { heading, table } from '../render/text.js';
import { readTaskData, describeLeftOut, taskOf, loadModelDir, warnIfOtherVectors, labelWarnings } from './_task-io.js';

export const evalCommand = attnCommand({
  name: 'eval',
  description: 'Score a trained model on labelled data: accuracy, macro-F1, per-class precision/recall, confusion matrix',
  args: {
    model: { type: 'string', valueHint: 'DIR|NAME', description: "A folder written by 'attn train', or a shipped model (sst2, wic, idiom-zero-shot, idiom-one-shot)", required: true },
    task: { type: 'string', valueHint: TASKS.join('|'), description: "The data's task (default: the model's)" },
    data: { type: 'string', valueHint: 'PATH', description: 'The data file (SST-2 TSV, WiC data, SemEval CSV)', required: true },
    gold: { type: 'string', valueHint: 'PATH', description: 'Gold labels in a separate file (WiC gold lines; SemEval gold CSV joined by ID)' },
    skipBad: { type: 'boolean', description: 'Skip malformed rows (counted and reported)', default: false },
    ...vectorArgs,
  },
  examples: [
    'attn eval --model sst2 --task sst2 --data dev.tsv',
    'attn eval --model wic --task wic --data dev.data.txt --gold dev.gold.txt --json',
    'attn eval --model idiom-zero-shot --task idiom --data dev.csv --gold dev_gold.csv',
  ],
  async run(args) {
    const { model, meta, dir } = await loadModelDir(args.model);
    const task = args.task ? taskOf(args.task) : model.config.task;
    if (task !== model.config.task) throw new AttnError('E_INPUT', `${dir} is a ${model.config.task} model; it cannot score ${task} data`);
    const data = await readTaskData(task, args.data, { gold: args.gold, skipBad: args.skipBad });
    for (const line of describeLeftOut(data, args.data)) process.stderr.write(line + '\n');
    if (data.examples.length === 0) throw new AttnError('E_INPUT', `${args.data}: no examples left to score`);
    // The model card records its training files by SHA-256: scoring one of them is not a held-out estimate.
    const trainedOn = meta.training?.data.files.find((f) => data.files.some((d) => f.sha256 && d.sha256 === f.sha256));
    if (trainedOn) process.stderr.write(`warning: ${args.data} is the model's training data (${trainedOn.name}, same SHA-256): these scores are not a held-out estimate\n`);
    for (const w of labelWarnings(data.examples, args.data, 50)) process.stderr.write(w + '\n');
    const wv = await vectorsFor(args);
    warnIfOtherVectors(meta, wv);
    const { report } = await evaluateTaskModel(model, wv, data.examples);
    const json = {
      model: dir, task, data: args.data, n: report.n, accuracy: r(report.accuracy), macroF1: r(report.macroF1),
      perClass: report.perClass.map((c) => ({ label: c.label, precision: r(c.precision), recall: r(c.recall), f1: r(c.f1), support: c.support })),
      confusion: { labels: report.labels, matrix: report.confusion },
      skipped: data.skipped.length, filtered: data.filtered,
    };
    emit(args.json, json, () => [
      heading(`${task} model ${dir} on ${args.data} (${report.n.toLocaleString('en')} examples)`),
      `accuracy ${report.accuracy.toFixed(4)}   macro-F1 ${report.macroF1.toFixed(4)}`,
      '',
      table(['class', 'precision', 'recall', 'F1', 'support'], report.perClass.map((c) => [c.label, c.precision.toFixed(4), c.recall.toFixed(4), c.f1.toFixed(4), c.support])),
      '',
      table(['gold \\ predicted', ...report.labels], report.confusion.map((row, i) => [report.labels[i], ...row])),
    ].join('\n'));
  },
});
