// Shell completion scripts for bash, zsh and fish, generated from the commands' own citty definitions (names,
// options, value hints, descriptions), so that a new command or option is completed without touching this file.
// Not a runtime completer: the script is static text; it does not call `attn` back while the user types.
import type { ArgsDef, CommandDef } from 'citty';

export interface OptionSpec {
  /** As typed: `--max-tokens`, `-k` (one letter). */
  flags: string[];
  /** The boolean's negation, `--no-scale`, where one is meaningful (default true or a negative description). */
  negation: string | null;
  negationDescription?: string;
  takesValue: boolean;
  /** Literal values from a hint such as `error|skip` (or extra ones: shipped model names). */
  values: string[];
  /** Complete file names (`PATH`, `FILE`, `F`), or folders (`DIR`). */
  files: 'file' | 'dir' | null;
  description: string;
}

export interface CommandSpec {
  /** ['evaluate', 'pairs'] */
  path: string[];
  description: string;
  options: OptionSpec[];
  subcommands: CommandSpec[];
  /** A positional argument is a file (`FILE`, `CORPUS`), or one of these literal values. */
  positional: { files: boolean; values: string[] };
}

type Resolvable<T> = T | Promise<T> | (() => T) | (() => Promise<T>);
const resolve = async <T>(r: Resolvable<T> | undefined): Promise<T | undefined> => (typeof r === 'function' ? (r as () => T | Promise<T>)() : r);
const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
const flag = (n: string) => (n.length === 1 ? `-${n}` : `--${kebab(n)}`);
const LITERALS = /^[a-z0-9][a-z0-9-]*(\|[a-z0-9][a-z0-9-]*)+$/;
const FILE_HINTS = new Set(['PATH', 'FILE', 'F', 'CORPUS']);

function optionOf(name: string, def: ArgsDef[string], extra: Record<string, string[]>): OptionSpec {
  const aliases = ([] as string[]).concat((def as { alias?: string | string[] }).alias ?? []);
  const hint = def.valueHint ?? '';
  const parts = hint.split(/[|,[\]]/).filter(Boolean);
  const boolean = def.type === 'boolean';
  return {
    flags: [name, ...aliases].map(flag),
    negation: boolean && (def.default === true || 'negativeDescription' in def) ? `--no-${kebab(name)}` : null,
    negationDescription: (def as { negativeDescription?: string }).negativeDescription ?? `Not: ${def.description ?? ''}`,
    takesValue: !boolean,
    values: [...(LITERALS.test(hint) ? parts : parts.filter((p) => /^[a-z0-9][a-z0-9-]*$/.test(p) && p !== '-')), ...(extra[name] ?? [])],
    files: parts.includes('DIR') ? 'dir' : parts.some((p) => FILE_HINTS.has(p)) ? 'file' : null,
    description: def.description ?? '',
  };
}

/**
 * The command tree under `root`, every lazy subcommand loaded. `extraValues` adds literal values to options by
 * name (the shipped model names to `model`).
 * @example const spec = await commandSpec(root, { model: ['sst2', 'wic'] });
 */
export async function commandSpec(root: CommandDef<any>, extraValues: Record<string, string[]> = {}, path: string[] = []): Promise<CommandSpec> {
  const meta = await resolve(root.meta);
  const args = ((await resolve(root.args)) ?? {}) as ArgsDef;
  const subs = ((await resolve(root.subCommands)) ?? {}) as Record<string, Resolvable<CommandDef<any>>>;
  const subcommands: CommandSpec[] = [];
  for (const [name, sub] of Object.entries(subs)) subcommands.push(await commandSpec((await resolve(sub))!, extraValues, [...path, name]));
  const positionals = Object.entries(args).filter(([, d]) => d.type === 'positional');
  const options = Object.entries(args).filter(([, d]) => d.type !== 'positional').map(([n, d]) => optionOf(n, d, extraValues));
  options.push({ flags: ['--help', '-h'], negation: null, takesValue: false, values: [], files: null, description: 'Show help' });
  if (path.length === 0) options.push({ flags: ['--version', '-v'], negation: null, takesValue: false, values: [], files: null, description: 'Show the version' });
  const hints = positionals.map(([n, d]) => (d.valueHint ?? n).toUpperCase());
  const literal = positionals.map(([, d]) => d.valueHint ?? '').find((h) => LITERALS.test(h));
  return {
    path,
    description: meta?.description ?? '',
    options,
    subcommands,
    positional: { files: hints.some((h) => FILE_HINTS.has(h)), values: literal ? literal.split('|') : [] },
  };
}

