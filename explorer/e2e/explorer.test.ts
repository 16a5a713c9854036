// The explorer in a real browser (Debian Chromium via playwright-core) against the static build served
// by `attn explore`'s own server on 127.0.0.1: the heatmap equals the library's selfAttention to 1e-6,
// every view renders (screenshots in test-artifacts/explorer/), nothing leaves the origin, no console
// errors, the URL restores state, keyboard-only use works, and the speed is measured and printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tokenize, resolveTokens, tensor, selfAttention, polysemy } from '../../src/index.ts';
import { startSession, foreign, bundledVectors, perfOf, waitForView, assertFitsPhone, heatmapValues, cellPoint, ARTIFACTS, type Session } from './_harness.ts';

let s: Session;
const hashFor = (view: string, sentence: string) => `#view=${view}&s=${encodeURIComponent(sentence)}`;

before(async () => {
  s = await startSession();
});
after(async () => {
  await s?.close();
});

/** The library's weights for `sentence`, computed in Node on the same vectors. */
async function expectedWeights(sentence: string, scale: boolean): Promise<{ words: string[]; weights: Float32Array }> {
  const wv = bundledVectors();
  const r = resolveTokens(tokenize(sentence), wv, { unknown: 'skip' });
  const T = r.tokens.length;
  return { words: r.tokens, weights: (await (await selfAttention(tensor(r.vectors, [T, wv.dim]), { scale })).weights.data()) as Float32Array };
}

const heatmapWeights = () => heatmapValues(s.page.locator('#panel'), 'weight'); // (T, T) row-major

function assertClose(page: number[], exp: Float32Array, T: number): void {
  assert.equal(page.length, T * T, `expected ${T}×${T} cells`);
  let worst = 0;
  page.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - exp[k]))));
  assert.ok(worst <= 1e-6, `max |page − library| = ${worst}`);
}

test('first load: the attention heatmap paints quickly and the vectors come from the origin', async () => {
  const t0 = Date.now();
  await s.page.goto(s.server.url + hashFor('attention', 'Humans love smartphones'));
  await waitForView(s.page, 'attention', 'Humans love smartphones');
  await s.page.waitForFunction(() => ((window as any).__attnlab.firstUsefulPaint ?? -1) > 0);
  const perf = await perfOf(s.page);
  const v = perf.vectors!;
  console.log(`# first useful paint ${perf.firstUsefulPaint!.toFixed(0)} ms after navigation start (vectors requested at ${v.requestedAt.toFixed(0)} ms: fetch ${v.fetchMs.toFixed(0)} ms + parse ${v.parseMs.toFixed(0)} ms; test wall ${Date.now() - t0} ms)`);
  assert.ok(perf.firstUsefulPaint! < 10_000, 'first useful paint within 10 s (target 2 s)');
  assert.equal(perf.vectors?.source, 'network');
  await s.page.screenshot({ path: join(ARTIFACTS, 'attention.png'), fullPage: true });

  // A reload reads the vectors from the Cache API.
  await s.page.waitForFunction(() => (window as any).__attnlab.cached === true);
  await s.page.reload();
  await waitForView(s.page, 'attention', 'Humans love smartphones');
  await s.page.waitForFunction(() => ((window as any).__attnlab.firstUsefulPaint ?? -1) > 0);
  const again = await perfOf(s.page);
  console.log(`# reload: first useful paint ${again.firstUsefulPaint!.toFixed(0)} ms (vectors from ${again.vectors?.source}: read ${again.vectors!.fetchMs.toFixed(0)} ms + parse ${again.vectors!.parseMs.toFixed(0)} ms)`);
  assert.equal(again.vectors?.source, 'cache');
});

