// `attn predict --model DIR …` — one prediction with its label, probability and the words it attended to.
// SST-2: a sentence. WiC: a word and two sentences. Idioms: an expression and a sentence.
import { predictTask, taskSpec, type TaskInput } from '../../src/index.js';
import { forEachLine, fieldsOf, releaseTensors } from '../batch.js';
import { attnCommand, intOption, UsageError } from '../command.js';
import { vectorArgs, vectorsFor } from '../vectors.js';
import { emit, colourOn } from '../output.js';
import { loadModelDir, warnIfOtherVectors } from './_task-io.js';
import { predictionJson, renderPrediction } from './_model-views.js';

export const predictCommand = attnCommand({
  name: 'predict',
  description: 'Predict with a trained model: label, probability, and which words it attended to',
  args: {
    model: { type: 'string', valueHint: 'DIR|NAME', description: "A folder written by 'attn train', or a shipped model (sst2, wic, idiom-zero-shot, idiom-one-shot)", required: true },
    k: { type: 'string', valueHint: 'K', description: 'Attended words shown per sentence', default: '5' },
    file: { type: 'string', valueHint: 'F|-', description: 'One input per line from a file (- = stdin), its fields tab-separated; with --json, one JSON object per line' },
    ...vectorArgs,
  },
  variadic: true,
  examples: [
    'attn predict --model sst2 "a gorgeous, witty, seductive movie"',
    'attn predict --model wic bank "He deposited money in the bank" "He sat on the river bank"',
    'attn predict --model idiom-zero-shot "graveyard shift" "Nurses on the graveyard shift rarely see daylight."',
  ],
  async run(args) {
    const k = intOption('k', args.k, { min: 1, max: 100 })!;
    const { model, meta } = await loadModelDir(args.model);
    const task = model.config.task;
    const given = (args._ ?? []).map(String);
    // The task's spec lists its input fields: their count, usage and a --file line's layout.
    const fields = taskSpec(task).input.fields, want = fields.length;
    const usage = fields.map((f) => f.hint).join(' '), layout = fields.map((f) => f.hint.replace(/"/g, '')).join('<TAB>');
    if (args.file !== undefined && given.length) throw new UsageError(`give the ${task} input as arguments or --file, not both`);
    if (args.file === undefined && given.length !== want) throw new UsageError(`a ${task} model takes ${usage} (${want} argument${want > 1 ? 's' : ''}), got ${given.length}`);
    const wv = await vectorsFor(args);
    warnIfOtherVectors(meta, wv);
    const one = async (values: string[], line: boolean) => {
      const input = Object.fromEntries(fields.map((f, i) => [f.key, values[i]])) as unknown as TaskInput;
      const p = await predictTask(model, wv, input);
      try {
        emit(args.json, predictionJson(p, k), () => renderPrediction(p, { colour: colourOn(args.json), k }) + (line ? '\n' : ''), { line });
      } finally {
        releaseTensors(p);
      }
    };
    if (args.file !== undefined) await forEachLine(args.file, (text) => one(fieldsOf(text, want, layout), true), { json: args.json });
    else await one(given, false);
  },
});
