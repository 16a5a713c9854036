// `attn demo` — the whole story on the bundled GloVe vectors, in order: what static vectors can do,
// where they fail (one "bank" for money and rivers), how parameter-free self-attention fixes part of
// it, why the scores are scaled by √C, and why word order needs positional encodings.
import { attnCommand } from '../command.js';
import { vectorArgs, vectorsFor } from '../vectors.js';
import { colourOn, pc, r, rows, terminalSafe } from '../output.js';
import { renderHeatmap } from '../render/heatmap.js';
import { heading, table } from '../render/text.js';
import { contextualize, explainAttention, polysemy, order, tokenize, type WordVectors } from '../../src/index.js';
import { polysemyJson } from './polysemy.js';
import { orderText } from './order.js';
import { trainedChapter } from './_demo-trained.js';

const MONEY = 'He deposited money in the bank';
const RIVER = 'He sat on the river bank';

async function attentionSection(wv: WordVectors, sentence: string, explainWord: string, colour: boolean) {
  const tokens = tokenize(sentence);
  const s = await contextualize(wv, tokens);
  const i = tokens.indexOf(explainWord);
  const ex = await explainAttention(tokens, s.attention, i);
  const weights = await s.attention.weights.data();
  const text = [
    renderHeatmap(tokens, tokens, weights, { colour, title: `"${sentence}" — weights (row = query, column = key)` }),
    `${ex.formula}`,
    `  from scores e(${explainWord})·e(j) / √${wv.dim}: ` + ex.terms.map((t) => `${t.word} ${t.dot.toFixed(2)}/${ex.divisor.toFixed(0)} = ${t.score.toFixed(2)}`).join(', '),
  ].join('\n');
  return { text, json: { sentence, tokens, weights: rows((await s.attention.weights.array()) as number[][]), formula: ex.formula } };
}

