// `--svg FILE` and `--png FILE` of attn attend: the outputs are checked before any work (a folder, a device, an
// unwritable place is refused up front), then the heatmap is written atomically, so a failed or interrupted run
// leaves no half file. The PNG is the same SVG rendered by resvg (cli/render/svg-to-png.ts, an optional dependency).
import { AttnError } from '../../src/index.js';
import { checkWritable, writeAtomically } from '../../src/node/index.js';
import { UsageError } from '../command.js';
import { heatmapSvg, SVG_MAX_WORDS } from '../render/heatmap-svg.js';
import { svgToPng } from '../render/svg-to-png.js';

/** Where the heatmap goes: either or both. */
export interface ImageOutputs {
  svg?: string;
  png?: string;
}

/** Refuse what --svg/--png cannot serve, and an output that cannot be written, before vectors are even loaded. */
export async function checkImageOutputs(args: ImageOutputs & { file?: string; model?: string }): Promise<void> {
  for (const flag of ['svg', 'png'] as const) {
    const path = args[flag];
    if (path === undefined) continue;
    if (args.file !== undefined) throw new UsageError(`--${flag} draws one sentence: give the sentence, not --file`);
    if (args.model) throw new UsageError(`--${flag} draws the parameter-free weights: leave out --model (attn explore shows the learned heads)`);
    if (path === args[flag === 'svg' ? 'png' : 'svg']) throw new UsageError(`--svg and --png name the same file (${path})`);
    await checkWritable(path, `--${flag}`);
  }
}

/** Write the (T, T) weights of `tokens` as a heatmap (SVG, PNG or both), each atomically; a line on stderr says so. */
export async function writeHeatmap(to: ImageOutputs, tokens: string[], weights: ArrayLike<number>, title: string): Promise<void> {
  const flag = to.svg !== undefined ? '--svg' : '--png';
  if (tokens.length > SVG_MAX_WORDS) {
    throw new AttnError('E_INPUT', `${flag} draws at most ${SVG_MAX_WORDS} words (the sentence has ${tokens.length}); --json prints every weight`);
  }
  const svg = heatmapSvg(tokens, tokens, weights, { title, rowAxis: 'query words', colAxis: 'key words' });
  const png = to.png !== undefined ? await svgToPng(svg) : undefined; // rendered first: a failure writes neither file
  for (const [path, bytes] of [[to.svg, new TextEncoder().encode(svg)], [to.png, png]] as const) {
    if (path === undefined || !bytes) continue;
    await writeAtomically(path, [bytes]);
    process.stderr.write(`wrote ${path} (${tokens.length}×${tokens.length} weights)\n`);
  }
}
