// `--svg FILE` of attn attend: the output is checked before any work (a folder, a device, an unwritable place is
// refused up front), then the heatmap is written atomically, so a failed or interrupted run leaves no half file.
import { AttnError } from '../../src/index.js';
import { checkWritable, writeAtomically } from '../../src/node/index.js';
import { UsageError } from '../command.js';
import { heatmapSvg, SVG_MAX_WORDS } from '../render/heatmap-svg.js';

/** Refuse what --svg cannot serve, and an output that cannot be written, before vectors are even loaded. */
export async function checkSvgOutput(args: { svg?: string; file?: string; model?: string }): Promise<void> {
  if (args.svg === undefined) return;
  if (args.file !== undefined) throw new UsageError('--svg draws one sentence: give the sentence, not --file');
  if (args.model) throw new UsageError('--svg draws the parameter-free weights: leave out --model (attn explore shows the learned heads)');
  await checkWritable(args.svg, '--svg');
}

/** Write the (T, T) weights of `tokens` as an SVG heatmap to `path`, atomically; one line on stderr says so. */
export async function writeHeatmapSvg(path: string, tokens: string[], weights: ArrayLike<number>, title: string): Promise<void> {
  if (tokens.length > SVG_MAX_WORDS) {
    throw new AttnError('E_INPUT', `--svg draws at most ${SVG_MAX_WORDS} words (the sentence has ${tokens.length}); --json prints every weight`);
  }
  await writeAtomically(path, [new TextEncoder().encode(heatmapSvg(tokens, tokens, weights, { title, rowAxis: 'query words', colAxis: 'key words' }))]);
  process.stderr.write(`wrote ${path} (${tokens.length}×${tokens.length} weights)\n`);
}
