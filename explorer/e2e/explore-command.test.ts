// `attn explore --port N` as a user runs it: a spawned `attn` process that builds if needed, serves the
// explorer on 127.0.0.1:N, prints the URL on stdout, serves the app and its vectors, refuses paths
// outside the build, and stops on SIGTERM. No browser here (see explorer.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { explorerPaths } from '../../cli/commands/explore.ts';

const root = explorerPaths().root;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    }).on('error', reject);
  });
}

test('attn explore --port N prints the URL and serves the app on 127.0.0.1:N', { timeout: 120_000 }, async () => {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'cli/attn.ts'), 'explore', '--port', String(port)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const m = /attnlab explorer: (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      void exited.then((code) => reject(new Error(`attn explore exited (${code}) before printing a URL:\n${out}\n${err}`)));
    });
    assert.equal(url, `http://127.0.0.1:${port}/`);
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(page.headers.get('content-security-policy') ?? '', /connect-src 'self'/);
    const html = await page.text();
    assert.match(html, /attnlab explorer/);
    const asset = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(asset, 'the page names its script');
    assert.equal((await fetch(url + asset)).status, 200);
    for (const bad of ['missing.html', '%2e%2e/package.json', '.attnlab-build.json']) assert.equal((await fetch(url + bad)).status, 404, bad);
    assert.equal((await fetch(url, { method: 'POST' })).status, 405);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
});

test('attn explore --port with a bad value is a usage error (exit 2)', { timeout: 60_000 }, async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'cli/attn.ts'), 'explore', '--port', 'seventy'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 2, err);
  assert.match(err, /--port must be an integer/);
});
