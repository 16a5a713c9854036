// `attn polysemy WORD "S1" "S2"` — one word in two sentences: static cosine (exactly 1) vs contextual
// cosine, each contextual vector's nearest words, and how far it moved toward its context words.
import { attnCommand, intOption, numberOption, UsageError } from '../command.js';
import { forEachLine, fieldsOf, releaseTensors } from '../batch.js';
import { vectorArgs, vectorsFor } from '../vectors.js';
import { emit, r, rows, colourOn } from '../output.js';
import { heading, table } from '../render/text.js';
import { polysemy, type PolysemyResult } from '../../src/index.js';
import { sentenceArgs, sentenceTokens, positionsOf, checkLength, refuseWithModel } from '../sentence.js';
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

/** `skipped`: per sentence, the words left out (given where the CLI tokenized the sentences). */
export function polysemyJson(res: PolysemyResult, skipped?: [string[], string[]]) {
  return {
    word: res.word,
    static: { cosine: r(res.static.cosine) },
    contextual: { cosine: r(res.contextual.cosine) },
    sentences: res.sentences.map((s, i) => ({
      tokens: s.tokens,
      ...(skipped && { skipped: skipped[i] }),
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
    word: { type: 'positional', description: 'The shared word', required: false },
    sentence1: { type: 'positional', description: 'First sentence', required: false },
    sentence2: { type: 'positional', description: 'Second sentence', required: false },
    file: { type: 'string', valueHint: 'F|-', description: 'One WORD<TAB>SENTENCE 1<TAB>SENTENCE 2 per line (- = stdin); with --json, one JSON object per line' },
    ...sentenceArgs,
    k: { type: 'string', alias: 'n', valueHint: 'K', description: 'Nearest words shown', default: '5' },
    model: { type: 'string', valueHint: 'DIR|NAME', description: "A trained model (e.g. the shipped wic): learned contextual vectors and heads beside the parameter-free ones" },
    ...vectorArgs,
  },
  examples: ['attn polysemy bank "He deposited money in the bank" "He sat on the river bank"', 'attn polysemy bank "He deposited money in the bank" "He sat on the river bank" --model wic', 'attn polysemy bank "money bank grows" "river bank floods" --json'],
  async run(args, named) {
    const k = intOption('k', args.k, { min: 1, max: 100 })!;
    const temperature = numberOption('temperature', args.temperature, { positive: true });
    const given = [args.word, args.sentence1, args.sentence2].filter((a) => a !== undefined);
    if (args.file !== undefined ? given.length > 0 : given.length !== 3) throw new UsageError('give WORD "SENTENCE 1" "SENTENCE 2", or --file F|- (one WORD<TAB>SENTENCE 1<TAB>SENTENCE 2 per line), not both');
    const wv = await vectorsFor(args);
    if (args.model) refuseWithModel(args, named);
    const trained = args.model ? await loadModelDir(args.model) : undefined; // loaded once for a whole --file
    if (trained) warnIfOtherVectors(trained.meta, wv);
    const one = async ([w, sentence1, sentence2]: string[], line: boolean) => {
      const word = w.toLowerCase();
      if (trained) {
        const { model, meta, dir } = trained;
        const [w1, w2] = [tokenize(sentence1), tokenize(sentence2)];
        checkLength(w1, args['max-tokens']);
        checkLength(w2, args['max-tokens']);
        const p = await polysemyWithModel(model, wv, word, w1, w2);
        try {
          emit(args.json, { model: dir, ...modelPolysemyJson(p) }, () => renderModelPolysemy(p, { colour: colourOn(false), modelName: meta.model.task }) + (line ? '\n' : ''), { line });
        } finally {
          releaseTensors(p);
        }
        return;
      }
      const s1 = sentenceTokens(wv, sentence1, args.unknown), s2 = sentenceTokens(wv, sentence2, args.unknown);
      const [t1, t2] = [s1.tokens, s2.tokens];
      checkLength(t1, args['max-tokens']);
      checkLength(t2, args['max-tokens']);
      const res = await polysemy(wv, word, t1, t2, { scale: args.scale, temperature, positions: positionsOf(args.positions), topk: k });
      try {
        emit(args.json, polysemyJson(res, [s1.skipped, s2.skipped]), () => polysemyText(res) + (line ? '\n' : ''), { line });
      } finally {
        releaseTensors(res);
      }
    };
    if (args.file !== undefined) await forEachLine(args.file, (text) => one(fieldsOf(text, 3, 'WORD<TAB>SENTENCE 1<TAB>SENTENCE 2'), true), { json: args.json });
    else await one(given as string[], false);
  },
});