function walk(c: CommandSpec, f: (c: CommandSpec) => void): void {
  f(c);
  c.subcommands.forEach((s) => walk(s, f));
}

const words = (xs: string[]) => xs.join(' ');
const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`; // a single-quoted shell word

/** A bash script: `source <(attn completion bash)`. */
export function bashScript(root: CommandSpec): string {
  const valued = new Set<string>();
  walk(root, (c) => c.options.filter((o) => o.takesValue).forEach((o) => o.flags.forEach((f) => valued.add(f))));
  const steps: string[] = [];
  walk(root, (c) => {
    if (c.subcommands.length) steps.push(`      ${sq(c.path.join(' '))}) case "$w" in ${c.subcommands.map((s) => s.path.at(-1)).join('|')}) path="\${path:+$path }$w" ;; esac ;;`);
  });
  const cases: string[] = [];
  walk(root, (c) => {
    const lines = [`    ${sq(c.path.join(' '))})`];
    const prevCases = c.options.filter((o) => o.takesValue).map((o) => {
      const gen = [o.values.length ? `$(compgen -W ${sq(words(o.values))} -- "$cur")` : '', o.files ? `$(compgen ${o.files === 'dir' ? '-d' : '-f'} -- "$cur")` : ''].filter(Boolean).join(' ');
      return `        ${o.flags.join('|')}) ${o.files ? 'compopt -o filenames 2>/dev/null; ' : ''}COMPREPLY=(${gen}); return ;;`;
    });
    if (prevCases.length) lines.push('      case "$prev" in', ...prevCases, '      esac');
    const opts = c.options.flatMap((o) => [...o.flags, ...(o.negation ? [o.negation] : [])]);
    lines.push(`      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W ${sq(words(opts))} -- "$cur")); return; fi`);
    if (c.subcommands.length) lines.push(`      COMPREPLY=($(compgen -W ${sq(words(c.subcommands.map((s) => s.path.at(-1)!)))} -- "$cur"))`);
    else if (c.positional.values.length) lines.push(`      COMPREPLY=($(compgen -W ${sq(words(c.positional.values))} -- "$cur"))`);
    else if (c.positional.files) lines.push('      compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur"))');
    lines.push('      ;;');
    cases.push(...lines);
  });
  return `# bash completion for attn, generated by \`attn completion bash\`. Load it with: source <(attn completion bash)
_attn() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" path="" w i skip=""
  COMPREPLY=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    if [[ -n "$skip" ]]; then skip=""; continue; fi
    case "$w" in
      ${[...valued].join('|')}) skip=1; continue ;;
      -*) continue ;;
    esac
    case "$path" in
${steps.join('\n')}
    esac
  done
  case "$path" in
