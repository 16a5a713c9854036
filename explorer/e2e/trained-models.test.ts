// The trained-models view in a real browser: with the models of ATTNLAB_EXPLORER_MODELS or data/models/, else with
// three tiny models trained here into a temp folder; a build of its own unless data/models/ is used. For each task,
// the prediction shown equals the library's predictTask in Node (probability to 1e-6), the attended words and
// every heatmap cell equal explainWithModel's weights (a head, the average of heads, parameter-free) to 1e-6;
// layer and head are picked by keyboard and kept in the URL; the model files come from the origin, then the cache.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explainWithModel, loadTaskModel, predictTask, type TaskInput, type TaskModel } from '../../src/index.ts';
import { explorerPaths } from '../../cli/commands/explore.ts';
import { discoverModels } from '../models-plugin.ts';
import { startSession, foreign, bundledVectors, assertFitsPhone, heatmapValues, ARTIFACTS, type Session } from './_harness.ts';
import { trainTinyModels } from './_tiny-models.ts';

const paths = explorerPaths();
const shipped = join(paths.root, 'data', 'models');
let s: Session, tmp = '', modelsDir = shipped;

before(async () => {
  const override = process.env.ATTNLAB_EXPLORER_MODELS;
  if (!override && discoverModels(shipped).length) {
    s = await startSession(); // explorer/dist, rebuilt by ensureExplorerBuilt when data/ changed
    return;
  }
  tmp = mkdtempSync(join(tmpdir(), 'attnlab-models-'));
  modelsDir = override ?? join(tmp, 'models');
  if (!override) await trainTinyModels(modelsDir);
  process.env.ATTNLAB_EXPLORER_MODELS = modelsDir; // read by vite.config.ts; this test process only
  const vite = await import('vite');
  await vite.build({ configFile: join(paths.app, 'vite.config.ts'), logLevel: 'warn', build: { outDir: join(tmp, 'dist'), emptyOutDir: true } });
  s = await startSession({ dir: join(tmp, 'dist') });
});
after(async () => {
  await s?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const INPUTS = {
  sst2: { state: { s: 'A gorgeous, witty and moving film' }, input: { text: 'A gorgeous, witty and moving film' } },
  wic: { state: { s: 'He deposited money in the bank', b: 'He sat on the river bank', w: 'bank' }, input: { word: 'bank', sentence1: 'He deposited money in the bank', sentence2: 'He sat on the river bank' } },
  idiom: { state: { s: 'Break a leg at your audition tonight!', x: 'break a leg' }, input: { expression: 'break a leg', sentence: 'Break a leg at your audition tonight!' } },
} satisfies Record<string, { state: Record<string, string>; input: TaskInput }>;

function loadModel(name: string): TaskModel {
  const dir = join(modelsDir, name);
  return loadTaskModel({ 'model.safetensors': new Uint8Array(readFileSync(join(dir, 'model.safetensors'))), 'config.json': readFileSync(join(dir, 'config.json'), 'utf8') }).model;
}

/** The page's cells of the n-th sequence's `which` heatmap, row-major. */
async function cells(n: number, which: 'learned' | 'free'): Promise<number[]> {
  return heatmapValues(s.page.locator('[data-testid=model-sequence]').nth(n).locator(`[data-testid=${which}-heatmap]`), 'weight');
}

function assertClose(page: number[], lib: number[], what: string): void {
  assert.equal(page.length, lib.length, `${what}: ${page.length} values on the page, ${lib.length} from the library`);
  const worst = Math.max(0, ...page.map((v, k) => Math.abs(v - lib[k])));
  assert.ok(worst <= 1e-6, `${what}: max |page − library| = ${worst}`);
}

const waitForModel = (name: string, head: string) => s.page.waitForFunction(([m, hd]) => {
  const p = document.getElementById('panel');
  return p?.dataset.view === 'models' && document.querySelector<HTMLSelectElement>('#model-pick')?.value === m &&
    document.querySelector<HTMLElement>('[data-testid=learned-heatmap]')?.dataset.head === hd;
}, [name, head], { timeout: 20_000 });

test('each task: prediction, attended words and every head equal the library (1e-6)', async (t) => {
  const found = discoverModels(modelsDir).map((f) => f.entry);
  const tasks = (['sst2', 'wic', 'idiom'] as const).filter((t) => found.some((m) => m.task === t && m.kind === 'attention'));
  assert.ok(tasks.length > 0, `no attention models in ${modelsDir}`);
  let uniformSaid = 0;
  const wv = bundledVectors();
  for (const task of tasks) {
    const entry = found.find((m) => m.task === task && m.kind === 'attention')!;
    const L = entry.layers, H = entry.heads, { state, input } = INPUTS[task];
    const hash = new URLSearchParams({ view: 'models', ...state, model: entry.name, layer: String(L), head: String(H) });
    await s.page.goto(`${s.server.url}#${hash}`);
    await waitForModel(entry.name, String(H));

    const model = loadModel(entry.name);
    const p = await predictTask(model, wv, input);
    const box = s.page.locator('[data-testid=prediction]');
    assert.equal(await box.getAttribute('data-label'), p.labelName, `${task}: label`);
    const prob = Number(await box.getAttribute('data-probability'));
    assert.ok(Math.abs(prob - p.probability) <= 1e-6, `${task}: probability ${prob} vs ${p.probability}`);
    const attended = await s.page.locator('[data-attended]').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.attended)));
    assertClose(attended, p.sequences.flatMap((q) => q.attended ?? []), `${task}: attended words`);

    const expression = task === 'idiom' ? INPUTS.idiom.input.expression : undefined;
    const explained = await Promise.all(p.sequences.map((q) => explainWithModel(model, wv, q.tokens, { expression })));
    assert.equal(await s.page.locator('[data-testid=model-sequence]').count(), explained.length);
    assert.equal(await s.page.locator('[data-testid=grid-head]').count(), L * H, `${task}: the model view has one cell per layer × head`);
    for (const [n, e] of explained.entries()) {
      assertClose(await cells(n, 'learned'), e.layers[L - 1].heads[H - 1].flat(), `${task}: sentence ${n + 1}, layer ${L}, head ${H}`);
      assertClose(await cells(n, 'free'), e.parameterFree.flat(), `${task}: sentence ${n + 1}, parameter-free`);
      // "Nearly uniform" is said exactly when every weight of the head is within ±50% of 1/T (computed here).
      const head = e.layers[L - 1].heads[H - 1], T = head.length;
      const far = Math.max(...head.flat().map((w) => Math.abs(w * T - 1)));
      const note = s.page.locator('[data-testid=model-sequence]').nth(n).locator('[data-testid=near-uniform]');
      assert.equal(await note.count(), far < 0.5 ? 1 : 0, `${task}: sentence ${n + 1}: max |w·T − 1| = ${far.toFixed(3)}`);
      if (far < 0.5) {
        uniformSaid++;
        assert.match(await note.textContent() ?? '', new RegExp(`within ±${Math.round(100 * far)}% of 1/${T}`));
      }
    }
    await s.page.screenshot({ path: join(ARTIFACTS, `trained-${task}.png`), fullPage: true });

    // The average of heads, picked with the keyboard.
    await s.page.locator('#head-avg').focus();
    await s.page.keyboard.press('Enter');
    await waitForModel(entry.name, 'avg');
    assert.ok(!new URL(s.page.url()).hash.includes('head='), 'the average is the default: no head in the URL');
    assert.equal(await s.page.evaluate(() => document.activeElement?.id), 'head-avg', 'focus stays on the picker');
    for (const [n, e] of explained.entries()) {
      const heads = e.layers[L - 1].heads, T = heads[0].length;
      const mean = Array.from({ length: T * T }, (_, k) => heads.reduce((a, w) => a + w[Math.floor(k / T)][k % T], 0) / H);
      assertClose(await cells(n, 'learned'), mean, `${task}: sentence ${n + 1}, layer ${L}, average of heads`);
    }
  }
  // Whether a shipped head is nearly uniform depends on its training; model-view.test.ts makes one that is, so
  // the note's positive case is checked there on every run.
  t.diagnostic(`"nearly uniform" notes said: ${uniformSaid}`);
});

