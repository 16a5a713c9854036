// Polysemy view: one word in two sentences. Its static vector is the same (cosine 1.000); attention
// gives it a different contextual vector in each (cosine below 1), pulled toward its own context —
// shown as the word's attention row, its new neighbours, and how far it moved toward each context word.
import { h, fmt } from '../dom';
import { plotted } from '../plot';
import { weightScale } from '../color';
import type { PolysemyData, PolysemySide } from '../protocol';
import type { View, ViewContext } from '../view-context';
import { attentionControls } from './controls';

export const polysemyView: View<PolysemyData> = {
  id: 'polysemy',
  title: 'Polysemy',
  plots: true,
  load: ({ client, state }) => client.request({ type: 'polysemy', a: state.sentence, b: state.second, word: state.word, scale: state.scale }),
  sentenceOf: (d) => d.a,
  render(panel, d, ctx) {
    panel.append(
      h('p', { class: 'lede' }, 'The same word in two sentences: GloVe gives it one vector, so its static cosine is exactly 1. After self-attention each occurrence has mixed in its own context.'),
      secondBox(ctx, d),
      attentionControls(ctx, { positions: false }),
    );
    if (!d.word || !d.sides) {
      panel.append(h('p', { class: 'empty' }, 'The two sentences share no known word. ',
        h('button', { type: 'button', onclick: () => ctx.set({ sentence: 'He deposited money in the bank', second: 'He sat on the river bank', word: 'bank' }) }, 'Try the “bank” example')));
      return;
    }
    const w = d.word;
    panel.append(
      h('div', { class: 'big-numbers' },
        h('div', { class: 'big' }, h('span', { class: 'big-label' }, `static cosine, e(${w}) vs e(${w})`), h('strong', { 'data-testid': 'static-cosine' }, fmt(d.staticCosine, 3))),
        h('div', { class: 'big' }, h('span', { class: 'big-label' }, `contextual cosine, y(${w}) in A vs in B`), h('strong', { 'data-testid': 'contextual-cosine' }, fmt(d.contextualCosine, 3)))),
      h('div', { class: 'sides' }, d.sides.map((s, k) => sideCard(s, k === 0 ? 'A' : 'B', w))),
      movedChart(d, w, Math.max(300, Math.min(760, panel.clientWidth - 8 || 760))),
    );
  },
};

function secondBox(ctx: ViewContext, d: PolysemyData): HTMLElement {
  return h('div', { class: 'controls' },
    h('label', { for: 'second' }, 'Second context (B)'),
    h('input', { id: 'second', class: 'wide', value: ctx.state.second, autocomplete: 'off', spellcheck: 'false',
      oninput: (e: Event) => ctx.set({ second: (e.target as HTMLInputElement).value }) }),
    d.shared.length > 1 ? h('label', {}, 'shared word ',
      h('select', { id: 'shared-word', onchange: (e: Event) => ctx.set({ word: (e.target as HTMLSelectElement).value }) },
        d.shared.map((s) => h('option', { value: s, selected: s === d.word }, s)))) : null,
  );
}

const signed = (x: number) => `${x >= 0 ? '+' : ''}${fmt(x, 3)}`;

function sideCard(s: PolysemySide, name: string, w: string): HTMLElement {
  const other = name === 'A' ? 'B' : 'A';
  return h('section', { class: 'side', 'aria-label': `Context ${name}` },
    h('h3', {}, `${name}: `, s.sentence.words.map((x, j) => [j ? ' ' : '', j === s.at ? h('mark', {}, x) : x])),
    h('p', { class: 'small-title' }, `attention row of "${w}"`),
    h('div', { class: 'weight-row', role: 'list' }, s.sentence.words.map((x, j) => h('span', {
      role: 'listitem', class: weightScale.dark(s.weights[j]) ? 'chip dark' : 'chip', style: { background: weightScale.color(s.weights[j]) },
      'aria-label': `${x}: weight ${fmt(s.weights[j], 3)}`,
    }, x, h('small', {}, ` ${fmt(s.weights[j], 2)}`)))),
    h('p', {}, `nearest words of y(${w}): `, s.neighbours.map((n, k) => [k ? ', ' : '', n.word, h('small', {}, ` ${fmt(n.cosine, 2)}`)])),
    h('table', { class: 'data-table' },
      h('caption', {}, `how far y(${w}) moved toward each context word, and how much closer it is to that word than ${w} in ${other}`),
      h('thead', {}, h('tr', {}, ['context word', 'cos before (e)', 'cos after (y)', 'change', `vs ${other}`].map((t) => h('th', { scope: 'col', title: t === `vs ${other}` ? `cos(y(${w}) here, e(word)) − cos(y(${w}) in ${other}, e(word))` : undefined }, t)))),
      h('tbody', {}, s.moved.map((m) => h('tr', {}, h('th', { scope: 'row' }, m.word), h('td', {}, fmt(m.before, 3)), h('td', {}, fmt(m.after, 3)),
        h('td', { class: m.after >= m.before ? 'up' : 'down' }, signed(m.after - m.before)),
        h('td', { class: m.versusOther >= 0 ? 'up' : 'down', 'data-versus-other': m.word }, signed(m.versusOther)))))),
  );
}

function movedChart(d: PolysemyData, w: string, width: number): Element {
  const rows = d.sides!.flatMap((s, k) => s.moved.map((m) => ({ sentence: k === 0 ? 'A' : 'B', word: m.word, change: m.after - m.before })));
  return h('figure', { class: 'chart' }, plotted((Plot) => Plot.plot({
    width, height: 60 + rows.length * 18, marginLeft: 110,
    ariaLabel: `Change in cosine between ${w} and each context word, after attention`,
    x: { label: `cos(y(${w}), e(word)) − cos(e(${w}), e(word))`, grid: true },
    y: { label: null },
    color: { domain: ['A', 'B'], range: ['#2563eb', '#ea580c'], legend: true },
    marks: [
      Plot.barX(rows, { x: 'change', y: (r: { sentence: string; word: string }) => `${r.sentence}: ${r.word}`, fill: 'sentence', sort: { y: null } }),
      Plot.ruleX([0]),
    ],
  })), h('figcaption', {}, `Where each "${w}" moved: the change in its cosine to every other word of its own sentence.`));
}