test('the worker computes on wasm, on every core when the page is cross-origin isolated (attn explore sends COOP/COEP)', async () => {
  await s.page.goto(s.server.url + hashFor('attention', 'Humans love smartphones'));
  await waitForView(s.page, 'attention', 'Humans love smartphones');
  await s.page.waitForFunction(() => !!document.querySelector('.status')?.getAttribute('data-backend'));
  const got = await s.page.evaluate(() => {
    const el = document.querySelector('.status') as HTMLElement;
    return { backend: el.dataset.backend, threads: Number(el.dataset.threads), text: el.textContent ?? '', isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency };
  });
  assert.equal(got.isolated, true, 'attn explore serves the page cross-origin isolated');
  assert.equal(got.backend, 'wasm', got.text);
  assert.equal(got.threads, got.cores, got.text);
  assert.match(got.text, /Computing on wasm, \d+ threads?(\.| \(WebGPU could not start: navigator\.gpu gives no adapter)/);
});

test('served without COOP/COEP, the explorer runs wasm on one thread and says why', async () => {
  const page = await s.context.newPage();
  // Same files, but every response stripped of the isolation headers (as a plain static host would serve them).
  await page.route('**/*', async (route) => {
    const r = await route.fetch();
    const headers = { ...r.headers() };
    for (const h of ['cross-origin-opener-policy', 'cross-origin-embedder-policy']) delete headers[h];
    await route.fulfill({ response: r, headers });
  });
  try {
    await page.goto(s.server.url + hashFor('attention', 'Humans love smartphones'));
    await page.waitForFunction(() => !!document.querySelector('.status')?.getAttribute('data-backend'), undefined, { timeout: 30_000 });
    const got = await page.evaluate(() => ({ isolated: crossOriginIsolated, text: document.querySelector('.status')!.textContent ?? '', threads: Number((document.querySelector('.status') as HTMLElement).dataset.threads) }));
    assert.equal(got.isolated, false);
    assert.equal(got.threads, 1);
    assert.match(got.text, /one thread: this page is not cross-origin isolated/);
  } finally {
    await page.close();
  }
});

test('typing a sentence: heatmap cells equal the library selfAttention to 1e-6, scaled and unscaled', async () => {
  const sentence = 'He deposited money in the bank';
  await s.page.getByLabel('Sentence').fill(sentence);
  await waitForView(s.page, 'attention', sentence);
  const exp = await expectedWeights(sentence, true);
  assertClose(await heatmapWeights(), exp.weights, exp.words.length);

  await s.page.getByLabel('divide scores by √C').uncheck();
  await s.page.waitForFunction(() => location.hash.includes('scale=0'));
  await s.page.waitForFunction((n) => document.querySelectorAll('#panel [data-weights]').length === n && !document.querySelector('#panel input[type=checkbox]:checked'), exp.words.length);
  const unscaled = await expectedWeights(sentence, false);
  assertClose(await heatmapWeights(), unscaled.weights, unscaled.words.length);
  await s.page.getByLabel('divide scores by √C').check();
  await s.page.waitForFunction(() => !location.hash.includes('scale=0'));
});

test('hover and click: cell details, and the step-by-step computation with the formula', async () => {
  const sentence = 'Humans love smartphones';
  await s.page.getByLabel('Sentence').fill(sentence);
  await waitForView(s.page, 'attention', sentence);
  const cell = await cellPoint(s.page.locator('#panel'), 1, 0);
  await s.page.mouse.move(cell.x, cell.y);
  await s.page.locator('.cell-detail').getByText('love → humans').waitFor();
  await s.page.mouse.click(cell.x, cell.y);
  assert.deepEqual(await s.page.evaluate(() => [(document.activeElement as HTMLElement).dataset.row, (document.activeElement as HTMLElement).dataset.col]), ['1', '0'], 'the clicked cell has the focus');
  const formula = await s.page.locator('.formula code').textContent();
  assert.match(formula ?? '', /^y\(love\) = \d\.\d\d·e\(humans\) \+ \d\.\d\d·e\(love\) \+ \d\.\d\d·e\(smartphones\)$/);
  await s.page.locator('.neighbours .word').first().waitFor();
  assert.ok(s.page.url().includes('row=1'), 'the picked row is in the URL');
  await s.page.screenshot({ path: join(ARTIFACTS, 'attention-steps.png'), fullPage: true });
});

test('every view renders', async () => {
  const sentence = 'He deposited money in the bank';
  const checks: Record<string, string> = {
    static: '#panel .neighbour-list li',
    attention: '#panel canvas[data-drawn]',
    how: '#panel [data-testid=how-step] g[data-weight]',
    contextual: '#panel figure svg',
    polysemy: '#panel .lede',
    order: '#panel [data-testid=order-diff-without]',
    models: '#panel [data-testid=no-models], #panel [data-testid=prediction], #panel [data-testid=model-problem]',
  };
  for (const [view, selector] of Object.entries(checks)) {
    await s.page.goto(s.server.url + hashFor(view, sentence));
    await waitForView(s.page, view, sentence);
    await s.page.locator(selector).first().waitFor();
    assert.equal(await s.page.locator(`#tab-${view}`).getAttribute('aria-selected'), 'true');
    await s.page.screenshot({ path: join(ARTIFACTS, `${view}.png`), fullPage: true });
  }
  assert.equal(await s.page.locator('[data-testid=order-diff-without]').count(), 0); // left the order view
  await s.page.goto(s.server.url + hashFor('order', sentence));
  await waitForView(s.page, 'order', sentence);
  assert.equal(await s.page.locator('[data-testid=order-diff-without]').textContent(), '0.000000');
});

test('polysemy: "bank" has static cosine 1.000 and a lower contextual cosine', async () => {
  await s.page.goto(s.server.url + hashFor('attention', 'Humans love smartphones'));
  await waitForView(s.page, 'attention', 'Humans love smartphones');
  await s.page.getByRole('button', { name: 'He deposited money in the bank / He sat on the river bank' }).click();
  await waitForView(s.page, 'polysemy', 'He deposited money in the bank');
  assert.equal(await s.page.locator('[data-testid=static-cosine]').textContent(), '1.000');
  const contextual = Number(await s.page.locator('[data-testid=contextual-cosine]').textContent());
  assert.ok(contextual < 1 && contextual > 0.9, `contextual cosine ${contextual}`);
  // The CLI's "vs the other sentence" column, per side: the library's versusOther, to the 3 decimals shown.
  const wv = bundledVectors(), words = (t: string) => resolveTokens(tokenize(t), wv, { unknown: 'skip' }).tokens;
  const lib = await polysemy(wv, 'bank', words('He deposited money in the bank'), words('He sat on the river bank'), { scale: true });
  for (const [k, name] of [[0, 'A'], [1, 'B']] as const) {
    const side = s.page.getByRole('region', { name: `Context ${name}` });
    assert.equal(await side.locator('thead th').last().textContent(), `vs ${name === 'A' ? 'B' : 'A'}`);
    const shown = await side.locator('[data-versus-other]').evaluateAll((cells) => cells.map((c) => [(c as HTMLElement).dataset.versusOther, c.textContent]));
    const text = (x: number) => { // the page's fmt: a true minus sign, no "-0.000"
      const t = x.toFixed(3);
      return `${x >= 0 ? '+' : ''}${(t.startsWith('-') && Number(t) === 0 ? t.slice(1) : t).replace('-', '−')}`;
    };
    assert.deepEqual(shown, lib.sentences[k].movements.map((m) => [m.word, text(m.versusOther)]));
    assert.ok(lib.sentences[k].movements.some((m) => Math.abs(m.versusOther) > 0.01), 'a column that says something');
  }
  await s.page.screenshot({ path: join(ARTIFACTS, 'polysemy.png'), fullPage: true });
});

test('unknown words are marked with suggestions, not an error page', async () => {
  await s.page.goto(s.server.url + hashFor('attention', 'Humans lvoe smartphones'));
  await waitForView(s.page, 'attention', 'Humans lvoe smartphones');
  const note = s.page.locator('[data-unknown="lvoe"]');
  await note.waitFor();
  assert.equal((await heatmapWeights()).length, 4, 'the two known words are still attended');
  await s.page.screenshot({ path: join(ARTIFACTS, 'unknown-word.png') });
  await note.getByRole('button', { name: 'love' }).click();
  await waitForView(s.page, 'attention', 'Humans love smartphones');
  assert.equal(await s.page.locator('[data-unknown]').count(), 0);
});

test('the URL restores the sentence and the view', async () => {
  const sentence = 'break a leg';
  await s.page.goto(s.server.url + hashFor('contextual', sentence) + '&pos=sinusoidal');
  await waitForView(s.page, 'contextual', sentence);
  assert.equal(await s.page.getByLabel('Sentence').inputValue(), sentence);
  assert.equal(await s.page.locator('#panel select').inputValue(), 'sinusoidal');
  await s.page.getByRole('tab', { name: 'Order' }).click();
  await waitForView(s.page, 'order', sentence);
  await s.page.goBack();
  await waitForView(s.page, 'contextual', sentence);
});

test('keyboard only: tabs with arrow keys, heatmap cells with arrows and Enter', async () => {
  await s.page.goto('about:blank'); // a fresh document: a grid starts at the cell this page focused last (1, 0 above)
  await s.page.goto(s.server.url + hashFor('static', 'Humans love smartphones'));
  await waitForView(s.page, 'static', 'Humans love smartphones');
  await s.page.locator('#tab-static').focus();
  await s.page.keyboard.press('ArrowRight');
  await waitForView(s.page, 'attention', 'Humans love smartphones');
  assert.equal(await s.page.evaluate(() => document.activeElement?.id), 'tab-attention');
  await s.page.keyboard.press('Tab'); // into the panel: the scaling checkbox first
  assert.equal(await s.page.evaluate(() => document.activeElement?.id), 'opt-scale');
  await s.page.keyboard.press('Space'); // re-renders the view; focus must stay on the checkbox
  await s.page.waitForFunction(() => location.hash.includes('scale=0') && document.getElementById('panel')?.querySelector('#opt-scale:not(:checked)'));
  assert.equal(await s.page.evaluate(() => document.activeElement?.id), 'opt-scale');
  await s.page.keyboard.press('Space');
  await s.page.waitForFunction(() => !location.hash.includes('scale=0') && document.getElementById('panel')?.querySelector('#opt-scale:checked'));
  // The re-render may land while focus walks into the grid; a focused cell must survive it.
  for (let i = 0; i < 6 && !(await s.page.evaluate(() => document.activeElement?.getAttribute('role') === 'gridcell')); i++) await s.page.keyboard.press('Tab');
  assert.equal(await s.page.evaluate(() => document.activeElement?.getAttribute('role')), 'gridcell');
  await s.page.keyboard.press('ArrowDown');
  await s.page.keyboard.press('ArrowRight');
  assert.deepEqual(await s.page.evaluate(() => [(document.activeElement as HTMLElement).dataset.row, (document.activeElement as HTMLElement).dataset.col]), ['1', '1']);
  await s.page.locator('.cell-detail').getByText('love → love').waitFor();
  await s.page.keyboard.press('Enter');
  await s.page.locator('.formula code').getByText('y(love) =').waitFor();
});

test('speed: a new 30-word sentence updates each view (measured in the page)', async () => {
  const words = 'the old man walked along the river bank to deposit his money in the bank before the storm came over the hills and the people of the small town went home early'.split(' ');
  assert.equal(words.length, 32);
  const sentence = words.slice(0, 30).join(' ');
  const rows: string[] = [];
  for (const view of ['static', 'attention', 'how', 'contextual', 'polysemy', 'order']) {
    await s.page.goto(s.server.url + hashFor(view, 'Humans love smartphones'));
    await waitForView(s.page, view, 'Humans love smartphones');
    await s.page.getByLabel('Sentence').fill(sentence);
    await waitForView(s.page, view, sentence);
    const u = (await perfOf(s.page)).updates.filter((x) => x.sentence === sentence && x.view === view).at(-1)!;
    rows.push(`#   ${view.padEnd(11)} ${u.words} words: ${u.ms.toFixed(1).padStart(6)} ms (worker ${u.computeMs.toFixed(1)} ms, DOM ${u.renderMs.toFixed(1)} ms)`);
    await s.page.screenshot({ path: join(ARTIFACTS, `${view}-30-words.png`), fullPage: true });
    assert.ok(u.ms < 2000, `${view} updated in ${u.ms} ms (target 100 ms)`);
  }
  console.log('# update after typing a 30-word sentence, input event → view rendered:\n' + rows.join('\n'));
});

test('phone-sized viewport: the attention view fits and scrolls inside its box', async () => {
  const sentence = 'He deposited money in the bank';
  await assertFitsPhone(s, hashFor('attention', sentence), (page) => waitForView(page, 'attention', sentence), 'phone-attention.png');
});

test('no request left the origin and no console errors', () => {
  const origin = new URL(s.server.url).origin;
  assert.ok(s.requests.length > 0);
  assert.deepEqual(foreign(s.requests, origin), []);
  assert.deepEqual(s.errors, []);
  console.log(`# ${s.requests.length} requests, all to ${origin}`);
});

test('phone-sized viewport: the order view shows its sinusoidal and RoPE columns without scrolling', async () => {
  const sentence = 'the dog chased the cat across the garden';
  await assertFitsPhone(s, hashFor('order', sentence), (page) => waitForView(page, 'order', sentence), 'phone-order.png', async (page) => {
    const table = page.locator('table.order-table');
    for (const name of ['sinusoidal', 'RoPE']) {
      const box = await table.getByRole('columnheader', { name, exact: true }).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `the ${name} column at ${JSON.stringify(box)}, outside the 390 px screen`);
    }
    const scroll = await table.evaluate((t) => { const box = t.parentElement!; return box.scrollWidth - box.clientWidth; });
    assert.ok(scroll <= 1, `the table scrolls by ${scroll} px`);
  });
});

test('contextual view: no two word labels overlap, even with repeated and nearby words', async () => {
  const sentence = 'the bank of the river and the bank of the city both hold money and water for the town';
  await s.page.goto(s.server.url + hashFor('contextual', sentence));
  await waitForView(s.page, 'contextual', sentence);
  const boxes = await s.page.locator('#panel figure svg g[aria-label="text"] text').evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { text: e.textContent, x: r.x, y: r.y, w: r.width, h: r.height };
  }));
  const words = tokenize(sentence), counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  // One label per distinct word (a repeated word has one static vector), with its count.
  assert.deepEqual(boxes.map((b) => b.text).sort(), [...counts].map(([w, n]) => (n > 1 ? `${w} ×${n}` : w)).sort());
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      const ix = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x), iy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      assert.ok(ix <= 0.5 || iy <= 0.5, `labels "${a.text}" and "${b.text}" overlap by ${ix.toFixed(1)} × ${iy.toFixed(1)} px`);
    }
  }
  await s.page.screenshot({ path: join(ARTIFACTS, 'contextual-labels.png'), fullPage: true });
});
