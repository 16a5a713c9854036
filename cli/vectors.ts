// Loading word vectors for a command: the bundled default, a file, or 'glove-100d', with a progress
// bar on stderr (only on a terminal, only for loads that take a while). Shared options live here too.
import cliProgress from 'cli-progress';
import { loadVectors, loadDefaultVectors, type LoadProgress } from '../src/node/index.js';
import type { WordVectors } from '../src/index.js';
import { intOption } from './command.js';
import { progressOn } from './progress.js';

export const vectorArgs = {
  vectors: {
    type: 'string',
    valueHint: 'PATH|glove-100d',
    description: 'Vectors file (GloVe/word2vec/fastText text, word2vec .bin, .attnvec) or glove-100d (full 341k GloVe); default: bundled 50k GloVe',
  },
  limit: { type: 'string', valueHint: 'N', description: 'Load only the first N (most frequent) words' },
  json: { type: 'boolean', description: 'Print machine-readable JSON on stdout', default: false },
} as const;

export async function vectorsFor(args: { vectors?: string; limit?: string }): Promise<WordVectors> {
  const limit = intOption('limit', args.limit);
  if (!args.vectors) return loadDefaultVectors({ limit });
  const tty = progressOn();
  let bar: cliProgress.SingleBar | undefined;
  const onProgress = (p: LoadProgress) => {
    if (!tty || !p.bytesTotal || p.bytesTotal < 4e6) return;
    if (!bar) {
      bar = new cliProgress.SingleBar(
        { format: `{phase} ${args.vectors} [{bar}] {percentage}% | {mb}/{totalMb} MB | {words} words | ETA {eta}s`, hideCursor: true, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      );
      bar.start(p.bytesTotal, 0, { phase: p.phase === 'convert' ? 'caching' : 'loading', mb: '0', totalMb: (p.bytesTotal / 1e6).toFixed(0), words: 0 });
    }
    bar.update(p.bytesDone, { mb: (p.bytesDone / 1e6).toFixed(0), words: p.words });
  };
  try {
    return await loadVectors(args.vectors, { limit, onProgress });
  } finally {
    bar?.stop();
  }
}

/** A query word as typed when the vectors have it (cased vectors: `Paris`), else lower-cased (GloVe: `paris`). */
export function queryWord(wv: WordVectors, word: string): string {
  const w = word.trim();
  return wv.has(w) ? w : w.toLowerCase();
}