export const demoCommand = attnCommand({
  name: 'demo',
  description: 'Walk through static embeddings, their limit, and parameter-free self-attention on real GloVe words',
  args: { ...vectorArgs },
  examples: ['attn demo', 'attn demo --json', 'NO_COLOR=1 attn demo | less'],
  async run(args) {
    const t0 = performance.now();
    const wv = await vectorsFor(args);
    const colour = colourOn(args.json);
    const out: string[] = [];
    const json: Record<string, unknown> = {};
    const say = (...lines: string[]) => out.push(...lines);

    // 1. Static embeddings.
    const pairs: [string, string][] = [['king', 'queen'], ['cat', 'dog'], ['bank', 'money'], ['bank', 'river'], ['cat', 'bank']];
    const sims = pairs.map(([a, b]) => ({ a, b, cosine: wv.similarity(a, b) }));
    const bankNear = wv.mostSimilar({ positive: ['bank'], topk: 8 });
    json.static = { similarities: sims.map((s) => ({ ...s, cosine: r(s.cosine) })), neighbours: { bank: bankNear.map((n) => ({ word: n.word, cosine: r(n.cosine) })) } };
    say(heading(`1. Static embeddings: GloVe 6B ${wv.dim}d, ${wv.size.toLocaleString('en')} words`), '');
    say(table(['a', 'b', 'cosine'], sims.map((s) => [s.a, s.b, s.cosine.toFixed(3)])));
    say('', `nearest to "bank": ${bankNear.map((n) => `${n.word} ${n.cosine.toFixed(2)}`).join(', ')}`);
    say(pc.dim('One vector per word: "bank" mixes its financial and river senses.'), '');

    // 2. The limit: polysemy.
    const scaled = await polysemy(wv, 'bank', tokenize(MONEY), tokenize(RIVER));
    say(heading('2. The limit: "bank" in two sentences'), '');
    say(`  ${MONEY}`, `  ${RIVER}`);
    say(`static cosine of the two "bank" vectors: ${scaled.static.cosine.toFixed(4)} — the same vector, whatever the sentence.`, '');

    // 3. Self-attention, step by step.
    say(heading('3. Self-attention: scores = X·Xᵀ/√C, weights = softmax(rows), outputs = weights·X'), '');
    const a = await attentionSection(wv, 'Humans love smartphones', 'love', colour);
    const b = await attentionSection(wv, 'money bank grows', 'bank', colour);
    say(a.text, '', b.text, '');
    json.attention = [a.json, b.json];

    // 4. Contextual "bank".
    say(heading('4. Contextual "bank": each sentence pulls it toward its own context'), '');
    const money = scaled.sentences[0].movements.find((m) => m.word === 'money');
    const river = scaled.sentences[1].movements.find((m) => m.word === 'river');
    say(`contextual cosine of the two "bank" vectors: ${scaled.contextual.cosine.toFixed(4)} (static: ${scaled.static.cosine.toFixed(4)})`);
    scaled.sentences.forEach((s, i) => {
      say(`sentence ${i + 1}: bank's own weight ${s.weights[s.index][s.index].toFixed(2)}; nearest: ${s.neighbours.map((n) => n.word).join(', ')}`);
    });
    const sign = (x: number) => (x >= 0 ? '+' : '') + x.toFixed(3);
    if (money) say(`money sentence: cosine(bank, money) ${money.before.toFixed(3)} static → ${money.after.toFixed(3)} contextual (${sign(money.delta)}); ${sign(money.versusOther)} vs the river sentence's bank`);
    if (river) say(`river sentence: cosine(bank, river) ${river.before.toFixed(3)} static → ${river.after.toFixed(3)} contextual (${sign(river.delta)}); ${sign(river.versusOther)} vs the money sentence's bank`);
    say('');

    // 5. Why scale.
    const unscaled = await polysemy(wv, 'bank', tokenize(MONEY), tokenize(RIVER), { scale: false });
    const ownScaled = scaled.sentences[0].weights[scaled.sentences[0].index][scaled.sentences[0].index];
    const ownUnscaled = unscaled.sentences[0].weights[unscaled.sentences[0].index][unscaled.sentences[0].index];
    say(heading('5. Why divide by √C'), '');
    say(table(['', 'bank\'s own weight', 'contextual cosine of the two banks'], [
      ['unscaled (raw dot products)', ownUnscaled.toFixed(4), unscaled.contextual.cosine.toFixed(4)],
      [`scaled (÷ √${wv.dim})`, ownScaled.toFixed(4), scaled.contextual.cosine.toFixed(4)],
    ]));
    say(pc.dim(`|e|² is large (20–40 for GloVe ${wv.dim}d), so unscaled scores saturate the softmax: every word attends only to itself and`), pc.dim('the "contextual" vectors equal the static ones. Scaling keeps the softmax in the range where words mix.'), '');
    json.polysemy = { scaled: polysemyJson(scaled), unscaled: polysemyJson(unscaled) };

    // 6. Order.
    const ord = await order(wv, tokenize('dog bites man'), tokenize('man bites dog'));
    say(heading('6. Word order: attention alone cannot see it'), '', orderText(ord));
    json.order = { withoutPositions: { identical: ord.withoutPositions.identical, maxAbsDiff: ord.withoutPositions.maxAbsDiff }, withPositions: { identical: ord.withPositions.identical, maxAbsDiff: ord.withPositions.maxAbsDiff } };

    // 7. Trained models, when installed.
    const trained = await trainedChapter(wv);
    say('', trained.text);
    json.trained = trained.json;

    const ms = performance.now() - t0;
    json.seconds = r(ms / 1000, 3);
    if (args.json) process.stdout.write(JSON.stringify(json, null, 2) + '\n');
    else process.stdout.write(terminalSafe(out.join('\n')) + `\n\n${pc.dim(`(${(ms / 1000).toFixed(2)} s; try: attn attend "your sentence", attn polysemy, attn order, attn --help)`)}\n`);
  },
});
