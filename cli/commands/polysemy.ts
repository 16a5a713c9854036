// `attn polysemy WORD "S1" "S2"` — one word in two sentences: static cosine (exactly 1) vs contextual
// cosine, each contextual vector's nearest words, and how far it moved toward its context words.
import { attnCommand, intOption, numberOption } from '../command.js';
import { vectorArgs, vectorsFor } from '../vectors.js';
import { emit, r, rows, colourOn } from '../output.js';
import { heading, table } from '../render/text.js';
import { polysemy, type PolysemyResult } from '../../src/index.js';
import { sentenceArgs, tokensOf, positionsOf, checkLength, refuseWithModel } from '../sentence.js';
import { polysemyWithModel, tokenize } from '../../src/index.js';
import { loadModelDir, warnIfOtherVectors } from './_task-io.js';
import { modelPolysemyJson, renderModelPolysemy } from './_model-views.js';

export function polysemyText(res: PolysemyResult): string {
  const out: string[] = [];
  out.push(heading(`"${res.word}" in two sentences`));
  out.push(`static cosine:     ${res.static.cosine.toFixed(4)}   (one vector per word, whatever the sentence)`);
  out.push(`contextual cosine: ${res.contextual.cosine.toFixed(4)}   (after self-attention)`);
  res.sentences.forEach((s, i) => {
    out.push('');
    out.push(heading(`sentence ${i + 1}: ${s.tokens.join(' ')}`));
    const w = s.weights[s.index];
    out.push(`weights of "${res.word}": ` + s.tokens.map((t, j) => `${t} ${w[j].toFixed(2)}`).join(', '));
    out.push(`nearest words: ${s.neighbours.map((n) => `${n.word} ${n.cosine.toFixed(3)}`).join(', ')}`);
    if (s.movements.length) {
      const sign = (x: number) => (x >= 0 ? '+' : '') + x.toFixed(3);
      out.push(table(['toward', 'static cos', 'contextual cos', 'moved', `vs sentence ${2 - i}`], s.movements.map((m) => [m.word, m.before.toFixed(3), m.after.toFixed(3), sign(m.delta), sign(m.versusOther)])));
    }
  });
  return out.join('\n');
}

export function polysemyJson(res: PolysemyResult) {
  return {
    word: res.word,
    static: { cosine: r(res.static.cosine) },
    contextual: { cosine: r(res.contextual.cosine) },
    sentences: res.sentences.map((s) => ({
      tokens: s.tokens,
      index: s.index,
      weights: rows(s.weights),
      vector: s.vector.map((v) => r(v)),
      neighbours: s.neighbours.map((n) => ({ word: n.word, cosine: r(n.cosine) })),
      movements: s.movements.map((m) => ({ word: m.word, before: r(m.before), after: r(m.after), delta: r(m.delta), versusOther: r(m.versusOther) })),
    })),
  };
}

export const polysemyCommand = attnCommand({
  name: 'polysemy',
  description: 'One word in two sentences: static vs contextual cosine and neighbours',
  args: {
    word: { type: 'positional', description: 'The shared word', required: true },
    sentence1: { type: 'positional', description: 'First sentence', required: true },
    sentence2: { type: 'positional', description: 'Second sentence', required: true },
    ...sentenceArgs,
    k: { type: 'string', alias: 'n', valueHint: 'K', description: 'Nearest words shown', default: '5' },
    model: { type: 'string', valueHint: 'DIR|NAME', description: "A trained model (e.g. the shipped wic): learned contextual vectors and heads beside the parameter-free ones" },
    ...vectorArgs,
  },
  examples: ['attn polysemy bank "He deposited money in the bank" "He sat on the river bank"', 'attn polysemy bank "He deposited money in the bank" "He sat on the river bank" --model wic', 'attn polysemy bank "money bank grows" "river bank floods" --json'],
  async run(args) {
    const k = intOption('k', args.k, { min: 1, max: 100 })!;
    const temperature = numberOption('temperature', args.temperature, { positive: true });
    const wv = await vectorsFor(args);
    const word = args.word.toLowerCase();
    if (args.model) {
      refuseWithModel(args);
      const { model, meta, dir } = await loadModelDir(args.model);
      warnIfOtherVectors(meta, wv);
      const p = polysemyWithModel(model, wv, word, tokenize(args.sentence1), tokenize(args.sentence2));
      emit(args.json, { model: dir, ...modelPolysemyJson(p) }, () => renderModelPolysemy(p, { colour: colourOn(false), modelName: meta.model.task }));
      return;
    }
    const t1 = tokensOf(wv, args.sentence1, args.unknown), t2 = tokensOf(wv, args.sentence2, args.unknown);
    checkLength(t1, args['max-tokens']);
    checkLength(t2, args['max-tokens']);
    const res = polysemy(wv, word, t1, t2, { scale: args.scale, temperature, positions: positionsOf(args.positions), topk: k });
    emit(args.json, polysemyJson(res), () => polysemyText(res));
  },
});
