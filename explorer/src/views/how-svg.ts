// The two drawings of the "How it works" view, as SVG with the real numbers: one query word's computation
// (static vectors → dot products with the query → ÷ √C → softmax → weights → weighted sum → y), and the
// matrix form that computes every y at once (X → X·Xᵀ → ÷ √C → row softmax → ·X = Y).
// Exact values ride on data-* attributes (data-dot, data-score, data-weight, data-value) for tests and scripts.
// Not interactive: how.ts draws the controls and steps the query word.
import { svg, fmt } from '../dom';
import { weightScale, cosineScale } from '../color';
import type { AttentionData } from '../protocol';

/** Components of each vector drawn as bars (and printed for y). */
export const SHOWN = 6;
const POS = '#2563eb', NEG = '#ea580c', INK = '#1f2937', MUTED = '#4b5563', SOFT = '#fef9c3';

const text = (x: number, y: number, s: string, attrs: Record<string, string | number> = {}) =>
  svg('text', { x, y, 'font-size': 11, fill: INK, ...attrs }, s);

/** Bars of the first SHOWN components of row `r` of a (T, C) matrix, centred on y0, ±h at |v| = top. */
function bars(m: Float32Array, C: number, r: number, x0: number, y0: number, top: number, h = 10, scale = 1): SVGElement {
  const g = svg('g', { 'aria-hidden': 'true' });
  for (let c = 0; c < SHOWN && c < C; c++) {
    const v = m[r * C + c] * scale, len = (Math.min(1, Math.abs(v) / top) * h) || 0.5;
    g.append(svg('rect', { x: x0 + c * 7, y: v >= 0 ? y0 - len : y0, width: 5, height: len, fill: v >= 0 ? POS : NEG },
      svg('title', {}, `component ${c + 1}: ${fmt(v, 3)}`)));
  }
  g.append(svg('line', { x1: x0 - 1, x2: x0 + SHOWN * 7 - 1, y1: y0, y2: y0, stroke: MUTED, 'stroke-width': 0.5 }));
  return g;
}

/** Largest |component| among the drawn ones: every bar of a drawing shares it. */
const barTop = (m: Float32Array, T: number, C: number) => {
  let top = 0;
  for (let r = 0; r < T; r++) for (let c = 0; c < SHOWN && c < C; c++) top = Math.max(top, Math.abs(m[r * C + c]));
  return top || 1;
};

/** One query word's computation, row j = key word j. */
export function queryDiagram(d: AttentionData, i: number): SVGElement {
  const { T, C } = d, w = d.sentence.words, e = d.positions === 'sinusoidal' ? 'x' : 'e';
  // Drawn for a 360-wide box whose word column is 56 wide; longer words widen it by dx.
  const dx = Math.max(0, labelWidth(w, 7.2) - 56), RH = 30, top = 64, W = 360, H = top + T * RH + 58;
  const vmax = barTop(d.inputs, T, C);
  const svgRoot = svg('svg', { viewBox: `0 0 ${W + dx} ${H}`, width: W + dx, height: H, role: 'img', 'aria-labelledby': 'how-step-title', class: 'how-svg', 'data-query': i });
  const root = svg('g', { transform: `translate(${dx} 0)` });
  svgRoot.append(svg('title', { id: 'how-step-title' }, `How y(${w[i]}) is computed: ${d.formulas[i]}`),
    svg('rect', { width: W + dx, height: H, fill: 'white' }), root);
  // Column titles, each over its numbers: [x, anchor, title, subtitle].
  const heads: [number, string, string, string][] = [
    [0, 'start', `① ${e}ⱼ`, `first ${Math.min(SHOWN, C)} of ${C}`], [150, 'end', '② dot', `with ${e}(q)`],
    [202, 'end', d.divisor === 1 ? '③ score' : `③ ÷ ${fmt(d.divisor, 0)}`, d.divisor === 1 ? 'unscaled' : `÷ √${C}`],
    [212, 'start', '④ softmax', 'weight wⱼ'], [308, 'start', `⑤ wⱼ·${e}ⱼ`, 'weighted'],
  ];
  for (const [x, anchor, a, b] of heads) {
    root.append(text(x, 14, a, { 'font-weight': 600, 'text-anchor': anchor }), text(x, 28, b, { fill: MUTED, 'font-size': 10, 'text-anchor': anchor }));
  }
  root.append(text(0, 50, `query ${e}(${w[i]})`, { fill: MUTED, 'font-size': 10 }), bars(d.inputs, C, i, 84, 46, vmax));
  for (let j = 0; j < T; j++) {
    const k = i * T + j, y = top + j * RH, mid = y + RH / 2, wt = d.weights[k];
    const g = svg('g', { 'data-key': j, 'data-dot': String(d.dots[k]), 'data-score': String(d.scores[k]), 'data-weight': String(wt) });
    if (j === i) g.append(svg('rect', { x: -dx, y: y + 1, width: W + dx, height: RH - 2, fill: SOFT }));
    g.append(
      text(56, mid + 4, w[j], { 'text-anchor': 'end', 'font-weight': j === i ? 700 : 400 }),
      bars(d.inputs, C, j, 62, mid, vmax),
      text(150, mid + 4, fmt(d.dots[k], 2), { 'text-anchor': 'end', class: 'dot' }),
      text(202, mid + 4, fmt(d.scores[k], 2), { 'text-anchor': 'end', class: 'score' }),
      text(244, mid + 4, fmt(wt, 3), { 'text-anchor': 'end', class: 'weight' }),
      svg('rect', { x: 248, y: mid - 6, width: 50, height: 12, fill: '#e5e7eb' }),
      svg('rect', { x: 248, y: mid - 6, width: Math.max(0.5, 50 * wt), height: 12, fill: weightScale.color(wt) }),
      bars(d.inputs, C, j, 310, mid, vmax, 10, wt),
      // the weighted vector flows down into the sum
      svg('line', { x1: 356, x2: 356, y1: mid, y2: top + T * RH + 14, stroke: MUTED, 'stroke-width': 0.75 }),
    );
    root.append(g);
  }
  const yRow = top + T * RH + 24, y = Array.from(d.outputs.subarray(i * C, i * C + Math.min(SHOWN, C)));
  root.append(
    svg('line', { x1: -dx, x2: W, y1: top + T * RH + 4, y2: top + T * RH + 4, stroke: MUTED, 'stroke-width': 0.5 }),
    text(0, yRow + 4, `⑥ Σ = y(${w[i]})`, { 'font-weight': 700 }),
    bars(d.outputs, C, i, 310, yRow, vmax),
    svg('g', { 'data-y': y.map(String).join(',') }, text(0, yRow + 24, `[${y.map((v) => fmt(v, 3)).join(', ')}, …]`, { class: 'y', fill: MUTED, 'font-size': 10 })),
  );
  return svgRoot;
}