${cases.join('\n')}
  esac
}
complete -F _attn attn
`;
}

// zsh: _arguments specs, one function per command; descriptions escaped for the [...] of a spec.
const zdesc = (s: string) => s.replace(/\\/g, '\\\\').replace(/([[\]])/g, '\\$1'); // sq() quotes the whole spec after
const zname = (c: CommandSpec) => ['_attn', ...c.path].join('_').replace(/-/g, '_');

/** A zsh script: `source <(attn completion zsh)`, or save it as `_attn` in a folder of $fpath. */
export function zshScript(root: CommandSpec): string {
  const fns: string[] = [];
  walk(root, (c) => {
    const specs = c.options.flatMap((o) => {
      const files = o.files === 'dir' ? '_files -/' : o.files ? '_files' : '';
      const action = o.values.length && files ? `{compadd -- ${o.values.join(' ')}; ${files}}`
        : o.values.length ? `(${o.values.join(' ')})` : files || ' ';
      const value = o.takesValue ? `:${zdesc(o.flags[0].replace(/^-+/, ''))}:${action}` : '';
      const excl = o.flags.length > 1 || o.negation ? `(${[...o.flags, ...(o.negation ? [o.negation] : [])].join(' ')})` : '';
      const main = (excl ? sq(excl) : '') + (o.flags.length > 1 ? `{${o.flags.join(',')}}` : o.flags[0]);
      const neg = o.negation ? [`    ${sq(`(${o.flags.join(' ')} ${o.negation})${o.negation}[${zdesc(o.negationDescription!)}]`)}`] : [];
      return [`    ${main}${sq(`[${zdesc(o.description)}]${value}`)}`, ...neg];
    });
    const lines = [`${zname(c)}() {`];
    if (c.subcommands.length) {
      lines.push('  local -a subcommands', '  subcommands=(');
      lines.push(...c.subcommands.map((s) => `    ${sq(`${s.path.at(-1)}:${s.description}`)}`), '  )');
      lines.push('  local curcontext="$curcontext" state line', "  _arguments -C -A '-*' \\", ...specs.map((s) => s + ' \\'), "    '1: :->cmd' \\", "    '*:: :->args'");
      lines.push('  case $state in', "    cmd) _describe -t commands 'attn command' subcommands ;;", '    args)', '      case $line[1] in');
      lines.push(...c.subcommands.map((s) => `        ${s.path.at(-1)}) ${zname(s)} ;;`), '      esac ;;', '  esac');
    } else {
      const rest = c.positional.values.length ? `'*:value:(${c.positional.values.join(' ')})'` : c.positional.files ? "'*:file:_files'" : "'*:argument:( )'";
      lines.push('  _arguments -s \\', ...specs.map((s) => s + ' \\'), `    ${rest}`);
    }
    lines.push('}');
    fns.push(lines.join('\n'));
  });
  return `#compdef attn
# zsh completion for attn, generated by \`attn completion zsh\`. Load it with: source <(attn completion zsh)
${fns.join('\n\n')}

if [[ "$funcstack[1]" == _attn ]]; then _attn "$@"; else compdef _attn attn; fi
`;
}

/** A fish script: `attn completion fish | source`, or save it as ~/.config/fish/completions/attn.fish. */
export function fishScript(root: CommandSpec): string {
  const lines = ['# fish completion for attn, generated by `attn completion fish`. Load it with: attn completion fish | source', 'complete -c attn -f'];
  // A command is current when its path has been seen and none of its own subcommands has.
  const nested = new Map<string, string[]>(); // a subcommand name -> the parents that have it below them
  walk(root, (c) => c.path.length > 1 && nested.set(c.path.at(-1)!, [...(nested.get(c.path.at(-1)!) ?? []), c.path[0]]));
  const condition = (c: CommandSpec): string => {
    if (c.path.length === 0) return '__fish_use_subcommand';
    const parts = c.path.map((p) => `__fish_seen_subcommand_from ${p}`);
    if (c.path.length === 1 && nested.has(c.path[0])) parts.push(`not __fish_seen_subcommand_from ${nested.get(c.path[0])!.join(' ')}`);
    if (c.subcommands.length) parts.push(`not __fish_seen_subcommand_from ${c.subcommands.map((s) => s.path.at(-1)).join(' ')}`);
    return parts.join('; and ');
  };
  walk(root, (c) => {
    const cond = sq(condition(c));
    for (const s of c.subcommands) lines.push(`complete -c attn -n ${cond} -a ${sq(s.path.at(-1)!)} -d ${sq(s.description)}`);
    if (c.positional.values.length) lines.push(`complete -c attn -n ${cond} -a ${sq(words(c.positional.values))}`);
    if (c.positional.files) lines.push(`complete -c attn -n ${cond} -F`);
    for (const o of c.options) {
      const names = o.flags.map((f) => (f.startsWith('--') ? `-l ${f.slice(2)}` : `-s ${f.slice(1)}`)).join(' ');
      const value = !o.takesValue ? '' : o.values.length ? ` -x -a ${sq(words(o.values))}` : o.files ? ' -r -F' : ' -x';
      lines.push(`complete -c attn -n ${cond} ${names}${value} -d ${sq(o.description)}`);
      if (o.negation) lines.push(`complete -c attn -n ${cond} -l ${o.negation.slice(2)} -d ${sq(o.negationDescription!)}`);
    }
  });
  return lines.join('\n') + '\n';
}
