// The attention heatmap at 300 words (90,000 weights) in a real browser: drawn within a second of the keystroke's
// input event, and of the worker's answer (measured in the page and printed, one retry when the machine is busy),
// every weight still readable, and the word headers in view after the box is scrolled to its bottom right corner,
// where hover still finds the right cell; the keyboard brings a cell into view below and beside the headers.
// Screenshot: heatmap-300-scrolled.png. Then the grid for keyboard and screen-reader users: arrows, the focused
// cell's name and headers, and the focus kept across re-renders.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSession, bundledVectors, perfOf, waitForView, heatmapValues, cellPoint, ARTIFACTS, type Session } from './_harness.ts';

let s: Session;
before(async () => {
  s = await startSession();
});
after(async () => {
  await s?.close();
});

const N = 300;

test(`a ${N}-word attention heatmap is drawn in under a second, and its headers stay in view when it scrolls`, async () => {
  const words = bundledVectors().words.filter((w) => /^[a-z]+$/.test(w)).slice(50, 50 + N); // known, distinct, one token each
  assert.equal(words.length, N);
  await s.page.goto(s.server.url + '#view=attention&s=Humans%20love%20smartphones');
  await waitForView(s.page, 'attention', 'Humans love smartphones');

  // The measured edit is one keystroke: the sentence is typed but for its last letter, drawn, then the key is pressed.
  let paintMs = Infinity, drawnMs = Infinity, shown = words;
  for (let attempt = 1; attempt <= 2 && Math.max(paintMs, drawnMs) >= 1000; attempt++) { // a second try only if a busy machine slowed the first
    shown = attempt === 1 ? words : [...words].reverse();
    const sentence = shown.join(' ');
    const box = s.page.getByLabel('Sentence');
    await box.fill(sentence.slice(0, -1));
    await waitForView(s.page, 'attention', sentence.slice(0, -1));
    await box.press(sentence.at(-1)!);
    await waitForView(s.page, 'attention', sentence);
    await s.page.waitForFunction((t) => (window as any).__attnlab.updates.some((u: any) => u.sentence === t && u.drawnMs !== null), sentence);
    const u = (await perfOf(s.page)).updates.filter((x) => x.sentence === sentence).at(-1)!;
    assert.equal(u.words, N);
    paintMs = u.paintMs ?? Infinity; // null: no frame was drawn, which the bound below reports
    drawnMs = u.drawnMs!;
    console.log(`# ${N}-word heatmap, attempt ${attempt}: keystroke (input event) → drawn ${drawnMs.toFixed(0)} ms: worker ${u.computeMs.toFixed(0)} ms, ` +
      `rendered and drawn ${paintMs!.toFixed(0)} ms after its answer (DOM ${u.renderMs.toFixed(0)} ms, then layout and paint)`);
  }
  assert.ok(paintMs! < 1000, `the ${N}-word heatmap took ${paintMs!.toFixed(0)} ms from the worker's answer to the drawn frame (bound 1000 ms)`);
  assert.ok(drawnMs < 1000, `the ${N}-word heatmap took ${drawnMs.toFixed(0)} ms from the keystroke's input event to the drawn frame (bound 1000 ms)`);
  assert.equal((await heatmapValues(s.page.locator('#panel'), 'weight')).length, N * N, 'every weight is on the page');

  const box = s.page.locator('#panel .heatmap-scroll');
  const seen = await box.evaluate(async (el) => {
    el.scrollIntoView({ block: 'center' }); // the whole box on screen (it is at most 80% of the window high)
    el.scrollTop = el.scrollHeight;
    el.scrollLeft = el.scrollWidth;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r)))); // the repaint after the scroll event
    const b = el.getBoundingClientRect(), left = b.left + el.clientLeft, top = b.top + el.clientTop;
    const view = { left, top, right: left + el.clientWidth, bottom: top + el.clientHeight };
    const cols = el.querySelectorAll('.col-head'), rows = el.querySelectorAll('.row-head');
    const lastCol = cols[cols.length - 1], lastRow = rows[rows.length - 1];
    // Each inside the visible part of the box, and on top there (not under the cells). No named helpers: the
    // function runs in the page, without the test's transpiler runtime.
    const [corner, col, row] = [el.querySelector('.corner')!, lastCol, lastRow].map((e) => {
      const r = e.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return r.left >= view.left - 0.5 && r.right <= view.right + 0.5 && r.top >= view.top - 0.5 && r.bottom <= view.bottom + 0.5 && !!hit && e.contains(hit);
    });
    return {
      scrolled: [el.scrollLeft, el.scrollTop], corner, lastCol: col, lastRow: row,
      colTop: lastCol.getBoundingClientRect().top - view.top, rowLeft: lastRow.getBoundingClientRect().left - view.left,
      drawn: el.querySelector('canvas')!.dataset.drawn,
    };
  });
  assert.ok(seen.scrolled[0] > 1000 && seen.scrolled[1] > 1000, `the box scrolls both ways inside the page (scrolled to ${seen.scrolled})`);
  assert.ok(seen.corner && seen.lastCol && seen.lastRow, `headers in view at the bottom right: ${JSON.stringify(seen)}`);
  assert.ok(Math.abs(seen.colTop) <= 2 && Math.abs(seen.rowLeft) <= 2, `the header row sticks to the top, the header column to the left: ${JSON.stringify(seen)}`);
  assert.match(seen.drawn ?? '', new RegExp(`^\\d+-${N} \\d+-${N}$`), 'the canvas repainted the last rows and columns');
  const corner = await cellPoint(s.page.locator('#panel'), N - 1, N - 1);
  await s.page.mouse.move(corner.x, corner.y);
  await s.page.locator('.cell-detail').getByText(`${shown[N - 1]} → ${shown[N - 1]}`, { exact: true }).waitFor();
  await box.screenshot({ path: join(ARTIFACTS, `heatmap-${N}-scrolled.png`) });

  // The keyboard brings a cell into view beside and below the headers, not under them.
  await s.page.locator('#panel [role=gridcell]').focus(); // (0, 0), far up and to the left
  await s.page.keyboard.press('End');
  await s.page.keyboard.press('ArrowUp'); // no row above: stays in row 0
  const focused = await s.page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
    const c = document.activeElement as HTMLElement, r = c.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return { row: c.dataset.row, col: c.dataset.col, label: c.getAttribute('aria-label'), onTop: hit === c || !!hit?.closest('.cells') };
  });
  assert.deepEqual({ ...focused, label: undefined }, { row: '0', col: String(N - 1), label: undefined, onTop: true });
  assert.match(focused.label ?? '', new RegExp(`^${shown[0]} attends to ${shown[N - 1]}: weight \\d\\.\\d{3}$`), 'the focused cell says its number');
});

