// The "How it works" view and the heatmap downloads in a real browser: the figure's numbers (dot products,
// scores, weights, y and the matrix form) equal the library's selfAttention in Node to 1e-6, the query word
// steps by keyboard, the figure fits a phone, and the CSV and SVG downloads hold exactly the weights shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenize, resolveTokens, tensor, selfAttention, contextualize } from '../../src/index.ts';
import { startSession, bundledVectors, waitForView, assertFitsPhone, foreign, heatmapValues, ARTIFACTS, type Session } from './_harness.ts';

let s: Session;
before(async () => {
  s = await startSession();
});
after(async () => {
  await s?.close();
});

/** The library's attention for `sentence` in Node, on the vectors the build bundled. */
async function oracle(sentence: string) {
  const wv = bundledVectors();
  const r = resolveTokens(tokenize(sentence), wv, { unknown: 'skip' });
  const T = r.tokens.length, C = wv.dim;
  const res = await selfAttention(tensor(r.vectors, [T, C]), { scale: true });
  return { words: r.tokens, T, C, divisor: res.divisor, X: r.vectors, scores: await res.scores.data(), weights: await res.weights.data(), Y: await res.outputs.data() };
}

/** |page − library| ≤ 1e-6, relative to the size of the number where it is larger than 1 (dot products). */
function close(what: string, page: number, lib: number): void {
  assert.ok(Math.abs(page - lib) <= 1e-6 * Math.max(1, Math.abs(lib)), `${what}: page ${page}, library ${lib}`);
}
/** The page's rounded text ("−0.12") against the library's number. */
function shown(what: string, text: string | null, lib: number, digits: number): void {
  assert.ok(Math.abs(Number((text ?? '').replace('−', '-')) - lib) <= 0.5 * 10 ** -digits + 1e-9, `${what}: shows ${text}, library ${lib}`);
}

async function stepRows() {
  return s.page.$$eval('[data-testid=how-step] g[data-key]', (gs) => gs.map((g) => ({
    key: Number(g.getAttribute('data-key')), dot: Number(g.getAttribute('data-dot')), score: Number(g.getAttribute('data-score')), weight: Number(g.getAttribute('data-weight')),
    dotText: g.querySelector('.dot')?.textContent ?? null, scoreText: g.querySelector('.score')?.textContent ?? null, weightText: g.querySelector('.weight')?.textContent ?? null,
  })));
}

async function checkQuery(o: Awaited<ReturnType<typeof oracle>>, i: number): Promise<void> {
  await s.page.waitForFunction((q) => document.querySelector('[data-testid=how-step] svg')?.getAttribute('data-query') === String(q), i);
  const rows = await stepRows();
  assert.equal(rows.length, o.T);
  for (const r of rows) {
    const k = i * o.T + r.key;
    close(`dot ${i},${r.key}`, r.dot, o.scores[k] * o.divisor);
    close(`score ${i},${r.key}`, r.score, o.scores[k]);
    close(`weight ${i},${r.key}`, r.weight, o.weights[k]);
    shown(`dot ${i},${r.key}`, r.dotText, o.scores[k] * o.divisor, 2);
    shown(`score ${i},${r.key}`, r.scoreText, o.scores[k], 2);
    shown(`weight ${i},${r.key}`, r.weightText, o.weights[k], 3);
  }
  const y = (await s.page.getAttribute('[data-testid=how-step] [data-y]', 'data-y'))!.split(',').map(Number);
  y.forEach((v, c) => close(`y(${o.words[i]})[${c}]`, v, o.Y[i * o.C + c]));
  assert.match(await s.page.locator('[data-testid=how-step] figcaption').textContent() ?? '', new RegExp(`y\\(${o.words[i]}\\)`));
}

