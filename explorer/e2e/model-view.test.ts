// The model view and the neuron view of a trained model with more than one layer, in a real browser. The shipped
// models have one layer, so this trains a tiny 2-layer × 2-head SST-2 model into a temp folder (about a second) and
// builds the explorer with it alone. Checked against the library in Node: the grid has one cell per layer × head,
// each cell's weights are explainWithModel's and its "≈ uniform" mark is set exactly when the head is within ±50%
// of 1/T; a click on a cell shows that head large (URL and heatmap follow); the neuron view of a pair shows the
// library's q and k, their products, their sum = the library's score, and the softmax of the row = the weight.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explainWithModel, loadTaskModel, predictTask, readSafetensorsHeader, type ModelExplanation } from '../../src/index.ts';
import { explorerPaths } from '../../cli/commands/explore.ts';
import { startSession, bundledVectors, assertFitsPhone, ARTIFACTS, type Session } from './_harness.ts';
import { trainTinyModels } from './_tiny-models.ts';

const SENTENCE = 'A gorgeous, witty and moving film';
let s: Session, tmp = '', explained: ModelExplanation;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'attnlab-model-view-'));
  const [dir] = await trainTinyModels(join(tmp, 'models'), bundledVectors(), ['sst2']);
  zeroFirstQuery(join(dir, 'model.safetensors'));
  const model = loadTaskModel({ 'model.safetensors': new Uint8Array(readFileSync(join(dir, 'model.safetensors'))), 'config.json': readFileSync(join(dir, 'config.json'), 'utf8') }).model;
  const p = await predictTask(model, bundledVectors(), { text: SENTENCE });
  explained = await explainWithModel(model, bundledVectors(), p.sequences[0].tokens);
  const before = process.env.ATTNLAB_EXPLORER_MODELS;
  process.env.ATTNLAB_EXPLORER_MODELS = join(tmp, 'models'); // read by vite.config.ts while it builds
  try {
    const vite = await import('vite');
    await vite.build({ configFile: join(explorerPaths().app, 'vite.config.ts'), logLevel: 'warn', build: { outDir: join(tmp, 'dist'), emptyOutDir: true } });
  } finally {
    if (before === undefined) delete process.env.ATTNLAB_EXPLORER_MODELS;
    else process.env.ATTNLAB_EXPLORER_MODELS = before;
  }
  s = await startSession({ dir: join(tmp, 'dist') });
});
after(async () => {
  await s?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/**
 * Zero the queries of layer 1's head 1 (its rows of the in-projection and their bias): every score of that head
 * is then 0 and its weights exactly 1/T, so the "nearly uniform" marks are exercised on every run, whatever
 * training gave the other heads.
 */
function zeroFirstQuery(file: string): void {
  const bytes = new Uint8Array(readFileSync(file));
  const { entries, dataStart } = readSafetensorsHeader(bytes);
  const w = entries.find((e) => e.name.endsWith('layers.0.self_attn.in_proj_weight'))!, b = entries.find((e) => e.name.endsWith('layers.0.self_attn.in_proj_bias'))!;
  assert.ok(w && b && w.dtype === 'F32' && b.dtype === 'F32', 'the tiny model stores its in-projection in F32');
  const C = w.shape[1], D = C / 2; // 2 heads
  bytes.fill(0, dataStart + w.begin, dataStart + w.begin + D * C * 4);
  bytes.fill(0, dataStart + b.begin, dataStart + b.begin + D * 4);
  writeFileSync(file, bytes);
}

const nums = (attr: string | null) => (attr ?? '').split(' ').filter(Boolean).map(Number);
function assertClose(page: number[], lib: number[], tol: number, what: string): void {
  assert.equal(page.length, lib.length, `${what}: ${page.length} values on the page, ${lib.length} from the library`);
  const worst = Math.max(0, ...page.map((v, k) => Math.abs(v - lib[k])));
  assert.ok(worst <= tol, `${what}: max |page − library| = ${worst}`);
}

test('the model view: a layer × head grid of the library\'s weights; a click shows the head large', async () => {
  const L = explained.layers.length, H = explained.layers[0].heads.length, T = explained.tokens.length;
  assert.equal(L, 2, 'the tiny model has 2 layers');
  await s.page.goto(`${s.server.url}#${new URLSearchParams({ view: 'models', s: SENTENCE, model: 'tiny-sst2' })}`);
  await s.page.locator('[data-testid=model-grid]').waitFor({ timeout: 20_000 });
  const cells = s.page.locator('[data-testid=grid-head]');
  assert.equal(await cells.count(), L * H, 'one cell per layer × head');
  let uniform = 0;
  for (let n = 0; n < L * H; n++) {
    const c = cells.nth(n), l = Number(await c.getAttribute('data-layer')) - 1, k = Number(await c.getAttribute('data-head')) - 1;
    assert.deepEqual([l, k], [Math.floor(n / H), n % H], 'rows are layers, columns heads');
    const lib = explained.layers[l].heads[k].flat();
    assertClose(nums(await c.getAttribute('data-weights')), lib, 1e-6, `grid cell layer ${l + 1} head ${k + 1}`);
    const far = Math.max(...lib.map((w) => Math.abs(w * T - 1)));
    assert.equal(await c.getAttribute('data-near-uniform'), String(far < 0.5), `layer ${l + 1} head ${k + 1}: max |w·T − 1| = ${far.toFixed(3)}`);
    assert.equal(await c.locator('.uniform-mark').count(), far < 0.5 ? 1 : 0);
    if (far < 0.5) uniform++;
  }
  assert.equal(await s.page.locator('[data-testid=grid-uniform]').count(), uniform ? 1 : 0, 'the grid says how many heads are nearly uniform');
  assert.equal(await cells.nth(0).getAttribute('data-near-uniform'), 'true', 'layer 1 head 1 (zero queries) is marked nearly uniform');
  await s.page.screenshot({ path: join(ARTIFACTS, 'model-grid.png'), fullPage: true });

  // The uniform head large: its note says how far from 1/T its weights are (exactly 1/T here).
  await s.page.locator('#grid-l1-h1').click();
  await s.page.waitForFunction(() => { const d = document.querySelector<HTMLElement>('[data-testid=learned-heatmap]')?.dataset; return d?.layer === '1' && d?.head === '1'; });
  const note = s.page.locator('[data-testid=model-sequence]').first().locator('[data-testid=near-uniform]');
  await note.waitFor({ timeout: 10_000 });
  assert.match(await note.textContent() ?? '', new RegExp(`within ±0% of 1/${T}`));

  await s.page.locator('#grid-l2-h1').click();
  await s.page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid=learned-heatmap]')?.dataset.head === '1' && /layer=2/.test(location.hash));
  assert.match(new URL(s.page.url()).hash, /layer=2&head=1/);
  assert.equal(await s.page.locator('#grid-l2-h1').getAttribute('aria-pressed'), 'true');
  assert.equal(await s.page.locator('[data-testid=learned-heatmap]').getAttribute('data-layer'), '2');
  assert.equal(await s.page.evaluate(() => document.activeElement?.id), 'grid-l2-h1', 'the focus stays on the grid');

  // By keyboard: Tab from a cell reaches the next one; Enter picks it.
  await s.page.keyboard.press('Tab');
  assert.equal(await s.page.evaluate(() => document.activeElement?.id), 'grid-l2-h2');
  await s.page.keyboard.press('Enter');
  await s.page.waitForFunction(() => /layer=2&head=2/.test(location.hash));
  assert.equal(await s.page.locator('[data-testid=learned-heatmap]').getAttribute('data-head'), '2');
});

test('the neuron view of a trained head: q, k, q∘k and their sum equal the library\'s score; softmax = the weight', async () => {
  const T = explained.tokens.length;
  for (const [l, k] of [[1, 0], [0, 1]]) {
    await s.page.goto(`${s.server.url}#${new URLSearchParams({ view: 'models', s: SENTENCE, model: 'tiny-sst2', layer: String(l + 1), head: String(k + 1) })}`);
    await s.page.waitForFunction(([hd]) => document.querySelector<HTMLElement>('[data-testid=learned-heatmap]')?.dataset.head === hd, [String(k + 1)], { timeout: 20_000 });
    const cell = s.page.locator('[data-testid=learned-heatmap] [role=gridcell][tabindex="0"]').first();
    await cell.focus();
    await s.page.keyboard.press('Home'); // (0, 0)
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowRight']) await s.page.keyboard.press(key);
    const view = s.page.locator('[data-testid=neuron-view]');
    await view.waitFor();
    const i = Number(await view.getAttribute('data-row')), j = Number(await view.getAttribute('data-col'));
    assert.ok(i > 0 && j > 0 && i < T && j < T, `the pair moved with the keys: (${i}, ${j})`);
    const qk = explained.layers[l].queryKeys[k], what = `layer ${l + 1} head ${k + 1} (${explained.tokens[i]} → ${explained.tokens[j]})`;
    // The page computes on its own backend (wasm, or webgpu): float32 kernels that may round differently from js
    // in the last bit, so the library's numbers are met to a relative 1e-5; the page's own sum is exact.
    const q = nums(await view.getAttribute('data-queries')), kk = nums(await view.getAttribute('data-keys'));
    const rel = (a: number[]) => 1e-5 * Math.max(1, ...a.map(Math.abs));
    assertClose(q, qk.queries[i], rel(q), `${what}: q`);
    assertClose(kk, qk.keys[j], rel(kk), `${what}: k`);
    const products = nums(await view.getAttribute('data-products'));
    assertClose(products, q.map((v, d) => v * kk[d]), 0, `${what}: q∘k of the q and k shown`);
    const sum = Number(await view.getAttribute('data-sum')), score = Number(await view.getAttribute('data-score'));
    assert.equal(sum + Number(await view.getAttribute('data-bias')), score, `${what}: Σ q∘k ${sum} is the page's score ${score} (no bias here)`);
    assert.equal(sum, products.reduce((a, p) => a + p, 0));
    assert.ok(Math.abs(score - qk.scores[i][j]) <= rel([score]), `${what}: score ${score} vs the library's ${qk.scores[i][j]}`);
    const softmaxed = Number(await view.getAttribute('data-softmax'));
    assert.ok(Math.abs(softmaxed - explained.layers[l].heads[k][i][j]) <= 1e-6, `${what}: softmax ${softmaxed} vs the model's weight ${explained.layers[l].heads[k][i][j]}`);
    assert.equal(await view.locator('tbody tr').count(), qk.queries[i].length, 'one table row per dimension of the head');
  }
  await s.page.screenshot({ path: join(ARTIFACTS, 'neuron-view.png'), fullPage: true });

  // The average of heads has no single q and k: the detail says to pick a head.
  await s.page.goto(`${s.server.url}#${new URLSearchParams({ view: 'models', s: SENTENCE, model: 'tiny-sst2', layer: '2' })}`);
  await s.page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid=learned-heatmap]')?.dataset.head === 'avg', undefined, { timeout: 20_000 });
  await s.page.locator('[data-testid=learned-heatmap] [role=gridcell][tabindex="0"]').first().focus();
  await s.page.keyboard.press('ArrowRight');
  await s.page.getByText('pick a head to see the q·k products').first().waitFor();
  assert.equal(await s.page.locator('[data-testid=neuron-view]').count(), 0);
  assert.deepEqual(s.errors, []);
});

test('phone-sized viewport: the grid and the neuron view fit (wide parts scroll inside their boxes)', async () => {
  const hash = `#${new URLSearchParams({ view: 'models', s: SENTENCE, model: 'tiny-sst2', layer: '2', head: '2' })}`;
  await assertFitsPhone(s, hash, async (page) => {
    await page.locator('[data-testid=model-grid]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid=learned-heatmap] [role=gridcell][tabindex="0"]').first().focus();
    await page.keyboard.press('ArrowRight');
    await page.locator('[data-testid=neuron-view]').waitFor();
  }, 'phone-model-view.png');
});
