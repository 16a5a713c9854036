// `attn explore` — build the browser explorer if its sources changed, then serve the static build on
// 127.0.0.1 with a small node:http server and print the URL. The browser tests use the same
// ensureExplorerBuilt + serveExplorer. Not a dev server: no reload; `npx vite explorer` is that.
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { isIP } from 'node:net';
import { extname, join, normalize, relative, sep } from 'node:path';
import { AttnError } from '../../src/index.js';
import { packageRoot } from '../../src/node/index.js';
import { attnCommand, intOption, UsageError } from '../command.js';
import { sharedAssets } from './_explorer-shared.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
  '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8', '.map': 'application/json',
};

/** The page may talk to its own origin only (the vectors, its scripts): a browser-enforced "no network".
 *  'wasm-unsafe-eval' lets it compile the wasm kernels (and nothing else: no JS eval); blob: workers are the
 *  wasm thread pool, whose source the page makes itself. */
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'none'; frame-ancestors 'none'";

/**
 * On every response, errors included: the CSP; cross-origin isolation (COOP + COEP, which wasm threads need, and
 * CORP so that no other site may embed our files); no referrer; no MIME sniffing.
 */
const SECURITY_HEADERS = {
  'content-security-policy': CSP,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
} as const;

/**
 * The Host header must name this server as an address, not as a DNS name that could be re-pointed at 127.0.0.1
 * (DNS rebinding): an IP literal, `localhost`, or the --host given.
 */
export function hostAllowed(header: string | undefined, host: string): boolean {
  if (!header) return false;
  const name = header.startsWith('[') ? header.slice(1, header.indexOf(']')) : header.replace(/:\d*$/, '');
  return isIP(name) !== 0 || name.toLowerCase() === 'localhost' || name.toLowerCase() === host.toLowerCase();
}

/** A build lock older than this is taken as abandoned even if its owner seems alive (a reused pid). */
const LOCK_MAX_AGE_MS = 10 * 60_000;

/** The explorer's folders, relative to the package root. */
export const explorerPaths = (root = packageRoot()) => ({
  root,
  app: join(root, 'explorer'),
  dist: join(root, 'explorer', 'dist'),
  /** What the build reads: a newer file here means the build is stale. */
  inputs: ['explorer/index.html', 'explorer/vite.config.ts', 'explorer/src', 'src', 'data'].map((p) => join(root, p)),
  /** The vectors the build bundles (ATTNLAB_EXPLORER_VECTORS, as in vite.config.ts). */
  vectors: process.env.ATTNLAB_EXPLORER_VECTORS ?? join(root, 'data', 'glove-6b-100d-50k.f16.attnvec'),
  /** Which vectors the current build holds (a dotfile: the server never serves those). */
  stamp: join(root, 'explorer', 'dist', '.attnlab-build.json'),
});

