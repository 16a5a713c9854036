// `attn attend "SENTENCE"` — parameter-free self-attention on a sentence: scores, the weights heatmap,
// each output's nearest words, and the formula y(word) = Σ weight·e(word) for every word.
import { attnCommand, intOption, numberOption, UsageError } from '../command.js';
import { forEachLine, releaseTensors } from '../batch.js';
import { vectorArgs, vectorsFor } from '../vectors.js';
import { emit, rows, colourOn, terminalSafe } from '../output.js';
import { renderHeatmap, renderTopWeights, HEATMAP_MAX_WORDS } from '../render/heatmap.js';
import { heading } from '../render/text.js';
import { contextualize, explainAttention, type ContextualSentence } from '../../src/index.js';
import { sentenceArgs, sentenceTokens, positionsOf, checkLength, refuseWithModel } from '../sentence.js';
import { explainWithModel, tokenize } from '../../src/index.js';
import { loadModelDir, warnIfOtherVectors } from './_task-io.js';
import { explanationJson, renderModelExplanation } from './_model-views.js';
import { tilesOf, tilesJson, renderTiles } from './_tiles-view.js';
import { checkImageOutputs, writeHeatmap } from './_svg-export.js';

/** Weights shown per query word for a long sentence. */
const TOP_WEIGHTS = 5;

