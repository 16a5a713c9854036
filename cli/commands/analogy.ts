// `attn analogy A B C` — A is to B as C is to ?, by 3CosAdd (gensim most_similar) or 3CosMul.
import { attnCommand, intOption, UsageError } from '../command.js';
import { vectorArgs, vectorsFor, queryWord } from '../vectors.js';
import { emit, r } from '../output.js';
import { table } from '../render/text.js';

export const analogyCommand = attnCommand({
  name: 'analogy',
  description: 'A is to B as C is to ? (vector arithmetic b − a + c)',
  args: {
    a: { type: 'positional', description: 'A', required: true },
    b: { type: 'positional', description: 'B', required: true },
    c: { type: 'positional', description: 'C', required: true },
    method: { type: 'string', valueHint: '3cosadd|3cosmul', description: '3cosadd (default) or 3cosmul', default: '3cosadd' },
    k: { type: 'string', alias: 'n', valueHint: 'K', description: 'How many answers', default: '5' },
    ...vectorArgs,
  },
  examples: ['attn analogy man king woman', 'attn analogy paris france tokyo --method 3cosmul --json'],
  async run(args) {
    if (args.method !== '3cosadd' && args.method !== '3cosmul') throw new UsageError(`--method must be 3cosadd or 3cosmul, got '${args.method}'`);
    const k = intOption('k', args.k, { min: 1, max: 1000 })!;
    const wv = await vectorsFor(args);
    const [a, b, c] = [args.a, args.b, args.c].map((w) => queryWord(wv, w));
    const answers = wv.analogy(a, b, c, { method: args.method, topk: k });
    emit(
      args.json,
      { a, b, c, method: args.method, neighbours: answers.map((n) => ({ word: n.word, cosine: r(n.cosine), score: r(n.score) })) },
      () => `${a} : ${b} :: ${c} : ?\n` + table(['word', 'cosine', 'score'], answers.map((n) => [n.word, n.cosine.toFixed(4), n.score.toFixed(4)])),
    );
  },
});
