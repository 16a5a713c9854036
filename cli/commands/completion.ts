// `attn completion bash|zsh|fish` — print a shell completion script made from the commands' own definitions.
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandDef } from 'citty';
import { attnCommand, UsageError } from '../command.js';
import { commandSpec, bashScript, zshScript, fishScript } from '../completion.js';
import { shippedModelsDir } from './_task-io.js';

const SHELLS = { bash: bashScript, zsh: zshScript, fish: fishScript };

/** The names of the shipped models, offered for --model beside folders. */
function shippedModels(): string[] {
  const dir = shippedModelsDir();
  return existsSync(dir) ? readdirSync(dir).filter((n) => existsSync(join(dir, n, 'config.json'))).sort() : [];
}

/** The command, given the program's root command (whose tree it describes, itself included). */
export function completionCommand(root: () => CommandDef<any>) {
  return attnCommand({
    name: 'completion',
    description: 'Print a shell completion script (bash, zsh or fish) for attn',
    args: {
      shell: { type: 'positional', valueHint: 'bash|zsh|fish', description: 'The shell', required: true },
    },
    examples: ['source <(attn completion bash)     # in ~/.bashrc', 'source <(attn completion zsh)      # in ~/.zshrc', 'attn completion fish > ~/.config/fish/completions/attn.fish'],
    async run(args) {
      const make = SHELLS[args.shell as keyof typeof SHELLS];
      if (!Object.hasOwn(SHELLS, args.shell) || !make) throw new UsageError(`attn completion takes bash, zsh or fish, got '${args.shell}'`);
      process.stdout.write(make(await commandSpec(root(), { model: shippedModels() })));
    },
  });
}