test('How it works opens on "money bank grows"; every number equals the library; ← → Home End step the query word', async () => {
  await s.page.goto(s.server.url + '#view=how');
  await waitForView(s.page, 'how', 'money bank grows');
  const o = await oracle('money bank grows');
  assert.deepEqual(o.words, ['money', 'bank', 'grows']);
  await checkQuery(o, 0);

  // The matrix form: E (first columns), S = E·Eᵀ, S ÷ √C, A, Y (first columns).
  const cells = await s.page.$$eval('[data-testid=how-matrix] [data-matrix]', (ms) => ms.map((m) => ({
    key: m.getAttribute('data-matrix')!,
    cells: [...m.querySelectorAll('[data-value]')].map((c) => [Number(c.getAttribute('data-row')), Number(c.getAttribute('data-col')), Number(c.getAttribute('data-value'))]),
  })));
  const K = 6, lib: Record<string, (r: number, c: number) => number> = {
    inputs: (r, c) => o.X[r * o.C + c], dots: (r, c) => o.scores[r * o.T + c] * o.divisor, scores: (r, c) => o.scores[r * o.T + c],
    weights: (r, c) => o.weights[r * o.T + c], outputs: (r, c) => o.Y[r * o.C + c],
  };
  assert.deepEqual(cells.map((m) => m.key), ['inputs', 'dots', 'scores', 'weights', 'outputs']);
  for (const m of cells) {
    assert.equal(m.cells.length, o.T * (m.key === 'inputs' || m.key === 'outputs' ? K : o.T), m.key);
    for (const [r, c, v] of m.cells) close(`${m.key}[${r}, ${c}]`, v, lib[m.key](r, c));
  }
  await s.page.screenshot({ path: join(ARTIFACTS, 'how-it-works.png'), fullPage: true });

  // Keyboard only: the figure takes focus, → steps, Home and End jump, and the URL keeps the word.
  await s.page.locator('[data-testid=how-step]').focus();
  await s.page.keyboard.press('ArrowRight');
  await checkQuery(o, 1);
  assert.equal(await s.page.evaluate(() => document.activeElement?.id), 'how-step', 'focus stays on the figure');
  assert.ok(s.page.url().includes('row=1'));
  await s.page.keyboard.press('End');
  await checkQuery(o, 2);
  await s.page.keyboard.press('ArrowRight'); // already the last word: stays
  await checkQuery(o, 2);
  await s.page.keyboard.press('Home');
  await checkQuery(o, 0);
  // The buttons, by keyboard: "next →" with Enter.
  await s.page.locator('#how-next').focus();
  await s.page.keyboard.press('Enter');
  await checkQuery(o, 1);
  assert.equal(await s.page.evaluate(() => document.activeElement?.id), 'how-next');
  assert.equal(await s.page.locator('#how-word-1').getAttribute('aria-pressed'), 'true');
});

test('a typed sentence redraws the figure with its own numbers', async () => {
  const sentence = 'He deposited money in the bank';
  await s.page.getByLabel('Sentence').fill(sentence);
  await waitForView(s.page, 'how', sentence);
  await checkQuery(await oracle(sentence), 0);
  // With sinusoidal positions the figure draws x = e + p, and its weights are the library's for those inputs.
  await s.page.locator('#opt-positions').selectOption('sinusoidal');
  const withPositions = await (await contextualize(bundledVectors(), (await oracle(sentence)).words, { scale: true, positions: 'sinusoidal' })).attention.weights.data();
  await s.page.waitForFunction(() => document.querySelector('[data-matrix=inputs] text')?.textContent?.startsWith('X ')); // redrawn for x = e + p
  const drawn = await s.page.$$eval('[data-matrix=weights] [data-value]', (cs) => cs.map((c) => Number(c.getAttribute('data-value'))));
  assert.equal(drawn.length, withPositions.length);
  drawn.forEach((v, k) => close(`weight with positions ${k}`, v, withPositions[k]));
  await s.page.locator('#opt-positions').selectOption('none');
  await s.page.waitForFunction(() => !location.hash.includes('pos=') && document.querySelector('[data-matrix=inputs] text')?.textContent?.startsWith('E '));
  // Beyond 8 words the matrices drop their printed numbers (colours and exact values stay).
  const long = 'the old man walked along the river bank to deposit his money in the bank';
  await s.page.getByLabel('Sentence').fill(long);
  await waitForView(s.page, 'how', long);
  await checkQuery(await oracle(long), 0);
  assert.equal(await s.page.locator('[data-matrix=weights] [data-value]').count(), 15 * 15);
  await s.page.screenshot({ path: join(ARTIFACTS, 'how-long.png'), fullPage: true });
  // Beyond 40 words the matrices are not drawn (the step figure and the weights' downloads stay).
  const longer = Array.from({ length: 6 }, () => 'the old man walked along the river bank').join(' ');
  await s.page.getByLabel('Sentence').fill(longer);
  await waitForView(s.page, 'how', longer);
  await s.page.locator('[data-testid=how-matrix-skipped]').waitFor();
  await checkQuery(await oracle(longer), 0);
});

/** Click a download button and read the file it saves. */
async function download(button: string): Promise<{ name: string; text: string; bytes: Buffer }> {
  const [d] = await Promise.all([s.page.waitForEvent('download'), s.page.getByRole('button', { name: button, exact: true }).click()]);
  const bytes = readFileSync((await d.path())!);
  return { name: d.suggestedFilename(), text: bytes.toString('utf8'), bytes };
}

/** An RFC 4180 CSV (quoted fields, "" for a quote, CRLF lines) of words × weights. */
function parseCsv(text: string): { header: string[]; rows: { word: string; values: number[] }[] } {
  const lines: string[][] = [];
  const re = /("(?:[^"]|"")*"|[^,\r\n]*)(,|\r\n|$)/g;
  let line: string[] = [];
  for (let m: RegExpExecArray | null; (m = re.exec(text)) && m[0] !== '';) {
    line.push(m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]);
    if (m[2] !== ',') lines.push(line), (line = []);
  }
  return { header: lines[0], rows: lines.slice(1).map(([word, ...v]) => ({ word, values: v.map(Number) })) };
}

