// `attn similarity A B` — cosine or dot product between two words' static vectors.
import { attnCommand, UsageError } from '../command.js';
import { vectorArgs, vectorsFor, queryWord } from '../vectors.js';
import { emit, r } from '../output.js';

export const similarityCommand = attnCommand({
  name: 'similarity',
  description: 'Similarity between two words (cosine or dot product of their static vectors)',
  args: {
    a: { type: 'positional', description: 'First word', required: true },
    b: { type: 'positional', description: 'Second word', required: true },
    metric: { type: 'string', valueHint: 'cosine|dot', description: 'cosine (default) or dot', default: 'cosine' },
    ...vectorArgs,
  },
  examples: ['attn similarity cat dog', 'attn similarity bank money --metric dot --json'],
  async run(args) {
    if (args.metric !== 'cosine' && args.metric !== 'dot') throw new UsageError(`--metric must be cosine or dot, got '${args.metric}'`);
    const wv = await vectorsFor(args);
    const [a, b] = [queryWord(wv, args.a), queryWord(wv, args.b)];
    const value = wv.similarity(a, b, args.metric);
    emit(args.json, { a, b, metric: args.metric, value: r(value) }, () => `${args.metric}(${a}, ${b}) = ${value.toFixed(4)}`);
  },
});
