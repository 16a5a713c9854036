// Node only, private: one Hogwild thread of trainWord2vecFile. It reads its byte range of the corpus
// each epoch and updates the shared matrices without locks (as word2vec.c and gensim do); its progress
// and totals go to its own slots of shared arrays. With the wasm kernel it instantiates the module on the
// shared WebAssembly.Memory it is given and trains through its own batch there. Not an entry point: word2vec-file.ts starts it.
import { parentPort, workerData } from 'node:worker_threads';
import { createModel, SentenceTrainer } from '../embeddings/word2vec/train.js';
import { forEachLine, forEachLineBytes } from './corpus-file.js';
import type { PartData } from './word2vec-file.js';

const d = workerData as PartData;
const vocab = { ...d.vocab, index: new Map(d.vocab.words.map((w, i) => [w, i])) };
const model = createModel(vocab, d.settings, d.buffers, false);
const trainer = new SentenceTrainer(model, vocab, d.settings, new Float64Array(d.progress), d.slot, new Float64Array(d.totals, d.slot * 24, 3));
parentPort!.on('message', (epoch: number) => {
  trainer.startEpoch(epoch);
  if (d.tokenize) forEachLine(d.path, d.range[0], d.range[1], (t) => trainer.add(t), { tokenize: true });
  else forEachLineBytes(d.path, d.range[0], d.range[1], (b, from, to) => trainer.addBytes(b, from, to));
  trainer.flush();
  parentPort!.postMessage(epoch);
});