/** Width of the longest word at `charW` pixels a character, plus a margin. */
const labelWidth = (words: string[], charW: number) => 8 + Math.max(0, ...words.map((x) => [...x].length)) * charW;

interface Panel { title: string; rows: number; cols: number; values: Float32Array; key: string; digits: number; colour?: boolean; colNames?: string[] }

/** The matrix form for all T words at once, the current query row `i` outlined in every matrix. */
export function matrixDiagram(d: AttentionData, i: number): SVGElement {
  const { T, C } = d, w = d.sentence.words, K = Math.min(SHOWN, C), e = d.positions === 'sinusoidal' ? 'X' : 'E';
  const firstCols = (m: Float32Array) => Float32Array.from({ length: T * K }, (_, k) => m[Math.floor(k / K) * C + (k % K)]);
  const panels: Panel[] = [
    { title: `${e} (T×C, first ${K} columns)`, rows: T, cols: K, values: firstCols(d.inputs), key: 'inputs', digits: 2 },
    { title: `S = ${e}·${e}ᵀ`, rows: T, cols: T, values: d.dots, key: 'dots', digits: 1 },
    { title: d.divisor === 1 ? 'S (no scaling)' : `S ÷ √${C}`, rows: T, cols: T, values: d.scores, key: 'scores', digits: 2 },
    { title: 'A = softmax(rows)', rows: T, cols: T, values: d.weights, key: 'weights', digits: 2, colour: true },
    { title: `Y = A·${e} (first ${K})`, rows: T, cols: K, values: firstCols(d.outputs), key: 'outputs', digits: 2 },
  ];
  const numbers = T <= 8, cw = numbers ? 34 : 12, ch = numbers ? 20 : 12, label = Math.max(40, labelWidth(w, numbers ? 7.4 : 6)), gap = 18;
  const panelW = (p: Panel) => Math.max(label + p.cols * cw, (p.title.length + 2) * 6.6), panelH = T * ch + 22;
  const W = Math.max(panelW(panels[0]) + gap + panelW(panels[1]), panelW(panels[2]) + gap + panelW(panels[3]), panelW(panels[4]));
  const H = 3 * (panelH + gap);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-labelledby': 'how-matrix-title', class: 'how-svg natural' });
  root.append(svg('title', { id: 'how-matrix-title' }, `The matrix form: Y = softmax(${e}·${e}ᵀ${d.divisor === 1 ? '' : ` ÷ √${C}`}) · ${e}, for all ${T} words at once`),
    svg('rect', { width: W, height: H, fill: 'white' }));
  panels.forEach((p, n) => {
    const x0 = n % 2 && n < 4 ? panelW(panels[n - 1]) + gap : 0, y0 = Math.floor(n / 2) * (panelH + gap);
    const g = svg('g', { transform: `translate(${x0} ${y0})`, 'data-matrix': p.key });
    g.append(text(0, 12, `${n ? '→ ' : ''}${p.title}`, { 'font-weight': 600 }));
    // Without printed numbers, the unbounded matrices are coloured too: blue > 0, red < 0, up to their largest |value|.
    const big = Math.max(...Array.from(p.values, Math.abs)) || 1;
    const fill = (v: number, r: number) => p.colour ? weightScale.color(v) : !numbers ? cosineScale.color(v / big) : r === i ? SOFT : '#f3f4f6';
    for (let r = 0; r < T; r++) {
      const y = 22 + r * ch;
      g.append(text(label - 4, y + ch / 2 + 4, w[r], { 'text-anchor': 'end', 'font-size': numbers ? 11 : 9, 'font-weight': r === i ? 700 : 400 }));
      for (let c = 0; c < p.cols; c++) {
        const v = p.values[r * p.cols + c], x = label + c * cw;
        const cell = svg('g', { 'data-row': r, 'data-col': c, 'data-value': String(v) },
          svg('rect', { x, y, width: cw - 1, height: ch - 1, fill: fill(v, r) }, svg('title', {}, String(v))));
        if (numbers) cell.append(text(x + cw / 2, y + ch / 2 + 4, fmt(v, p.digits), { 'text-anchor': 'middle', 'font-size': 10, fill: p.colour && weightScale.dark(v) ? 'white' : INK }));
        g.append(cell);
      }
    }
    g.append(svg('rect', { x: label - 1, y: 22 + i * ch - 1, width: p.cols * cw + 1, height: ch + 1, fill: 'none', stroke: '#f59e0b', 'stroke-width': 2 }));
    root.append(g);
  });
  return root;
}
