// `attn order "S1" "S2"` — the same words in two orders: identical contextual vectors without positional
// encodings (attention is order-blind), different ones with sinusoidal positions.
import { attnCommand, numberOption } from '../command.js';
import { vectorArgs, vectorsFor } from '../vectors.js';
import { emit, r } from '../output.js';
import { heading, table } from '../render/text.js';
import { order, type OrderResult, type OrderComparison } from '../../src/index.js';
import { sentenceArgs, sentenceTokens, checkLength } from '../sentence.js';

const { positions: _p, ...orderSentenceArgs } = sentenceArgs;

function comparisonJson(c: OrderComparison) {
  return { identical: c.identical, maxAbsDiff: r(c.maxAbsDiff, 9), words: c.words.map((w) => ({ word: w.word, positions: w.positions, cosine: r(w.cosine, 9), maxAbsDiff: r(w.maxAbsDiff, 9) })) };
}

export function orderText(res: OrderResult): string {
  const block = (c: OrderComparison, title: string) =>
    heading(title) + '\n' +
    table(['word', 'positions', 'cosine between orders', 'max |Δ|'], c.words.map((w) => [w.word, `${w.positions[0]} → ${w.positions[1]}`, w.cosine.toFixed(6), w.maxAbsDiff.toExponential(1)])) +
    `\n${c.identical ? 'identical: every word gets the same contextual vector in both orders' : 'different: word order now changes the contextual vectors'}`;
  return [
    `1: ${res.tokens[0].join(' ')}\n2: ${res.tokens[1].join(' ')}`,
    block(res.withoutPositions, 'Without positional encodings'),
    block(res.withPositions, 'With sinusoidal positional encodings'),
  ].join('\n\n');
}

export const orderCommand = attnCommand({
  name: 'order',
  description: 'Same words, different order: attention is order-blind until positions are added',
  args: {
    sentence1: { type: 'positional', description: 'First sentence', required: true },
    sentence2: { type: 'positional', description: 'The same words in another order', required: true },
    ...orderSentenceArgs,
    ...vectorArgs,
  },
  examples: ['attn order "dog bites man" "man bites dog"', 'attn order "the cat sat on the mat" "the mat sat on the cat" --json'],
  async run(args) {
    const temperature = numberOption('temperature', args.temperature, { positive: true });
    const wv = await vectorsFor(args);
    const s1 = sentenceTokens(wv, args.sentence1, args.unknown), s2 = sentenceTokens(wv, args.sentence2, args.unknown);
    const [t1, t2] = [s1.tokens, s2.tokens];
    checkLength(t1, args['max-tokens']);
    const res = await order(wv, t1, t2, { scale: args.scale, temperature });
    emit(args.json, { tokens: res.tokens, skipped: [s1.skipped, s2.skipped], withoutPositions: comparisonJson(res.withoutPositions), withPositions: comparisonJson(res.withPositions) }, () => orderText(res));
  },
});
