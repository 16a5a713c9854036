// `attn predict --model DIR …` — one prediction with its label, probability and the words it attended to.
// SST-2: a sentence. WiC: a word and two sentences. Idioms: an expression and a sentence.
import { predictTask, type TaskInput } from '../../src/index.js';
import { attnCommand, intOption, UsageError } from '../command.js';
import { vectorArgs, vectorsFor } from '../vectors.js';
import { emit, colourOn } from '../output.js';
import { loadModelDir, warnIfOtherVectors } from './_task-io.js';
import { predictionJson, renderPrediction } from './_model-views.js';

const USAGE: Record<string, string> = {
  sst2: '"SENTENCE"',
  wic: 'WORD "SENTENCE 1" "SENTENCE 2"',
  idiom: '"EXPRESSION" "SENTENCE"',
};

export const predictCommand = attnCommand({
  name: 'predict',
  description: 'Predict with a trained model: label, probability, and which words it attended to',
  args: {
    model: { type: 'string', valueHint: 'DIR|NAME', description: "A folder written by 'attn train', or a shipped model (sst2, wic, idiom-zero-shot, idiom-one-shot)", required: true },
    k: { type: 'string', valueHint: 'K', description: 'Attended words shown per sentence', default: '5' },
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
    const want = task === 'sst2' ? 1 : task === 'wic' ? 3 : 2;
    if (given.length !== want) throw new UsageError(`a ${task} model takes ${USAGE[task]} (${want} argument${want > 1 ? 's' : ''}), got ${given.length}`);
    const input: TaskInput = task === 'sst2' ? { text: given[0] } : task === 'wic'
      ? { word: given[0], sentence1: given[1], sentence2: given[2] }
      : { expression: given[0], sentence: given[1] };
    const wv = await vectorsFor(args);
    warnIfOtherVectors(meta, wv);
    const p = predictTask(model, wv, input);
    emit(args.json, predictionJson(p, k), () => renderPrediction(p, { colour: colourOn(args.json), k }));
  },
});
