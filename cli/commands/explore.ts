// `attn explore` — build the browser explorer if its sources changed, then serve the static build on
// 127.0.0.1 with a small node:http server and print the URL. The browser tests use the same
// ensureExplorerBuilt + serveExplorer. Not a dev server: no reload; `npx vite explorer` is that.
import { createServer, type Server } from 'node:http';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, normalize, relative, sep } from 'node:path';
import { AttnError } from '../../src/index.js';
import { packageRoot } from '../../src/node/index.js';
import { attnCommand, intOption, UsageError } from '../command.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
  '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8', '.map': 'application/json',
};

/** The page may talk to its own origin only (the vectors, its scripts): a browser-enforced "no network". */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'; frame-ancestors 'none'";

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
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true }); // left by a killed build
      await new Promise((r) => setTimeout(r, 250));
    }
  }
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

export interface ExplorerServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serve a static folder (GET/HEAD only, no directory listings, nothing outside `dir`).
 * @example const s = await serveExplorer({ dir: 'explorer/dist', port: 0 }); console.log(s.url); await s.close();
 */
export function serveExplorer(opts: { dir: string; port?: number; host?: string }): Promise<ExplorerServer> {
  const { dir, port = 0, host = '127.0.0.1' } = opts;
  const server = createServer((req, res) => {
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
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
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file) || !statSync(file).isFile()) return send(404, 'not found');
    const hashed = relative(dir, file).startsWith(`assets${sep}`); // Vite's content-hashed names
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': statSync(file).size,
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
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
