// How an `attn` subcommand is declared: citty's typed args plus examples for --help, and a run that
// returns an exit code. Unknown flags are usage errors (exit 2), not silently ignored.
import { defineCommand, type ArgsDef, type CommandDef, type ParsedArgs } from 'citty';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface AttnCommand<T extends ArgsDef> {
  name: string;
  description: string;
  args: T;
  examples: string[];
  /** The command reads its positional arguments itself (`args._`) and checks their number. */
  variadic?: boolean;
  /** `given` holds the options named on the command line (canonical names, as in `args`), defaults excluded. */
  run(args: ParsedArgs<T>, given: ReadonlySet<string>): Promise<void> | void;
}

const examplesOf = new WeakMap<object, string[]>();

export function examplesFor(cmd: object): string[] {
  return examplesOf.get(cmd) ?? [];
}

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

function knownNames(args: ArgsDef): Set<string> {
  const known = new Set<string>(['_', 'help', 'h']);
  for (const [name, def] of Object.entries(args)) {
    for (const n of [name, ...(def.type === 'positional' ? [] : ([] as string[]).concat((def as { alias?: string | string[] }).alias ?? []))]) {
      known.add(n).add(camel(n)).add(kebab(n));
      if (def.type === 'boolean') known.add('no' + n[0].toUpperCase() + n.slice(1)).add('no-' + n);
    }
  }
  return known;
}

// The options named in argv, by their canonical name: `-n 3`, `-k3`, `--k=3` and `--no-scale` give 'k' and 'scale'.
// Stops at `--`; a value that looks like an option is counted as one (a usage error is raised for it anyway).
function givenOptions(args: ArgsDef, rawArgs: readonly string[]): Set<string> {
  const canonical = new Map<string, string>();
  for (const [name, def] of Object.entries(args)) {
    if (def.type === 'positional') continue;
    for (const n of [name, ...([] as string[]).concat((def as { alias?: string | string[] }).alias ?? [])]) {
      canonical.set(n, name).set(camel(n), name).set(kebab(n), name);
      if (def.type === 'boolean') canonical.set('no-' + kebab(n), name).set('no' + n[0].toUpperCase() + n.slice(1), name);
    }
  }
  const given = new Set<string>();
  for (const a of rawArgs) {
    if (a === '--') break;
    const m = /^--?([A-Za-z][\w-]*)(=|$)/.exec(a);
    // `-k3` is -k with the value 3, `-kn` two short flags
    const names = m && canonical.has(m[1]) ? [m[1]] : /^-[A-Za-z]/.test(a) ? [...a.slice(1).replace(/[^A-Za-z].*$/, '')] : [];
    for (const n of names) if (canonical.has(n)) given.add(canonical.get(n)!);
  }
  return given;
}

/** An option's name as the command line spelled it (`--no-x`, `-z`), from the key the parser made of it. */
function asTyped(key: string, rawArgs: string[]): string {
  const end = rawArgs.indexOf('--');
  const flags = (end < 0 ? rawArgs : rawArgs.slice(0, end)).map((a) => a.replace(/=.*$/s, '')).filter((a) => a.startsWith('-'));
  const spellings = [key, kebab(key)].flatMap((k) => [`--${k}`, `--no-${k}`, `-${k}`]);
  const short = key.length === 1 ? flags.find((f) => /^-[A-Za-z]+$/.test(f) && f.includes(key)) : undefined; // -kz: in a group
  return flags.find((f) => spellings.includes(f)) ?? short ?? `--${key}`;
}

/** Declare a subcommand. */
export function attnCommand<const T extends ArgsDef>(spec: AttnCommand<T>): CommandDef<T> {
  const known = knownNames(spec.args);
  const cmd = defineCommand<T>({
    meta: { name: spec.name, description: spec.description },
    args: spec.args,
    async run({ args, rawArgs }) {
      const unknown = Object.keys(args).filter((k) => !known.has(k));
      if (unknown.length) throw new UsageError(`unknown option${unknown.length > 1 ? 's' : ''}: ${[...new Set(unknown.map((u) => asTyped(u, rawArgs)))].join(', ')}`);
      // A string option given with no value (`--limit` at the end, or before another option) is not its default.
      for (const [name, def] of Object.entries(spec.args)) {
        const v = (args as Record<string, unknown>)[name];
        const optionAsValue = typeof v === 'string' && /^--?[a-z]/i.test(v) && known.has(v.replace(/^--?(no-)?/, ''));
        if (def.type === 'string' && (v === '' || v === true || optionAsValue)) throw new UsageError(`${name.length === 1 ? '-' : '--'}${kebab(name)} needs a value${def.valueHint ? ` (${def.valueHint})` : ''}`);
      }
      const positionals = Object.entries(spec.args).filter(([, d]) => d.type === 'positional').map(([n]) => n.toUpperCase());
      const given = ((args as { _?: unknown[] })._ ?? []).map(String);
      if (!spec.variadic && given.length > positionals.length) {
        throw new UsageError(`unexpected argument${given.length - positionals.length > 1 ? 's' : ''} ${given.slice(positionals.length).map((g) => `'${g}'`).join(' ')} (attn ${spec.name} takes ${positionals.join(' ') || 'no positional arguments'}; quote a sentence)`);
      }
      await spec.run(args, givenOptions(spec.args, rawArgs));
    },
  });
  examplesOf.set(cmd, spec.examples);
  return cmd;
}

/** Parse a positive integer option or throw a usage error naming it. */
export function intOption(name: string, value: unknown, { min = 1, max = Number.MAX_SAFE_INTEGER } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = /^[+-]?\d+$/.test(String(value)) ? Number(value) : NaN; // decimal digits only: 0x10, 1e3, ' 7' are refused
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer between ${min} and ${max}, got '${value}'`);
  return n;
}

/** Parse a finite number option. */
export function numberOption(name: string, value: unknown, { positive = false } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(String(value)) ? Number(value) : NaN; // no hex, no blanks, no Infinity
  if (!Number.isFinite(n) || (positive && n <= 0)) throw new UsageError(`--${name} must be a ${positive ? 'positive ' : ''}number, got '${value}'`);
  return n;
}
