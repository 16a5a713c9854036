// The explorer's static server on a folder made here (no build needed): security headers on every response,
// the Host check against DNS rebinding, no symbolic links followed, unreadable or vanishing files fail one request
// and the server lives on; and the build lock: a stale one (its process gone) is removed and said so.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveExplorer, hostAllowed, takeBuildLock } from '../../cli/commands/explore.js';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';

const dir = mkdtempSync(join(tmpdir(), 'attnlab-serve-'));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>attnlab explorer</title>');
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'assets', 'a.js'), 'console.log(1)');
writeFileSync(join(dir, 'secret-outside.txt'), 'x');
symlinkSync('/etc/passwd', join(dir, 'passwd.txt'));
symlinkSync(join(dir, 'assets'), join(dir, 'linked'));

/** GET with an explicit Host header (fetch does not let a test set one). */
function get(port: number, path: string, host = `127.0.0.1:${port}`): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

test('security headers on every response (200, 404, 405, 421); Host must be an address or localhost', async () => {
  const s = await serveExplorer({ dir, port: 0 });
  try {
    const ok = await get(s.port, '/');
    assert.equal(ok.status, 200);
    for (const r of [ok, await get(s.port, '/missing'), await get(s.port, '/', 'evil.example:80')]) {
      assert.match(String(r.headers['content-security-policy']), /default-src 'self'/);
      assert.equal(r.headers['cross-origin-opener-policy'], 'same-origin');
      assert.equal(r.headers['cross-origin-embedder-policy'], 'require-corp');
      assert.equal(r.headers['cross-origin-resource-policy'], 'same-origin');
      assert.equal(r.headers['referrer-policy'], 'no-referrer');
    }
    assert.equal((await get(s.port, '/', 'rebind.attacker.example')).status, 421);
    for (const h of [`localhost:${s.port}`, `[::1]:${s.port}`, `127.0.0.1`]) assert.equal((await get(s.port, '/', h)).status, 200, h);
  } finally {
    await s.close();
  }
  assert.ok(hostAllowed('LOCALHOST:1', '127.0.0.1') && !hostAllowed(undefined, '127.0.0.1') && hostAllowed('box.lan:80', 'box.lan'));
});

test('symbolic links in the build folder are not followed', async () => {
  const s = await serveExplorer({ dir, port: 0 });
  try {
    assert.equal((await get(s.port, '/passwd.txt')).status, 404);
    assert.equal((await get(s.port, '/linked/a.js')).status, 404);
    assert.equal((await get(s.port, '/assets/a.js')).status, 200);
  } finally {
    await s.close();
  }
});

test('an unreadable file fails its request only; the server keeps serving', async (t) => {
  if (process.getuid?.() === 0) t.diagnostic('running as root: permissions do not apply, a vanished file is tested instead');
  writeFileSync(join(dir, 'locked.txt'), 'no');
  chmodSync(join(dir, 'locked.txt'), 0);
  const s = await serveExplorer({ dir, port: 0 });
  try {
    const r = await get(s.port, '/locked.txt');
    assert.ok([200, 404].includes(r.status));
    rmSync(join(dir, 'locked.txt'));
    assert.equal((await get(s.port, '/locked.txt')).status, 404);
    assert.equal((await get(s.port, '/')).status, 200, 'still serving');
  } finally {
    await s.close();
  }
});

test('a build lock left by a process that is gone is removed at once, and said so (was a silent 300 s wait)', async () => {
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const lock = join(dir, '.build-lock');
  mkdirSync(lock);
  writeFileSync(join(lock, 'pid'), gone.stdout);
  const said: string[] = [];
  const t0 = Date.now();
  await takeBuildLock(lock, (m) => said.push(m));
  assert.ok(Date.now() - t0 < 2000);
  assert.match(said.join('\n'), new RegExp(`removed a stale build lock \\(process ${gone.stdout}, `));
  assert.equal(readFileSync(join(lock, 'pid'), 'utf8'), String(process.pid));
  rmSync(lock, { recursive: true });
});

test('an asset the package ships once is served from its data file, only if its bytes are the ones the build recorded', async () => {
  // <pkg>/explorer/dist with a manifest, <pkg>/data with the sources: the layout of an installed package.
  const pkg = mkdtempSync(join(tmpdir(), 'attnlab-shared-'));
  after(() => rmSync(pkg, { recursive: true, force: true }));
  const dist = join(pkg, 'explorer', 'dist'), data = join(pkg, 'data');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  mkdirSync(data);
  writeFileSync(join(dist, 'index.html'), '<!doctype html>');
  const bytes = 'vectors '.repeat(1000);
  writeFileSync(join(data, 'v.attnvec'), bytes);
  writeFileSync(join(data, 'changed.bin'), 'B'.repeat(100));
  symlinkSync(join(data, 'v.attnvec'), join(data, 'link.attnvec'));
  const digest = (s: string) => createHash('sha256').update(s).digest('hex');
  writeFileSync(join(dist, '.attnlab-shared.json'), JSON.stringify({
    'assets/v-AAA.attnvec': { source: '../../data/v.attnvec', size: bytes.length, sha256: digest(bytes) },
    'assets/changed-BBB.bin': { source: '../../data/changed.bin', size: 100, sha256: digest('A'.repeat(100)) }, // same size, other bytes
    'assets/link-CCC.attnvec': { source: '../../data/link.attnvec', size: bytes.length, sha256: digest(bytes) },
    'assets/outside-DDD.txt': { source: '../../../../etc/hostname', size: 1, sha256: 'x' },
  }));
  const s = await serveExplorer({ dir: dist, port: 0 });
  try {
    const ok = await get(s.port, '/assets/v-AAA.attnvec');
    assert.equal(ok.status, 200);
    assert.equal(ok.body, bytes);
    assert.equal(ok.headers['cache-control'], 'public, max-age=31536000, immutable');
    for (const path of ['/assets/changed-BBB.bin', '/assets/link-CCC.attnvec', '/assets/outside-DDD.txt', '/assets/not-listed.bin', '/.attnlab-shared.json']) {
      assert.equal((await get(s.port, path)).status, 404, path);
    }
  } finally {
    await s.close();
  }
});
