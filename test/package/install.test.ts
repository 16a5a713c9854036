// The package as a user gets it: `npm pack`, the tarball unpacked into node_modules of an empty folder (its
// dependencies copied from this checkout's node_modules, so the test runs offline), then the installed `attn` run
// from there: the commands, a shipped model, the explorer (its build ships). Nothing unshipped is referenced (no
// dist/bench, no source maps), each file ships once (the explorer's copies of the vectors and models are served
// from data/), and nothing is written into node_modules (caches go to $XDG_CACHE_HOME/attnlab).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../fixtures-dir.js';
import { ensureExplorerBuilt } from '../../cli/commands/explore.js';

const tmp = mkdtempSync(join(tmpdir(), 'attnlab-install-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Every file below `dir`, relative to it. */
const walk = (dir: string, at = ''): string[] =>
  readdirSync(join(dir, at), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(dir, join(at, e.name)) : [join(at, e.name)]));

/** Copy `name` and its dependencies (recursively) from this checkout's node_modules into `into`. */
function copyDependency(name: string, into: string, done = new Set<string>()): void {
  if (done.has(name)) return;
  done.add(name);
  const from = join(repoRoot, 'node_modules', name);
  cpSync(from, join(into, name), { recursive: true, dereference: true });
  const pkg = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const dep of Object.keys(pkg.dependencies ?? {})) copyDependency(dep, into, done);
}

test('npm pack, install into an empty folder, and every command works offline from there', { timeout: 300_000 }, async () => {
  await ensureExplorerBuilt(); // the suite built dist/; `prepack` does both for a real `npm pack`
  const packed = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(packed.status, 0, packed.stderr);
  const [{ filename, files, size }] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[]; size: number }];
  const paths = files.map((f) => f.path);
  assert.ok(paths.includes('explorer/dist/index.html'), 'the explorer build ships');
  // The build's copies of data files stay out; every asset left out is one the server can find in data/.
  const shared = JSON.parse(readFileSync(join(repoRoot, 'explorer/dist/.attnlab-shared.json'), 'utf8')) as Record<string, { source: string; sha256: string }>;
  assert.ok(Object.keys(shared).some((a) => a.endsWith('.attnvec')), 'the vectors are a shared asset');
  assert.ok(paths.includes('explorer/dist/.attnlab-shared.json'));
  for (const asset of walk(join(repoRoot, 'explorer/dist/assets'))) {
    const shipped = paths.includes(`explorer/dist/assets/${asset}`), isShared = Object.hasOwn(shared, `assets/${asset}`);
    assert.ok(shipped !== isShared, `explorer/dist/assets/${asset}: ${shipped ? 'shipped although the package holds its source' : 'left out of the package and not a shared asset'}`);
  }
  assert.ok(size < 20e6, `the tarball is ${(size / 1e6).toFixed(1)} MB (a data file shipped twice?)`);
  assert.deepEqual(paths.filter((p) => p.startsWith('dist/bench') || p.endsWith('.map') || p.startsWith('src/') || p.startsWith('test/')), []);

  const project = join(tmp, 'project'), modules = join(project, 'node_modules');
  mkdirSync(join(modules, 'attnlab'), { recursive: true });
  writeFileSync(join(project, 'package.json'), '{ "name": "someone-else", "private": true }\n');
  assert.equal(spawnSync('tar', ['xzf', join(tmp, filename), '-C', join(modules, 'attnlab'), '--strip-components=1']).status, 0);
  const deps = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).dependencies as Record<string, string>;
  for (const d of Object.keys(deps)) copyDependency(d, modules);
  const before = walk(join(modules, 'attnlab')).sort();
  const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
  const big = new Map<string, string>();
  for (const f of before.filter((f) => readFileSync(join(modules, 'attnlab', f)).length > 64_000)) {
    const digest = sha256(join(modules, 'attnlab', f));
    assert.ok(!big.has(digest), `${f} and ${big.get(digest)} are the same file, shipped twice`);
    big.set(digest, f);
  }

  const bin = join(modules, 'attnlab', 'dist', 'cli', 'attn.js');
  const env = { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: join(tmp, 'cache'), ATTNLAB_CACHE: '' };
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: project, encoding: 'utf8', env, timeout: 120_000 });
  for (const args of [
    ['similar', 'king', '-k', '3', '--json'], ['attend', 'money bank grows', '--json'], ['polysemy', 'bank', 'money bank grows', 'river bank floods', '--json'],
    ['predict', '--model', 'sst2', 'a gorgeous , witty film', '--json'], ['demo'], ['--help'],
  ]) {
    const r = run(...args);
    assert.equal(r.status, 0, `attn ${args.join(' ')}: ${r.stderr}`);
  }
  // --png without its optional renderer installed (only `dependencies` were copied): a clear error, no file.
  const png = run('attend', 'money bank grows', '--png', join(project, 'bank.png'));
  assert.equal(png.status, 1);
  assert.match(png.stderr, /--png needs the optional dependency @resvg\/resvg-js, which is not installed/);
  assert.ok(!existsSync(join(project, 'bank.png')));
  // The library's own entry points resolve from the installed package.
  const lib = spawnSync(process.execPath, ['--input-type=module', '-e', "import { selfAttention, tensor } from 'attnlab'; import { loadDefaultVectors } from 'attnlab/node'; const wv = await loadDefaultVectors(); console.log(wv.size, (await selfAttention(tensor([[1, 0], [0, 1]]))).weights.shape.join('x'))"], { cwd: project, encoding: 'utf8', env });
  assert.equal(lib.status, 0, lib.stderr);
  assert.match(lib.stdout, /^50000 2x2/);

  // attn explore serves the shipped build (no sources, no Vite in the project).
  const child = spawn(process.execPath, [bin, 'explore', '--port', '0'], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '', err = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = /attnlab explorer: (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.stderr.on('data', (d) => (err += d));
      child.on('exit', (code) => reject(new Error(`attn explore exited ${code}: ${err}`)));
    });
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /attnlab explorer/);
    // The assets the package ships once are served from data/, byte for byte what the build recorded.
    for (const [asset, { sha256: want }] of Object.entries(shared)) {
      const got = await fetch(new URL(asset, url));
      assert.equal(got.status, 200, asset);
      assert.equal(createHash('sha256').update(Buffer.from(await got.arrayBuffer())).digest('hex'), want, asset);
    }
  } finally {
    child.kill('SIGTERM');
  }
  assert.deepEqual(walk(join(modules, 'attnlab')).sort(), before, 'nothing written inside node_modules');
  assert.ok(!existsSync(join(modules, 'attnlab', '.cache')));
});