export const attendCommand = attnCommand({
  name: 'attend',
  description: 'Parameter-free self-attention on a sentence: weights heatmap, formulas, contextual neighbours',
  args: {
    sentence: { type: 'positional', description: 'The sentence (quote it)', required: false },
    file: { type: 'string', valueHint: 'F|-', description: 'One sentence per line from a file (- = stdin); with --json, one JSON object per line' },
    ...sentenceArgs,
    k: { type: 'string', alias: 'n', valueHint: 'K', description: 'Nearest words shown per output', default: '3' },
    tiles: { type: 'string', valueHint: 'N', description: 'Show the online softmax of one query word (--query), N keys per tile: running max, sum and partial output after each tile' },
    query: { type: 'string', valueHint: 'I', description: 'With --tiles: the query word, by position from 1 (default 1)' },
    svg: { type: 'string', valueHint: 'FILE', description: 'Also write the weights heatmap as a standalone SVG file (atomically)' },
    png: { type: 'string', valueHint: 'FILE', description: 'Also write the weights heatmap as a PNG image (needs the optional @resvg/resvg-js)' },
    model: { type: 'string', valueHint: 'DIR|NAME', description: "A trained model (folder from 'attn train', or a shipped one: sst2, wic, idiom-zero-shot, idiom-one-shot): its learned heads beside the parameter-free weights" },
    ...vectorArgs,
  },
  examples: ['attn attend "Humans love smartphones"', 'attn attend --file sentences.txt --json', 'attn attend "a gripping, funny film" --model sst2', 'attn attend "money bank grows" --no-scale', 'attn attend "dog bites man" --positions sinusoidal --json', 'attn attend "the bank of the river" --tiles 2 --query 2', 'attn attend "money bank grows" --svg bank.svg', 'attn attend "money bank grows" --png bank.png'],
  async run(args, given) {
    const k = intOption('k', args.k, { min: 1, max: 100 })!;
    const temperature = numberOption('temperature', args.temperature, { positive: true });
    if ((args.file === undefined) === (args.sentence === undefined)) throw new UsageError('give a sentence (quoted) or --file F|- (one sentence per line), not both');
    const tileSize = intOption('tiles', args.tiles, { min: 1 });
    const query = intOption('query', args.query, { min: 1 });
    if (query !== undefined && tileSize === undefined) throw new UsageError('--query goes with --tiles N');
    if (tileSize !== undefined && args.model) throw new UsageError('--tiles shows the parameter-free attention; leave out --model');
    if (tileSize !== undefined && (args.svg ?? args.png) !== undefined) throw new UsageError(`--${args.svg !== undefined ? 'svg' : 'png'} draws the weights heatmap; leave out --tiles`);
    await checkImageOutputs(args);
    const wv = await vectorsFor(args);
    if (args.model) refuseWithModel(args, given);
    const trained = args.model ? await loadModelDir(args.model) : undefined; // loaded once for a whole --file
    if (trained) warnIfOtherVectors(trained.meta, wv);
    if (args.file !== undefined) {
      await forEachLine(args.file, (sentence) => attendOne(sentence, true), { json: args.json });
      return;
    }
    await attendOne(args.sentence!, false);

    async function attendOne(sentence: string, line: boolean): Promise<void> {
      if (trained) {
        // Learned heads: the model reads unknown words through its own <unk> row, so no unknown-word policy here.
        const { model, meta, dir } = trained;
        const words = tokenize(sentence);
        checkLength(words, args['max-tokens']);
        const e = await explainWithModel(model, wv, words);
        try {
          emit(args.json, { model: dir, ...explanationJson(e) }, () => renderModelExplanation(e, { colour: colourOn(false), modelName: meta.model.task }), { line });
        } finally {
          releaseTensors(e);
        }
        return;
      }
      const { tokens, skipped } = sentenceTokens(wv, sentence, args.unknown);
      checkLength(tokens, args['max-tokens']);
      const s = await contextualize(wv, tokens, { scale: args.scale, temperature, positions: positionsOf(args.positions) });
      try {
        if (tileSize === undefined) await show(tokens, skipped, s, line);
        else await showTiles(tokens, skipped, s, line);
      } finally {
        releaseTensors(s);
      }
    }

    async function showTiles(tokens: string[], skipped: string[], s: ContextualSentence, line: boolean): Promise<void> {
      const row = (query ?? 1) - 1;
      if (row >= tokens.length) throw new UsageError(`--query ${query}: the sentence has ${tokens.length} words`);
      const t = await tilesOf(s, row, tileSize!);
      emit(args.json, { tokens, skipped, ...tilesJson(tokens, t) }, () => renderTiles(tokens, t) + (line ? '\n' : ''), { line });
    }

    async function show(tokens: string[], skipped: string[], s: ContextualSentence, line: boolean): Promise<void> {
      const { scores, weights, outputs } = s.attention;
      if (args.svg || args.png) await writeHeatmap({ svg: args.svg, png: args.png }, tokens, await weights.data(), `Self-attention weights: ${tokens.join(' ')}`);
      if (args.json) {
        emit(true, { tokens, scale: args.scale, positions: positionsOf(args.positions), divisor: s.attention.divisor, scores: rows((await scores.array()) as number[][]), weights: rows((await weights.array()) as number[][]), outputs: rows((await outputs.array()) as number[][]), skipped }, () => '', { line });
        return;
      }
      const T = tokens.length;
      const out: string[] = [];
      out.push(heading(`Self-attention over ${T} words (scores ${args.scale ? `÷ √${wv.dim}` : 'unscaled'}${temperature ? ` ÷ ${temperature}` : ''}, positions: ${positionsOf(args.positions)})`));
      const w = await weights.data();
      if (T <= HEATMAP_MAX_WORDS) out.push(renderHeatmap(tokens, tokens, w, { colour: colourOn(false), title: 'weights (row = query word, column = key word; rows sum to 1)' }));
      else out.push(`the ${TOP_WEIGHTS} largest weights of each query word (${T} words: the ${T}×${T} matrix is too wide for a terminal; --json prints every weight)`, renderTopWeights(tokens, w, TOP_WEIGHTS));
      out.push('');
      out.push(heading('Each output is a weighted sum of the static vectors'));
      const shown = Math.min(T, 12);
      const outputValues = await outputs.data();
      for (let i = 0; i < shown; i++) {
        // A long sentence's formula has T terms: show the largest, and say how many are left out.
        const top = Array.from({ length: T }, (_, j) => j).sort((a, b) => w[i * T + b] - w[i * T + a]).slice(0, TOP_WEIGHTS);
        const formula = T <= HEATMAP_MAX_WORDS ? (await explainAttention(tokens, s.attention, i)).formula
          : `y(${tokens[i]}) ≈ ${top.map((j) => `${w[i * T + j].toFixed(2)}·e(${tokens[j]})`).join(' + ')} + … (${T - TOP_WEIGHTS} smaller terms)`;
        const near = wv.mostSimilar({ positive: [outputValues.subarray(i * wv.dim, (i + 1) * wv.dim)], topk: k });
        out.push(`${formula}\n    nearest: ${near.map((n) => `${n.word} ${n.cosine.toFixed(3)}`).join(', ')}`);
      }
      if (T > shown) out.push(`… ${T - shown} more words (use --json for all)`);
      process.stdout.write(terminalSafe(out.join('\n')) + '\n' + (line ? '\n' : ''));
    }
  },
});
