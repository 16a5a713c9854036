// `attn similar WORD` — nearest neighbours by cosine, gensim most_similar semantics.
import { attnCommand, intOption } from '../command.js';
import { vectorArgs, vectorsFor, queryWord } from '../vectors.js';
import { emit, r } from '../output.js';
import { table } from '../render/text.js';

export const similarCommand = attnCommand({
  name: 'similar',
  description: 'Nearest neighbours of a word (cosine similarity over unit vectors, like gensim most_similar)',
  args: {
    word: { type: 'positional', description: 'The query word', required: true },
    k: { type: 'string', alias: 'n', valueHint: 'K', description: 'How many neighbours', default: '10' },
    negative: { type: 'string', valueHint: 'WORDS', description: 'Comma-separated words to subtract' },
    'restrict-vocab': { type: 'string', valueHint: 'N', description: 'Search only the N most frequent words' },
    ...vectorArgs,
  },
  examples: ['attn similar bank', 'attn similar king -k 5 --json', 'attn similar king --negative man --vectors glove-100d'],
  async run(args) {
    const k = intOption('k', args.k, { min: 1, max: 10000 })!;
    const restrictVocab = intOption('restrict-vocab', args['restrict-vocab']);
    const wv = await vectorsFor(args);
    const positive = args.word.split(',').map((w) => queryWord(wv, w)).filter(Boolean);
    const negative = (args.negative ?? '').split(',').map((w) => queryWord(wv, w)).filter(Boolean);
    const neighbours = wv.mostSimilar({ positive, negative, topk: k, restrictVocab });
    emit(args.json, { query: { positive, negative }, neighbours: neighbours.map((n) => ({ word: n.word, cosine: r(n.cosine) })) }, () =>
      table(['word', 'cosine'], neighbours.map((n) => [n.word, n.cosine.toFixed(4)])),
    );
  },
});