test('layer and head by keyboard, kept in the URL; the model comes from the cache after a reload', async (t) => {
  const entry = discoverModels(modelsDir).map((f) => f.entry).find((m) => m.kind === 'attention' && m.layers > 1 && m.heads > 1);
  if (!entry) return t.skip('no model with more than one layer and one head');
  const { state } = INPUTS[entry.task as keyof typeof INPUTS];
  await s.page.goto(`${s.server.url}#${new URLSearchParams({ view: 'models', ...state, model: entry.name })}`);
  await waitForModel(entry.name, 'avg');
  await s.page.locator('#layer-pick').focus();
  await s.page.keyboard.press('ArrowDown'); // layer 2
  await s.page.waitForFunction(() => location.hash.includes('layer=2'));
  await s.page.keyboard.press('Tab'); // the head buttons: average, head 1, …
  assert.equal(await s.page.evaluate(() => document.activeElement?.id), 'head-avg');
  await s.page.keyboard.press('Tab');
  await s.page.keyboard.press('Space');
  await waitForModel(entry.name, '1');
  assert.match(new URL(s.page.url()).hash, /layer=2&head=1/);
  assert.equal(await s.page.locator('[data-testid=learned-heatmap]').first().getAttribute('data-layer'), '2');
  const focused = s.page.locator('[data-testid=learned-heatmap] [role=gridcell][tabindex="0"]').first();
  await focused.focus();
  await s.page.keyboard.press('ArrowRight');
  await s.page.locator('.cell-detail dt', { hasText: 'learned − parameter-free' }).first().waitFor();

  await s.page.waitForFunction(async () => (await caches.open('attnlab-models').then((c) => c.keys())).length >= 2);
  await s.page.reload();
  await waitForModel(entry.name, '1');
  await s.page.getByText('read from the browser cache').waitFor();
});

test('phone-sized viewport: the trained-models view fits and its heatmaps scroll inside their boxes', async () => {
  const entry = discoverModels(modelsDir).map((f) => f.entry).find((m) => m.kind === 'attention')!;
  const hash = `#${new URLSearchParams({ view: 'models', ...INPUTS[entry.task as keyof typeof INPUTS].state, model: entry.name })}`;
  await assertFitsPhone(s, hash, (page) => page.locator('[data-testid=learned-heatmap] canvas[data-drawn]').first().waitFor(), 'phone-trained.png');
});

test('no request left the origin, the model files came from it, no console errors', () => {
  const origin = new URL(s.server.url).origin;
  assert.deepEqual(foreign(s.requests, origin), []);
  assert.ok(s.requests.some((u) => u.endsWith('.safetensors')), 'the weights were fetched from the origin');
  assert.deepEqual(s.errors, []);
});