test('keyboard and screen reader: arrows move the focused cell, it names both words and the weight, and a re-render keeps it', async () => {
  const page = s.page;
  await page.goto(s.server.url + '#view=attention&s=money%20bank%20grows');
  await waitForView(page, 'attention', 'money bank grows');
  await page.locator('#panel [role=gridcell]').focus(); // (0, 0)
  for (const key of ['ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowRight']) await page.keyboard.press(key); // no column past the last: (1, 2)
  const weight = (await heatmapValues(page.locator('#panel'), 'weight'))[1 * 3 + 2];
  const name = `bank attends to grows: weight ${weight.toFixed(3)}`;
  // What a screen reader is given: a grid cell with that accessible name, focused, in the row of "bank" and the column of "grows".
  const cell = page.getByRole('grid', { name: /^Attention weights/ }).getByRole('gridcell', { name, exact: true });
  await cell.waitFor();
  const place = await page.evaluate(() => {
    const c = document.activeElement as HTMLElement, row = c.closest('[role=row]')!, grid = c.closest('[role=grid]')!;
    const col = grid.querySelector(`[role=columnheader][aria-colindex="${c.getAttribute('aria-colindex')}"]`);
    return { role: c.getAttribute('role'), rowIndex: row.getAttribute('aria-rowindex'), rowHeader: row.querySelector('[role=rowheader]')?.textContent, colHeader: col?.textContent };
  });
  assert.deepEqual(place, { role: 'gridcell', rowIndex: '3', rowHeader: 'bank', colHeader: 'grows' });
  assert.ok(await cell.evaluate((c) => c === document.activeElement), 'the named cell is the focused one');

  // A re-render while the cell has the focus (here: the URL changes the colour scale) gives the focus back to the same cell.
  const focusedCell = () => page.evaluate(() => {
    const c = document.activeElement as HTMLElement;
    return [c.getAttribute('role'), c.dataset.row, c.dataset.col];
  });
  await page.evaluate(() => ((document.querySelector('#panel [role=grid]') as any).__old = true));
  await page.evaluate(() => (location.hash += '&colours=max'));
  await page.waitForFunction(() => location.hash.includes('colours=max') && !(document.querySelector('#panel [role=grid]') as any)?.__old);
  assert.deepEqual(await focusedCell(), ['gridcell', '1', '2'], 'focus is back on the cell focused last, after the re-render');

  // Focus elsewhere during a re-render (the checkbox), then Tab back into the grid: the same cell again.
  await page.locator('#opt-stretch').focus();
  await page.evaluate(() => ((document.querySelector('#panel [role=grid]') as any).__old = true));
  await page.keyboard.press('Space');
  // Wait for the new grid too: a Tab pressed before the re-render lands would leave with the replaced grid.
  await page.waitForFunction(() => !location.hash.includes('colours=max') && document.activeElement?.id === 'opt-stretch'
    && !(document.querySelector('#panel [role=grid]') as any)?.__old);
  for (let i = 0; i < 6 && (await focusedCell())[0] !== 'gridcell'; i++) await page.keyboard.press('Tab');
  assert.deepEqual(await focusedCell(), ['gridcell', '1', '2'], 'the grid starts at the cell focused last');
  await page.getByRole('gridcell', { name, exact: true }).waitFor();
});

test('the neuron view of a cell: the C products e_i[c]·e_j[c], the largest named, that sum to its dot product', async () => {
  const page = s.page;
  await page.goto(s.server.url + '#view=attention&s=money%20bank%20grows');
  await waitForView(page, 'attention', 'money bank grows');
  const corner = await cellPoint(page.locator('#panel'), 1, 2);
  await page.mouse.move(corner.x, corner.y);
  await page.locator('.cell-detail').getByText('bank → grows', { exact: true }).waitFor();
  const terms = page.locator('.cell-detail [data-testid=dot-terms]');
  const products = (await terms.getAttribute('data-products'))!.split(' ').map(Number);
  const wv = bundledVectors(), a = wv.vector('bank'), b = wv.vector('grows');
  assert.equal(products.length, wv.dim);
  products.forEach((p, c) => assert.ok(Math.abs(p - a[c] * b[c]) <= 1e-6, `dimension ${c + 1}: ${p} vs ${a[c] * b[c]}`));
  const dot = products.reduce((s, p) => s + p, 0);
  assert.ok(Math.abs(dot - wv.similarity('bank', 'grows', 'dot')) < 1e-4, `the products sum to the dot product (${dot})`);
  const largest = products.map((p, c) => [Math.abs(p), c]).sort((x, y) => y[0] - x[0])[0][1];
  assert.match(await terms.textContent() ?? '', new RegExp(`^dim ${largest + 1}: .* = .*; the other ${wv.dim - 5} add `));
});
