// `attn completion bash|zsh|fish`: scripts made from the commands' own definitions. Every command and every option
// that --help lists appears in each script; each script parses in its shell (zsh and fish where installed; the
// skip is printed); the bash script completes commands, options and option values when driven like bash does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attn } from './_run.js';

const scripts: Record<string, string> = {};
for (const shell of ['bash', 'zsh', 'fish']) {
  const r = attn(['completion', shell]);
  assert.equal(r.code, 0, r.stderr);
  scripts[shell] = r.stdout;
}
const dir = mkdtempSync(join(tmpdir(), 'attn-completion-'));
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

// Commands and options as --help shows them: the oracle the scripts are checked against.
function helpOf(path: string[]): { commands: string[]; options: string[] } {
  const text = attn([...path, '--help'], { env: { COLUMNS: '200' } }).stdout;
  const section = (name: string) => text.split(`\n${name}\n`)[1]?.split(/\n[A-Z]+\n/)[0] ?? '';
  const commands = [...section('COMMANDS').matchAll(/^ {2}([a-z][\w-]*) /gm)].map((m) => m[1]);
  const options = [...section('OPTIONS').matchAll(/^ {2}(?:-(\w), )?--([\w-]+)/gm)].map((m) => (m[2].length === 1 ? `-${m[2]}` : `--${m[2]}`));
  return { commands, options };
}

test('every command, subcommand and option of --help appears in the bash, zsh and fish scripts', () => {
  const top = helpOf([]).commands;
  assert.ok(top.length >= 14 && top.includes('completion') && top.includes('attend'), `${top}`);
  const paths = top.flatMap((c) => {
    const subs = helpOf([c]).commands;
    return subs.length ? subs.map((s) => [c, s]) : [[c]];
  });
  assert.ok(paths.some((p) => p.join(' ') === 'evaluate pairs') && paths.some((p) => p.join(' ') === 'embed train'));
  for (const [shell, script] of Object.entries(scripts)) {
    for (const c of [...top, 'pairs', 'analogies']) assert.ok(new RegExp(`\\b${c}\\b`).test(script), `${shell}: no command ${c}`);
    for (const p of paths) {
      for (const o of helpOf(p).options) {
        const name = shell === 'fish' ? (o.startsWith('--') ? `-l ${o.slice(2)}` : `-s ${o.slice(1)}`) : o;
        assert.ok(script.includes(name), `${shell}: attn ${p.join(' ')} ${o} missing`);
      }
    }
  }
});

test('each script parses in its shell', (t) => {
  const check: Record<string, string[]> = { bash: ['bash', '-n'], zsh: ['zsh', '-n'], fish: ['fish', '--no-execute'] };
  for (const [shell, [cmd, ...flags]] of Object.entries(check)) {
    if (!has(cmd)) {
      t.diagnostic(`skipped: ${cmd} is not installed, the ${shell} script is not parsed`);
      continue;
    }
    const file = join(dir, `attn.${shell}`);
    writeFileSync(file, scripts[shell]);
    const r = spawnSync(cmd, [...flags, file], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${shell}: ${r.stderr}`);
  }
});

test('the bash script completes commands, options, literal values and shipped model names', () => {
  const file = join(dir, 'attn.bash');
  writeFileSync(file, scripts.bash);
  const cases: [string[], string[]][] = [
    [['attn', ''], ['demo', 'attend', 'evaluate', 'completion']],
    [['attn', 'at'], ['attend']],
    [['attn', 'attend', 'a sentence', '--unk'], ['--unknown']],
    [['attn', 'attend', '--unknown', ''], ['error', 'skip']],
    [['attn', 'attend', '--model', 's'], ['sst2']],
    [['attn', '--vectors', 'x.txt', 'attend', '--no-'], ['--no-scale']],
    [['attn', 'evaluate', ''], ['pairs', 'analogies']],
    [['attn', 'embed', 'train', '--arch', ''], ['sg', 'cbow']],
    [['attn', 'completion', ''], ['bash', 'zsh', 'fish']],
  ];
  for (const [words, want] of cases) {
    const quoted = words.map((w) => `'${w}'`).join(' ');
    const r = spawnSync('bash', ['-c', `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _attn; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const got = r.stdout.split('\n').filter(Boolean);
    for (const w of want) assert.ok(got.includes(w), `${words.join(' ')}: ${w} not in [${got}]`);
  }
  // an option's value is not taken for a command: `attn --vectors attend` has no command yet
  const r = spawnSync('bash', ['-c', `source '${file}'; COMP_WORDS=(attn --limit attend ''); COMP_CWORD=3; _attn; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
  assert.ok(r.stdout.split('\n').includes('demo'), r.stdout);
});

test('attn completion refuses an unknown shell or none, exit 2', () => {
  for (const args of [['completion', 'tcsh'], ['completion'], ['completion', 'bash', 'zsh']]) {
    const r = attn(args);
    assert.equal(r.code, 2, `attn ${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
  }
  assert.match(attn(['completion', 'tcsh']).stderr, /takes bash, zsh or fish, got 'tcsh'/);
  assert.match(attn(['completion', '__proto__']).stderr, /takes bash, zsh or fish/);
});