test('Download CSV: the attention heatmap and the figure save exactly the weights shown; Download SVG saves an SVG', async () => {
  const sentence = 'Humans, love smartphones!'; // "," is a GloVe word: its CSV field is quoted
  await s.page.goto(s.server.url + `#view=attention&s=${encodeURIComponent(sentence)}`);
  await waitForView(s.page, 'attention', sentence);
  const shownWeights = await heatmapValues(s.page.locator('#panel'), 'weight');
  const csv = await download('Download the attention weights as CSV');
  assert.equal(csv.name, 'attnlab-attention-humans-love-smartphones.csv');
  const t = parseCsv(csv.text);
  const words = ['humans', ',', 'love', 'smartphones', '!'];
  assert.deepEqual(t.header, ['query\\key', ...words]);
  assert.deepEqual(t.rows.map((r) => r.word), words);
  assert.deepEqual(t.rows.flatMap((r) => r.values), shownWeights, 'every weight at full precision');
  const o = await oracle(sentence);
  t.rows.flatMap((r) => r.values).forEach((v, k) => close(`csv weight ${k}`, v, o.weights[k]));
  const svg = await download('Download the attention weights as SVG');
  assert.equal(svg.name, 'attnlab-attention-humans-love-smartphones.svg');
  assert.match(svg.text, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>/);
  assert.equal((svg.text.match(/<rect [^>]*><title>/g) ?? []).length, 25, 'one cell per weight');

  await s.page.goto(s.server.url + `#view=how&s=${encodeURIComponent(sentence)}`);
  await waitForView(s.page, 'how', sentence);
  const fig = parseCsv((await download('Download the attention weights as CSV')).text);
  const drawn = await s.page.$$eval('[data-matrix=weights] [data-value]', (cs) => cs.map((c) => Number(c.getAttribute('data-value'))));
  assert.deepEqual(fig.rows.flatMap((r) => r.values), drawn, 'the figure\'s A matrix, at full precision');
  writeFileSync(join(ARTIFACTS, 'download-how-humans.png'), (await download('Download the computation of y(humans) as PNG')).bytes);
  const step = await download('Download the computation of y(humans) as SVG');
  assert.equal(step.name, 'attnlab-how-humans-love-smartphones-humans.svg');
  assert.match(step.text, /<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(step.text, /data-weight=/);
  assert.equal((await download('Download the matrix form as SVG')).name, 'attnlab-how-humans-love-smartphones-matrices.svg');

  // The static view's cosine heatmap too.
  await s.page.goto(s.server.url + `#view=static&s=${encodeURIComponent(sentence)}`);
  await waitForView(s.page, 'static', sentence);
  const cosines = await heatmapValues(s.page.locator('#panel'), 'cosine');
  const cos = await download('Download the cosines as CSV');
  assert.equal(cos.name, 'attnlab-cosines-humans-love-smartphones.csv');
  assert.deepEqual(parseCsv(cos.text).rows.flatMap((r) => r.values), cosines);
});

test('Download PNG draws the SVG; the charts (PCA, positional encoding) download as SVG, PNG and CSV', async () => {
  const sentence = 'money bank grows';
  await s.page.goto(s.server.url + `#view=attention&s=${encodeURIComponent(sentence)}`);
  await waitForView(s.page, 'attention', sentence);
  const png = await download('Download the attention weights as PNG');
  assert.equal(png.name, 'attnlab-attention-money-bank-grows.png');
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
  assert.ok(png.bytes.readUInt32BE(16) > 100 && png.bytes.readUInt32BE(20) > 100, 'drawn at 2×, not an empty image');
  writeFileSync(join(ARTIFACTS, 'download-attention.png'), png.bytes);

  await s.page.goto(s.server.url + `#view=contextual&s=${encodeURIComponent(sentence)}`);
  await waitForView(s.page, 'contextual', sentence);
  await s.page.locator('#panel figure svg').first().waitFor();
  const pca = parseCsv((await download('Download the PCA chart as CSV')).text);
  assert.deepEqual(pca.header, ['word', 'static PC1', 'static PC2', 'contextual PC1', 'contextual PC2']);
  assert.deepEqual(pca.rows.map((r) => r.word), ['money', 'bank', 'grows']);
  assert.ok(pca.rows.every((r) => r.values.length === 4 && r.values.every(Number.isFinite)));
  assert.match((await download('Download the PCA chart as SVG')).text, /<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  const pcaPng = await download('Download the PCA chart as PNG');
  assert.equal(pcaPng.bytes.readUInt32BE(0), 0x89504e47);
  writeFileSync(join(ARTIFACTS, 'download-pca.png'), pcaPng.bytes);

  await s.page.goto(s.server.url + `#view=order&s=${encodeURIComponent(sentence)}`);
  await waitForView(s.page, 'order', sentence);
  await s.page.locator('#panel figure svg').first().waitFor();
  const pe = await download('Download the positional encoding as CSV');
  const t = parseCsv(pe.text);
  assert.equal(t.header.length, 1 + bundledVectors().dim);
  assert.equal(t.rows[0].values[1], 1, 'PE[0, 1] = cos 0 = 1');
});

test('phone-sized viewport: How it works fits and no request left the origin, no console errors', async () => {
  await assertFitsPhone(s, '#view=how', (page) => waitForView(page, 'how', 'money bank grows'), 'phone-how.png');
  assert.deepEqual(foreign(s.requests, new URL(s.server.url).origin), []);
  assert.deepEqual(s.errors, []);
});