function vectorsStamp(file: string): string {
  const st = existsSync(file) ? statSync(file) : null;
  // The models folder override changes what the build bundles too (explorer/models-plugin.ts).
  return JSON.stringify({ vectors: file, size: st?.size ?? null, mtimeMs: st?.mtimeMs ?? null, models: process.env.ATTNLAB_EXPLORER_MODELS ?? null });
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** Whether explorer/dist is missing or older than any file the build reads. */
export function explorerIsStale(paths = explorerPaths()): boolean {
  const built = join(paths.dist, 'index.html');
  if (!existsSync(built)) return true;
  if (!existsSync(join(paths.app, 'src'))) return false; // an installed package ships the build only
  if (!existsSync(paths.stamp) || readFileSync(paths.stamp, 'utf8') !== vectorsStamp(paths.vectors)) return true;
  const at = statSync(built).mtimeMs;
  return paths.inputs.some((p) => newestMtime(p) > at);
}

/**
 * Build the explorer with Vite when it is missing or stale (or `force`); resolves to the build folder.
 * @example const dir = await ensureExplorerBuilt({ log: console.error });
 */
export async function ensureExplorerBuilt(opts: { force?: boolean; log?: (m: string) => void } = {}): Promise<string> {
  const paths = explorerPaths();
  if (!opts.force && !explorerIsStale(paths)) return paths.dist;
  if (!existsSync(join(paths.app, 'vite.config.ts'))) {
    throw new AttnError('E_NOT_FOUND', `explore: no explorer build in ${paths.dist} and no explorer sources to build it from`);
  }
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    throw new AttnError('E_NOT_FOUND', 'explore: the explorer must be built, and Vite is not installed', { hint: 'Run `npm install` (with dev dependencies) in the attnlab folder, then `attn explore` again.' });
  }
  // One build at a time (two test files or two terminals): mkdir is atomic; the others wait, then re-check.
  const lock = join(paths.app, '.build-lock');
  await takeBuildLock(lock, opts.log);
  try {
    if (!opts.force && !explorerIsStale(paths)) return paths.dist; // built while we waited
    opts.log?.('attn explore: building the explorer (vite build)…');
    const t0 = Date.now();
    await vite.build({ configFile: join(paths.app, 'vite.config.ts'), logLevel: 'warn' });
    writeFileSync(paths.stamp, vectorsStamp(paths.vectors));
    opts.log?.(`attn explore: built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return paths.dist;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The pid written in a lock folder, or undefined (not written yet, or unreadable). */
function lockOwner(lock: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Take the build lock (a folder holding its owner's pid). A lock whose owner is gone (Ctrl+C during a build) is
 * removed at once and said so; a live owner is waited for, said so, and given up on after LOCK_MAX_AGE_MS.
 */
export async function takeBuildLock(lock: string, log?: (m: string) => void): Promise<void> {
  let said = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const pid = lockOwner(lock);
    const age = existsSync(lock) ? Date.now() - statSync(lock).mtimeMs : 0;
    if ((pid !== undefined && !alive(pid)) || (pid === undefined && age > 10_000) || age > LOCK_MAX_AGE_MS) {
      log?.(`attn explore: removed a stale build lock (${pid !== undefined ? `process ${pid}, ` : ''}${Math.round(age / 1000)} s old): ${lock}`);
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (!said && pid !== undefined) log?.(`attn explore: waiting for another build of the explorer (process ${pid})…`);
    said = true;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface ExplorerServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serve a static folder (GET/HEAD only, no directory listings, nothing outside `dir`, no symbolic links, a Host
 * header that names an address). A file that cannot be read, or vanishes while it is sent, fails that one request.
 * An asset that the package ships only as its data file (listed in the build's .attnlab-shared.json) is sent from there.
 * @example const s = await serveExplorer({ dir: 'explorer/dist', port: 0 }); console.log(s.url); await s.close();
 */
export function serveExplorer(opts: { dir: string; port?: number; host?: string }): Promise<ExplorerServer> {
  const { dir, port = 0, host = '127.0.0.1' } = opts;
  const realDir = realpathSync(dir);
  const sharedSource = sharedAssets(realDir);
  const server = createServer((req, res) => {
    const send = (status: number, body: string) => {
      if (res.headersSent) return void res.destroy();
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (!hostAllowed(req.headers.host, host)) return send(421, 'this server answers to 127.0.0.1 and localhost only');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return send(400, 'bad path');
    }
    let file = normalize(join(dir, path));
    const rel = relative(dir, file);
    if (rel.startsWith('..') || rel.split(sep).some((part) => part.startsWith('.'))) return send(404, 'not found');
    // No symbolic links anywhere on the way: the real path must be the path asked for. (Any error here — a folder
    // that cannot be read, a name that vanished — is a 404 for this request, never an exception in the server.)
    let real: string | undefined;
    try {
      if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) file = join(file, 'index.html');
      real = realpathSync(file);
    } catch {
      real = undefined; // maybe an asset the package ships once, as its data file
    }
    if (real !== undefined && real !== join(realDir, relative(dir, file))) return send(404, 'not found');
    const hashed = relative(dir, file).startsWith(`assets${sep}`); // Vite's content-hashed names
    void (async () => {
      const path = real ?? (await sharedSource(relative(dir, file).split(sep).join('/')));
      if (!path) return send(404, 'not found');
      // Open, then stat the open file: what is sent is what was measured, even if the name is replaced meanwhile.
      const fh = await open(path, 'r').catch(() => undefined);
      if (!fh) return send(404, 'not found');
      try {
        const st = await fh.stat();
        if (!st.isFile()) return send(404, 'not found');
        res.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'content-length': st.size,
          'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
          ...SECURITY_HEADERS,
        });
        if (req.method === 'HEAD') return void res.end();
        const stream = fh.createReadStream({ autoClose: false });
        stream.on('error', () => res.destroy());
        res.on('close', () => stream.destroy());
        stream.pipe(res);
        await new Promise<void>((done) => stream.on('close', () => done()));
      } catch {
        send(500, 'cannot read the file');
      } finally {
        await fh.close().catch(() => undefined);
      }
    })();
  });
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new AttnError('E_INPUT', `explore: port ${port} on ${host} is in use`, { hint: 'Pick another with --port N (or --port 0 for any free port).' }) : e));
    server.listen(port, host, () => {
      const addr = server.address();
      const actual = typeof addr === 'object' && addr ? addr.port : port;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${actual}/`, port: actual, server,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}

export const exploreCommand = attnCommand({
  name: 'explore',
  description: 'Open the browser explorer: builds it if needed and serves it on 127.0.0.1',
  args: {
    port: { type: 'string', alias: 'p', valueHint: 'N', description: 'Port to listen on (0 = any free port)', default: '5178' },
    host: { type: 'string', valueHint: 'HOST', description: 'Address to listen on', default: '127.0.0.1' },
    rebuild: { type: 'boolean', description: 'Build the explorer even if the build looks up to date', default: false },
  },
  examples: ['attn explore', 'attn explore --port 8080', 'attn explore --port 0 --rebuild'],
  async run(args) {
    const port = intOption('port', args.port, { min: 0, max: 65535 }) ?? 5178;
    const host = String(args.host ?? '127.0.0.1');
    if (!host) throw new UsageError('--host must not be empty');
    const dir = await ensureExplorerBuilt({ force: args.rebuild, log: (m) => process.stderr.write(m + '\n') });
    const s = await serveExplorer({ dir, port, host });
    process.stdout.write(`attnlab explorer: ${s.url}\n`);
    process.stderr.write('Press Ctrl+C to stop.\n');
    const stop = () => void s.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
});
