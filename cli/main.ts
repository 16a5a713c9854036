// The `attn` program: resolves the subcommand, runs it, and turns every failure into one line on
// stderr and an exit code — 0 success, 1 user error (bad input, unknown word, malformed file), 2 usage error.
// Stacks are shown only with ATTN_DEBUG=1.
import { runCommand, renderUsage, defineCommand, type CommandDef } from 'citty';
import picocolors from 'picocolors';
import { AttnError, setBackend, getBackend, backendInfo, useFastestBackend } from '../src/index.js';
import { UsageError, examplesFor } from './command.js';
import { terminalSafe } from './output.js';
import { layoutUsage } from './help.js';

// Colour on stderr only when stderr itself is a terminal and NO_COLOR is unset (picocolors looks at stdout).
const pc = picocolors.createColors(!!process.stderr.isTTY && !process.env.NO_COLOR);

const lazy = (load: () => Promise<CommandDef<any>>) => load;
const commands: Record<string, () => Promise<CommandDef<any>>> = {
  demo: lazy(async () => (await import('./commands/demo.js')).demoCommand),
  similar: lazy(async () => (await import('./commands/similar.js')).similarCommand),
  similarity: lazy(async () => (await import('./commands/similarity.js')).similarityCommand),
  analogy: lazy(async () => (await import('./commands/analogy.js')).analogyCommand),
  attend: lazy(async () => (await import('./commands/attend.js')).attendCommand),
  polysemy: lazy(async () => (await import('./commands/polysemy.js')).polysemyCommand),
  order: lazy(async () => (await import('./commands/order.js')).orderCommand),
  evaluate: lazy(async () => (await import('./commands/evaluate.js')).evaluateCommand),
  train: lazy(async () => (await import('./commands/train.js')).trainCommand),
  pretrain: lazy(async () => (await import('./commands/pretrain.js')).pretrainCommand),
  eval: lazy(async () => (await import('./commands/eval.js')).evalCommand),
  predict: lazy(async () => (await import('./commands/predict.js')).predictCommand),
  explore: lazy(async () => (await import('./commands/explore.js')).exploreCommand),
  embed: lazy(async () => (await import('./commands/embed.js')).embedCommand),
  completion: lazy(async () => (await import('./commands/completion.js')).completionCommand(() => root)),
};

const VERSION = '0.1.0';

const root = defineCommand({
  meta: { name: 'attn', version: VERSION, description: 'Self-attention from first principles, on real GloVe words.' },
  subCommands: commands,
});

async function usageText(argv: string[]): Promise<string> {
  let cmd: CommandDef<any> = root;
  let parent: CommandDef<any> | undefined;
  for (const a of argv.filter((x) => !x.startsWith('-'))) {
    const subs = (await (typeof cmd.subCommands === 'function' ? cmd.subCommands() : cmd.subCommands)) as Record<string, any> | undefined;
    if (!subs || !(a in subs)) break;
    parent = cmd;
    cmd = typeof subs[a] === 'function' ? await subs[a]() : await subs[a];
  }
  let text = await renderUsage(cmd, parent);
  const ex = examplesFor(cmd);
  if (ex.length) text += '\n\nEXAMPLES\n\n' + ex.map((e) => '  ' + e).join('\n');
  return layoutUsage(text) + '\n';
}

/** Run `attn` with these arguments; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    if (argv.length === 0 || argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
      process.stdout.write(await usageText(argv[0] === 'help' ? argv.slice(1) : argv));
      return 0;
    }
    const backend = await selectBackend();
    if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
      const on = backend.adapter ? `adapter ${backend.adapter}` : `${backend.threads} thread${backend.threads === 1 ? '' : 's'}`;
      process.stdout.write(`attn ${VERSION}\nbackend: ${backend.name}, ${on}${backend.fallback ? ` (fell back: ${backend.fallback})` : ''}\n`);
      return 0;
    }
    await runCommand(root, { rawArgs: argv });
    return Number(process.exitCode ?? 0); // a command that finished but was interrupted sets 130
  } catch (e) {
    return report(e, argv);
  } finally {
    // A GPU backend holds a device, which would keep the process alive: release it (js and wasm have nothing to).
    getBackend().destroy?.();
  }
}

/** The backend every command computes on: ATTNLAB_BACKEND (js, wasm or webgpu) with ATTNLAB_THREADS (wasm's),
 *  else the fastest that starts here (wasm on all cores, js if it cannot start). webgpu is never picked unasked:
 *  on a machine without a GPU it runs on a CPU driver, slower than wasm. */
async function selectBackend(): Promise<{ name: string; threads: number; adapter?: string; fallback?: string }> {
  const name = process.env.ATTNLAB_BACKEND, t = process.env.ATTNLAB_THREADS;
  const threads = t === undefined || t === '' ? undefined : Number(t);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 256)) {
    throw new UsageError(`ATTNLAB_THREADS=${t}: expected a whole number of threads from 1 to 256`);
  }
  if (!name) return useFastestBackend(['wasm'], { threads });
  if (name !== 'js' && name !== 'wasm' && name !== 'webgpu') throw new UsageError(`ATTNLAB_BACKEND=${name}: expected js, wasm or webgpu`);
  try {
    await setBackend(name, name === 'webgpu' ? undefined : { threads });
  } catch (e) {
    if (name !== 'webgpu') throw e;
    // Asked for by name, so no silent fallback: say why it cannot start and what runs without it.
    const why = (e as Error).message.replace(/^webgpu backend: /, '');
    throw new AttnError('E_UNSUPPORTED', `ATTNLAB_BACKEND=webgpu: the WebGPU backend cannot start: ${why}`, {
      hint: 'Unset ATTNLAB_BACKEND to run on wasm (the default, js where wasm cannot start), or set ATTNLAB_BACKEND=js.',
    });
  }
  return backendInfo();
}

async function report(e: unknown, argv: string[]): Promise<number> {
  if (process.env.ATTN_DEBUG) console.error(e);
  // With --json, the error is JSON too (one line on stderr), and the exit code is the same.
  if (argv.includes('--json')) {
    const usage = e instanceof UsageError || (e as { name?: string })?.name === 'CLIError';
    const attn = e instanceof AttnError ? e : undefined;
    const error = { code: attn?.code ?? (usage ? 'E_USAGE' : 'E_INTERNAL'), message: (e as Error)?.message ?? String(e), ...attn?.details };
    console.error(JSON.stringify({ error }));
    return usage ? 2 : 1;
  }
  if (e instanceof AttnError) {
    console.error(`${pc.red('attn: error:')} ${terminalSafe(e.message)}`);
    if (e.details.hint) console.error(terminalSafe(e.details.hint));
    return 1;
  }
  const name = (e as { name?: string })?.name;
  if (e instanceof UsageError || name === 'CLIError') {
    console.error(`${pc.red('attn: usage error:')} ${terminalSafe((e as Error).message)}`);
    const words = argv.filter((a) => !a.startsWith('-'));
    const path = words[0] in commands ? ((words[0] === 'evaluate' || words[0] === 'embed') && words[1] ? words.slice(0, 2) : words.slice(0, 1)) : [];
    console.error(`Run 'attn ${[...path, '--help'].join(' ')}' for usage.`);
    return 2;
  }
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    console.error(`${pc.red('attn: error:')} ${(e as Error).message}`);
    return 1;
  }
  console.error(`${pc.red('attn: internal error:')} ${(e as Error)?.message ?? String(e)} (run with ATTN_DEBUG=1 for details; please report it)`);
  return 1;
}
