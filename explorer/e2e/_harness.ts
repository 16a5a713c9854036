// Shared set-up for the browser tests: build the explorer if needed, serve it with the same code as
// `attn explore` on 127.0.0.1, launch Debian's Chromium through playwright-core, and record every
// request and console error so tests can assert that nothing leaves the origin.
// Not a test file (no *.test.ts): the runner only picks those.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { ensureExplorerBuilt, explorerPaths, serveExplorer, type ExplorerServer } from '../../cli/commands/explore.ts';
import { parseVectors, type WordVectors } from '../../src/index.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(explorerPaths().root, 'test-artifacts', 'explorer');

export interface Session {
  server: ExplorerServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Every URL any page or worker of the context asked for. */
  requests: string[];
  /** console.error messages and uncaught page errors. */
  errors: string[];
  close(): Promise<void>;
}

/** Serve `opts.dir` (a build made by the test), else explorer/dist, built first if stale. */
/** `args`: more Chromium flags (e.g. --enable-unsafe-webgpu). */
export async function startSession(opts: { viewport?: { width: number; height: number }; dir?: string; args?: string[] } = {}): Promise<Session> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH)`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = opts.dir ?? await ensureExplorerBuilt({ log: (m) => process.stderr.write(m + '\n') });
  const server = await serveExplorer({ dir, port: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless=new', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', ...(opts.args ?? [])],
  });
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 900 } });
  const requests: string[] = [], errors: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  watch(page, errors);
  return {
    server, browser, context, page, requests, errors,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

export function watch(page: Page, errors: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('worker', (w) => w.on('console', (m) => m.type() === 'error' && errors.push(`worker console.error: ${m.text()}`)));
}

/** URLs of `requests` whose origin is not the server's (data: and blob: URLs stay in the page). */
export function foreign(requests: string[], origin: string): string[] {
  return requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin);
}

let vectors: WordVectors | undefined;
/** The vectors the build bundled, parsed by the library in Node: the oracle's input. */
export function bundledVectors(): WordVectors {
  const file = process.env.ATTNLAB_EXPLORER_VECTORS ?? join(explorerPaths().root, 'data', 'glove-6b-100d-50k.f16.attnvec');
  return (vectors ??= parseVectors(new Uint8Array(readFileSync(file))));
}

/** The app's measurements (see main.ts). */
export interface AppPerf {
  firstUsefulPaint: number | null;
  vectors: { requestedAt: number; fetchMs: number; parseMs: number; source: string; words: number } | null;
  cached: boolean;
  updates: { view: string; sentence: string; words: number; ms: number; computeMs: number; renderMs: number; paintMs: number | null; drawnMs: number | null }[];
}
export const perfOf = (page: Page) => page.evaluate(() => (window as unknown as { __attnlab: AppPerf }).__attnlab);

/**
 * Open `hash` in a new page on a 390 × 844 screen, wait for `ready`, save `shot` in the artifacts, and fail if
 * the page is wider than the screen (wide content must scroll inside its own box); `check` looks further first.
 */
export async function assertFitsPhone(s: Session, hash: string, ready: (page: Page) => Promise<unknown>, shot: string, check?: (page: Page) => Promise<void>): Promise<void> {
  const page = await s.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(s.server.url + hash);
  await ready(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.screenshot({ path: join(ARTIFACTS, shot), fullPage: true });
  try {
    await check?.(page);
  } finally {
    await page.close();
  }
  if (overflow > 1) throw new Error(`${shot}: the page is ${overflow}px wider than the phone screen`);
}

/** Wait until the panel shows `view` for exactly `sentence`. */
export async function waitForView(page: Page, view: string, sentence: string): Promise<void> {
  await page.waitForFunction(([v, s]) => {
    const p = document.getElementById('panel');
    return p?.dataset.view === v && p.dataset.sentence === s;
  }, [view, sentence], { timeout: 20_000 });
}

/** The values of the heatmaps inside `within`, row-major: each row holds them at full precision in data-<attr>s. */
export function heatmapValues(within: Locator, attr: string): Promise<number[]> {
  return within.locator(`[role=row][data-${attr}s]`).evaluateAll((rows, a) => rows.flatMap((r) => r.getAttribute(`data-${a}s`)!.split(' ').map(Number)), attr);
}

/** The centre of cell (i, j) of the heatmap inside `within`, in page pixels (the cells are painted, not elements). */
export function cellPoint(within: Locator, i: number, j: number): Promise<{ x: number; y: number }> {
  return within.locator('[role=grid]').first().evaluate((g, [i, j]) => {
    const col = g.querySelectorAll('.col-head')[j].getBoundingClientRect(), row = g.querySelectorAll('.row-head')[i].getBoundingClientRect();
    return { x: col.left + col.width / 2, y: row.top + row.height / 2 };
  }, [i, j]);
}
