// `attn embed demo` — word2vec in a few seconds on the bundled sample of the 1913 Webster dictionary
// (data/webster-1913-sample.txt, public domain): the nearest neighbours of a few words after each epoch,
// from random vectors to meaningful ones. In memory through the library's trainWord2vec, one thread.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainWord2vec, type WordVectors } from '../../src/index.js';
import { lineTokens, packageRoot } from '../../src/node/index.js';
import { attnCommand, intOption } from '../command.js';
import { emit, r } from '../output.js';
import { heading, table } from '../render/text.js';

export const DEMO_TEXT = 'data/webster-1913-sample.txt';
const PROBES = ['red', 'horse', 'iron', 'three', 'water', 'small'];

export const demoEmbedCommand = attnCommand({
  name: 'demo',
  description: 'Train tiny word2vec vectors on a bundled public-domain text in seconds and watch neighbours emerge',
  args: {
    epochs: { type: 'string', valueHint: 'N', description: 'Passes over the text (default 20)' },
    seed: { type: 'string', valueHint: 'S', description: 'Seed (default 1)' },
    json: { type: 'boolean', description: 'Print machine-readable JSON on stdout', default: false },
  },
  examples: ['attn embed demo', 'attn embed demo --epochs 10 --json'],
  async run(args) {
    const lines = readFileSync(join(packageRoot(), DEMO_TEXT), 'utf8').split('\n').map((l) => lineTokens(l)).filter((t) => t.length);
    const epochs = intOption('epochs', args.epochs, { max: 100 }) ?? 20;
    const snapshots: { epoch: number; loss: number; seconds: number; neighbours: Record<string, string[]> }[] = [];
    const near = (wv: WordVectors) => Object.fromEntries(PROBES.filter((w) => wv.has(w)).map((w) => [w, wv.mostSimilar({ positive: [w], topk: 5 }).map((n) => n.word)]));
    const res = trainWord2vec(() => lines, {
      arch: 'cbow', dim: 50, window: 5, minCount: 3, sample: 1e-3, epochs, alpha: 0.05, seed: intOption('seed', args.seed, { min: 0 }) ?? 1,
      onEvent: (e) => {
        if (e.type === 'epoch' && e.vectors) snapshots.push({ epoch: e.epoch + 1, loss: e.loss, seconds: e.seconds, neighbours: near(e.vectors()) });
      },
    });
    emit(args.json, { text: DEMO_TEXT, tokens: res.vocab.totalWords, vocabSize: res.vocab.words.length, seconds: r(res.seconds, 2), epochs: snapshots.map((s) => ({ ...s, loss: r(s.loss) })) }, () => [
      heading(`word2vec (CBOW, 50 dims) on ${res.vocab.totalWords.toLocaleString('en')} tokens of the 1913 Webster, ${res.vocab.words.length.toLocaleString('en')} words, ${res.seconds.toFixed(1)} s`),
      'Each word starts as a random vector; predicting words from their neighbours pulls words used alike together.',
      ...snapshots.filter((s, i) => i === 0 || i === snapshots.length - 1 || s.epoch === 2).map((s) =>
        `\nafter epoch ${s.epoch} (loss ${s.loss.toFixed(3)}):\n` + table(['word', 'nearest neighbours'], Object.entries(s.neighbours).map(([w, n]) => [w, n.join(', ')]))),
      `\nTrain your own: attn embed train CORPUS --out vectors.bin (scripts/build-corpus.sh builds a 10M-token corpus).`,
    ].join('\n'));
  },
});
