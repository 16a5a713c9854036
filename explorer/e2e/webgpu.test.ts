// The explorer on WebGPU: Chromium with --enable-unsafe-webgpu gives the worker an adapter (SwiftShader on a machine
// without a GPU), so the worker computes on webgpu and the badge says so; the attention heatmap and a shipped
// model's prediction and heatmap must equal the library's on js in Node within float32 rounding. Where Chromium
// gives no adapter, the tests print why and skip.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { selfAttention, tensor, tokenize, resolveTokens, loadTaskModel, predictTask, explainWithModel } from '../../src/index.ts';
import { explorerPaths } from '../../cli/commands/explore.ts';
import { discoverModels } from '../models-plugin.ts';
import { startSession, bundledVectors, heatmapValues, waitForView, ARTIFACTS, type Session } from './_harness.ts';

// float32 on both sides, in another summation order: the heatmaps are compared to 1e-5 (the wasm tests use 1e-6).
const TOL = 1e-5;
let s: Session;
let running: { backend: string; badge: string; status: string };
let skip: string | undefined;

before(async () => {
  s = await startSession({ args: ['--enable-unsafe-webgpu'] });
  await s.page.goto(`${s.server.url}#view=attention&s=${encodeURIComponent('Humans love smartphones')}`);
  await s.page.waitForFunction(() => !!document.querySelector('.status')?.getAttribute('data-backend'), undefined, { timeout: 60_000 });
  running = await s.page.evaluate(() => ({
    backend: (document.querySelector('.status') as HTMLElement).dataset.backend!,
    badge: document.querySelector('[data-testid=backend-badge]')?.textContent ?? '',
    status: document.querySelector('.status')?.textContent ?? '',
  }));
  if (running.backend !== 'webgpu') {
    const gpu = await s.page.evaluate(async () => {
      const g = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      return !g ? 'no navigator.gpu' : (await g.requestAdapter()) ? 'an adapter in the page, none in the worker' : 'navigator.gpu.requestAdapter() gave null';
    });
    skip = `Chromium gave the explorer no WebGPU device (${gpu}); it runs on ${running.backend}: ${running.status}`;
    console.log(`# skip explorer webgpu tests: ${skip}`);
  }
});
after(async () => {
  await s?.close();
});

function assertClose(page: number[], lib: ArrayLike<number>, what: string): void {
  assert.equal(page.length, lib.length, `${what}: ${page.length} values on the page, ${lib.length} from the library`);
  const worst = Math.max(0, ...page.map((v, k) => Math.abs(v - lib[k])));
  assert.ok(worst <= TOL, `${what}: max |page − library| = ${worst}`);
}

test('the worker computes on webgpu and the badge says so, with the adapter in the status line', (t) => {
  if (skip) return t.skip(skip);
  assert.equal(running.badge, 'webgpu');
  assert.match(running.status, /Computing on webgpu, adapter \S/);
});

test('the attention heatmap on webgpu equals selfAttention on js', async (t) => {
  if (skip) return t.skip(skip);
  const sentence = 'He deposited money in the bank';
  await s.page.getByLabel('Sentence').fill(sentence);
  await waitForView(s.page, 'attention', sentence);
  const wv = bundledVectors();
  const r = resolveTokens(tokenize(sentence), wv, { unknown: 'skip' });
  const expected = await (await selfAttention(tensor(r.vectors, [r.tokens.length, wv.dim]), { scale: true })).weights.data();
  assertClose(await heatmapValues(s.page.locator('#panel'), 'weight'), expected, 'attention weights');
  await s.page.screenshot({ path: join(ARTIFACTS, 'webgpu-attention.png') });
});

test("a shipped model's prediction and heads on webgpu equal predictTask and explainWithModel on js", async (t) => {
  if (skip) return t.skip(skip);
  const models = join(explorerPaths().root, 'data', 'models');
  const entry = discoverModels(models).map((f) => f.entry).find((m) => m.task === 'sst2' && m.kind === 'attention');
  if (!entry) return assert.fail(`no sst2 attention model in ${models}`);
  const text = 'A gorgeous, witty and moving film';
  const hash = new URLSearchParams({ view: 'models', s: text, model: entry.name, layer: String(entry.layers), head: String(entry.heads) });
  await s.page.goto(`${s.server.url}#${hash}`);
  await s.page.waitForFunction((m) => document.getElementById('panel')?.dataset.view === 'models' && document.querySelector<HTMLSelectElement>('#model-pick')?.value === m &&
    !!document.querySelector('[data-testid=prediction][data-probability]'), entry.name, { timeout: 60_000 });
  const dir = join(models, entry.name);
  const { model } = loadTaskModel({ 'model.safetensors': new Uint8Array(readFileSync(join(dir, 'model.safetensors'))), 'config.json': readFileSync(join(dir, 'config.json'), 'utf8') });
  const wv = bundledVectors();
  const p = await predictTask(model, wv, { text });
  const box = s.page.locator('[data-testid=prediction]');
  assert.equal(await box.getAttribute('data-label'), p.labelName);
  const prob = Number(await box.getAttribute('data-probability'));
  assert.ok(Math.abs(prob - p.probability) <= TOL, `probability ${prob} on the page, ${p.probability} from the library`);
  const e = await explainWithModel(model, wv, p.sequences[0].tokens);
  const cells = await heatmapValues(s.page.locator('[data-testid=model-sequence]').first().locator('[data-testid=learned-heatmap]'), 'weight');
  assertClose(cells, e.layers[entry.layers - 1].heads[entry.heads - 1].flat(), `layer ${entry.layers}, head ${entry.heads}`);
  await s.page.screenshot({ path: join(ARTIFACTS, 'webgpu-model.png'), fullPage: true });
});
