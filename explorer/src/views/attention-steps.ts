// The step-by-step computation of one attention row: dot products → scaling → softmax → weighted sum,
// every number shown, ending with the library's formula y(love) = 0.12·e(humans) + … and the words
// nearest to the result (asked of the worker when the row is opened).
import { h, fmt } from '../dom';
import type { AttentionData } from '../protocol';
import type { ViewContext } from '../view-context';

export function stepByStep(d: AttentionData, i: number, ctx: ViewContext): HTMLElement {
  const T = d.T, C = d.C, w = d.sentence.words, row = (a: Float32Array) => Array.from(a.subarray(i * T, (i + 1) * T));
  const dots = row(d.dots), scores = row(d.scores), weights = row(d.weights), contrib = row(d.contribution);
  const m = Math.max(...scores), exps = scores.map((s) => Math.exp(s - m)), total = exps.reduce((a, b) => a + b, 0);
  const e = d.positions === 'sinusoidal' ? 'x' : 'e';
  const y = Array.from(d.outputs.subarray(i * C, i * C + 4));
  const neighbours = h('p', { class: 'neighbours' }, 'nearest words of y: …');
  const vec = ctx.client.request({ type: 'neighbours', vector: d.outputs.slice(i * C, (i + 1) * C), exclude: [] }, 'attention-neighbours');
  void vec.then((n) => n && neighbours.replaceChildren(`nearest words of y(${w[i]}): `,
    ...n.flatMap((x, k) => [k ? ', ' : '', h('span', { class: 'word' }, x.word), ` ${fmt(x.cosine, 2)}`])));
  return h('div', { class: 'step-body' },
    h('h3', {}, `How y(${w[i]}) is computed`),
    d.positions === 'sinusoidal' ? h('p', {}, `With positions on, x(word) = e(word) + p(position): the dot products use x.`) : null,
    h('ol', { class: 'step-list' },
      h('li', {}, h('strong', {}, 'Dot products. '), `${e}(${w[i]})·${e}(word) for every word in the sentence (C = ${C} components each).`),
      h('li', {}, h('strong', {}, 'Scale. '), d.divisor === 1 ? 'No scaling: score = dot product.' : `score = dot ÷ √${C} = dot ÷ ${fmt(d.divisor, 2)}.`),
      h('li', {}, h('strong', {}, 'Softmax. '), `weight = exp(score − max) ÷ Σ exp(score − max); max score = ${fmt(m, 3)}, Σ = ${fmt(total, 4)}.`),
      h('li', {}, h('strong', {}, 'Weighted sum. '), `y(${w[i]}) = Σ weight · ${e}(word).`),
    ),
    h('div', { class: 'table-scroll' }, h('table', { class: 'steps-table' },
      h('caption', {}, `Row "${w[i]}" of the attention matrix`),
      h('thead', {}, h('tr', {}, ['key word', '① dot', '② score', '③ exp(score − max)', '③ weight', 'adds to |y|'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, w.map((word, j) => h('tr', { class: j === i ? 'self' : undefined },
        h('th', { scope: 'row' }, word), h('td', {}, fmt(dots[j], 3)), h('td', {}, fmt(scores[j], 3)),
        h('td', {}, fmt(exps[j], 4)), h('td', {}, fmt(weights[j], 4)), h('td', {}, fmt(contrib[j], 3))))),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'total'), h('td', {}), h('td', {}), h('td', {}, fmt(total, 4)),
        h('td', {}, fmt(weights.reduce((a, b) => a + b, 0), 4)), h('td', {}, fmt(d.outNorms[i], 3)))),
    )),
    h('p', { class: 'formula' }, h('code', {}, d.formulas[i])),
    h('p', { class: 'formula-numbers' }, h('code', {},
      `y(${w[i]})[0..3] = [${y.map((v) => fmt(v, 3)).join(', ')}] … (|y| = ${fmt(d.outNorms[i], 3)}, |${e}(${w[i]})| = ${fmt(d.inNorms[i], 3)})`)),
    neighbours,
  );
}
