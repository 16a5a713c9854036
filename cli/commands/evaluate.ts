// `attn evaluate pairs FILE` and `attn evaluate analogies FILE` — the standard intrinsic benchmarks,
// computed exactly as gensim's KeyedVectors.evaluate_word_pairs / evaluate_word_analogies.
import { defineCommand } from 'citty';
import { attnCommand, intOption } from '../command.js';
import { vectorArgs, vectorsFor } from '../vectors.js';
import { emit, r } from '../output.js';
import { table } from '../render/text.js';
import { readText } from './_task-io.js';

const evalArgs = {
  file: { type: 'positional', description: 'The benchmark file', required: true },
  'restrict-vocab': { type: 'string', valueHint: 'N', description: 'Use only the N most frequent words (gensim default 300000)', default: '300000' },
  'case-sensitive': { type: 'boolean', description: 'Match words case-sensitively (gensim default: insensitive)', default: false },
  ...vectorArgs,
} as const;

const pairs = attnCommand({
  name: 'pairs',
  description: 'Word-pair similarity benchmark (WordSim-353, MEN, SimLex): Pearson, Spearman, OOV ratio',
  args: evalArgs,
  examples: ['attn evaluate pairs ../shared/data/wordsim353/combined.csv', 'attn evaluate pairs MEN_dataset_natural_form_full --vectors glove-100d --json'],
  async run(args) {
    const restrictVocab = intOption('restrict-vocab', args['restrict-vocab'])!;
    const text = await readText(args.file);
    const wv = await vectorsFor(args);
    const res = wv.evaluateWordPairs(text, { restrictVocab, caseInsensitive: !args['case-sensitive'] });
    emit(args.json, { file: args.file, pairs: res.pairs, pearson: r(res.pearson), spearman: r(res.spearman), oovRatio: r(res.oovRatio) }, () =>
      table(['pairs', 'pearson', 'spearman', 'oov %'], [[res.pairs, res.pearson.toFixed(4), res.spearman.toFixed(4), res.oovRatio.toFixed(2)]]),
    );
  },
});

const analogies = attnCommand({
  name: 'analogies',
  description: 'Analogy benchmark (questions-words.txt format): per-section and total accuracy',
  args: evalArgs,
  examples: ['attn evaluate analogies ../shared/data/google_analogy/questions-words.txt --restrict-vocab 30000'],
  async run(args) {
    const restrictVocab = intOption('restrict-vocab', args['restrict-vocab'])!;
    const text = await readText(args.file);
    const wv = await vectorsFor(args);
    const res = wv.evaluateAnalogies(text, { restrictVocab, caseInsensitive: !args['case-sensitive'] });
    emit(
      args.json,
      { file: args.file, accuracy: r(res.accuracy), correct: res.correct, total: res.total, sections: res.sections.map((s) => ({ name: s.name, accuracy: r(s.accuracy), correct: s.correct, total: s.total })) },
      () => table(['section', 'correct', 'total', 'accuracy'], [...res.sections.map((s) => [s.name, s.correct, s.total, s.accuracy.toFixed(4)]), ['TOTAL', res.correct, res.total, res.accuracy.toFixed(4)]]),
    );
  },
});

export const evaluateCommand = defineCommand({
  meta: { name: 'evaluate', description: 'Intrinsic benchmarks of the static vectors (gensim-compatible)' },
  subCommands: { pairs, analogies },
});
