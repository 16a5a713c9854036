// Spawn the built `attn` binary (dist/cli/attn.js), building once if it is missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../fixtures-dir.js';

export const bin = join(repoRoot, 'dist/cli/attn.js');

export function ensureBuilt(): void {
  if (!existsSync(bin)) {
    const r = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: repoRoot, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('build failed');
  }
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

const CLI_BACKENDS = ['js', 'wasm', 'webgpu'];

/** The environment of a spawned `attn`: a test backend of the suite (js-composed, js-async, …) is not one the CLI
 *  knows (js, wasm, webgpu), so under one the CLI runs on its default. */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  if (env.ATTNLAB_BACKEND && !CLI_BACKENDS.includes(env.ATTNLAB_BACKEND) && !extra.ATTNLAB_BACKEND) delete env.ATTNLAB_BACKEND;
  return env;
}

export function attn(args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}): RunResult {
  ensureBuilt();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: cliEnv(opts.env),
    input: opts.input,
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t0 };
}

export function json(args: string[]): any {
  const r = attn([...args, '--json']);
  if (r.code !== 0) throw new Error(`attn ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** A user-facing error must be one clear line, never a stack trace. */
export function noStack(stderr: string): boolean {
  return !/\n\s+at /.test(stderr) && !/node:internal/.test(stderr);
}
