// Trained models view: pick a model bundled from data/models/ (its task and validation metric from the model
// card), give it the input its task reads (SST-2: the sentence; WiC: a word in the sentence and a second one;
// idioms: an expression in the sentence), and see its prediction, the words it attended to, and each layer's
// heads: all at once as a layer × head grid, and one (or the average) large beside parameter-free attention on the
// same tokens, with the q·k products of any pair. Computed in the worker.
import { h, fmt, append } from '../dom';
import { weightScale, weightScaleTo } from '../color';
import { bundledModels, type ModelEntry } from '../model-manifest';
import type { ModelData, ModelInput } from '../protocol';
import type { AppState } from '../state';
import type { View, ViewContext } from '../view-context';
import { layerHeadPicker, learnedWeights, sequenceWeights } from './model-weights';
import { modelGrid } from './model-grid';
import { fileStem } from '../export';

export interface ModelsViewData {
  entry: ModelEntry | null;
  data: ModelData | null;
}

const TASKS: Record<ModelEntry['task'], { title: string; short: string }> = {
  sst2: { title: 'SST-2: is the sentence positive or negative?', short: 'SST-2 sentiment' },
  wic: { title: 'WiC: is the word used in the same sense in two sentences?', short: 'WiC word in context' },
  idiom: { title: 'SemEval-2022 idioms: is the expression idiomatic or literal here?', short: 'idioms' },
};
const METRIC = { accuracy: 'accuracy', macroF1: 'macro-F1' } as const;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The model the state names, else the first of the build (null when the build has none). */
export function currentModel(state: AppState): ModelEntry | null {
  return bundledModels.find((m) => m.name === state.model) ?? bundledModels[0] ?? null;
}

export function modelInput(task: ModelEntry['task'], s: AppState): ModelInput {
  if (task === 'sst2') return { task, text: s.sentence };
  if (task === 'wic') return { task, word: s.word, sentence1: s.sentence, sentence2: s.second };
  return { task, expression: s.expression, sentence: s.sentence };
}

let last: { key: string; value: ModelsViewData } | null = null; // picking a layer or head needs no new computation

export const modelsView: View<ModelsViewData> = {
  id: 'models',
  title: 'Trained models',
  async load({ client, state }) {
    const entry = currentModel(state);
    if (!entry) return { entry: null, data: null };
    const input = modelInput(entry.task, state), key = JSON.stringify([entry.name, input]);
    if (last?.key === key) return last.value;
    const keep = bundledModels.flatMap((m) => [m.files.safetensors, m.files.config]);
    const data = await client.request({ type: 'model', model: { name: entry.name, safetensors: entry.files.safetensors, config: entry.files.config, keep }, input });
    if (!data) return null;
    const value = { entry, data };
    last = data.problem ? null : { key, value }; // a failed download is tried again on the next change
    return value;
  },
  render(panel, { entry, data }, ctx) {
    panel.append(h('p', { class: 'lede' }, 'A trained model attends through learned query and key projections, so a head can look at the words that matter for its task rather than at the most similar vectors. Here its weights sit beside parameter-free attention on the same tokens.'));
    if (!entry || !data) {
      panel.append(h('div', { class: 'empty-state', 'data-testid': 'no-models' },
        h('h3', {}, 'No trained models bundled yet'),
        h('p', {}, 'Models trained with ', h('code', {}, 'attn train'), ' and placed in ', h('code', {}, 'data/models/<name>/'), ' (', h('code', {}, 'model.safetensors'), ', ',
          h('code', {}, 'config.json'), ', ', h('code', {}, 'README.md'), ') are picked up by the next build: then pick a model, a layer and a head to see its weights for your sentence, and its prediction.'),
        h('p', {}, 'Everything else in the explorer — static vectors, parameter-free attention, positions — works without them.')));
      return;
    }
    panel.append(modelControls(ctx, entry), modelSummary(entry), inputFields(ctx, entry));
    if (data.problem || !data.prediction) {
      panel.append(h('p', { class: 'warning', 'data-testid': 'model-problem' }, data.problem ?? 'No prediction for this input.'), examples(ctx, entry));
      return;
    }
    if (data.warning) panel.append(h('p', { class: 'warning' }, data.warning));
    panel.append(predictionBox(entry, data));
    const first = data.sequences[0];
    if (!first.heads.length) {
      panel.append(h('p', { class: 'note' }, 'This is a static model: it has no attention layers, so only the parameter-free weights are shown.'));
    }
    const L = first.heads.length, H = first.heads[0]?.length ?? 0;
    const layer = Math.min(ctx.state.layer, Math.max(0, L - 1)), head = ctx.state.head !== null && ctx.state.head < H ? ctx.state.head : null;
    const shown = data.sequences.flatMap((s) => [s.parameterFree, ...(L ? [learnedWeights(s, layer, head)] : [])]);
    const scale = weightScaleTo(ctx.state.stretch ? Math.max(...shown.map((w) => Math.max(...w))) : 1);
    append(panel, [
      L ? modelGrid(ctx, first, layer, head, scale, data.sequences.length > 1 ? `sentence ${first.title}` : 'the sentence') : null,
      L ? layerHeadPicker(ctx, first, layer, head, scale) : null,
      h('div', { class: 'controls' },
        h('label', {}, h('input', { id: 'opt-stretch', type: 'checkbox', checked: ctx.state.stretch, onchange: (e: Event) => ctx.set({ stretch: (e.target as HTMLInputElement).checked }) }),
          ' colours up to the largest weight'),
        h('div', { class: 'legend' }, scale.legend('attention weight aᵢⱼ'))),
      data.sequences.map((s) => L
        ? sequenceWeights(s, { layer, head, heads: H, dim: entry.dim, scale, title: data.sequences.length > 1 ? `Sentence ${s.title}` : 'Sentence',
          stem: fileStem(`${entry.name}-layer${layer + 1}-${head === null ? 'average' : `head${head + 1}`}${data.sequences.length > 1 ? `-${s.title}` : ''}`, s.tokens.join(' ')) })
        : null),
      h('p', { class: 'note' }, `Computed in your browser: ${entry.name} (${(entry.bytes / 1e6).toFixed(2)} MB) ${data.source === 'network' ? `downloaded and loaded in ${fmt(data.loadMs, 0)} ms, now cached` : data.source === 'cache' ? `read from the browser cache in ${fmt(data.loadMs, 0)} ms` : 'already loaded'}.`),
    ]);
  },
};

function modelControls(ctx: ViewContext, entry: ModelEntry): HTMLElement {
  return h('div', { class: 'controls' },
    h('label', { class: 'model-pick' }, 'Model ', h('select', { id: 'model-pick', onchange: (e: Event) => ctx.set({ model: (e.target as HTMLSelectElement).value, layer: 0, head: null }, { push: true }) },
      bundledModels.map((m) => h('option', { value: m.name, selected: m === entry },
        `${m.name} — ${TASKS[m.task].short}${m.validation ? `, validation ${METRIC[m.validation.metric]} ${pct(m.validation.value)}` : ''}`)))));
}

function modelSummary(e: ModelEntry): HTMLElement {
  const v = e.validation;
  return h('div', { class: 'model-summary' },
    h('p', {}, h('strong', {}, TASKS[e.task].title), e.setting ? ` (${e.setting})` : '', h('br'),
      e.kind === 'attention' ? `${e.layers}-layer encoder, ${e.heads} heads, width ${e.dModel}, ${e.positions} positions, on ${e.vectors}` : `static baseline (no attention), on ${e.vectors}`,
      v ? ['. Validation ', METRIC[v.metric], ' ', h('strong', { 'data-testid': 'model-metric' }, pct(v.value)), ` on ${v.n.toLocaleString('en')} held-out examples`,
        e.baseline !== null ? ` (static baseline ${pct(e.baseline)})` : ''] : '. No validation record',
      e.trainSeconds !== null ? `; trained in ${e.trainSeconds.toFixed(0)} s` : '', '.'),
    e.licence ? h('p', { class: 'note' }, `Training data licence: ${e.licence}.`) : null,
    e.card ? h('details', {}, h('summary', {}, 'Model card'), h('pre', { class: 'model-card' }, e.card)) : null);
}

function inputFields(ctx: ViewContext, e: ModelEntry): HTMLElement {
  const s = ctx.state;
  const box = (id: string, label: string, value: string, key: 'word' | 'second' | 'expression', wide = false) => [
    h('label', { for: id }, label),
    h('input', { id, class: wide ? 'wide' : 'narrow', value, autocomplete: 'off', spellcheck: 'false', oninput: (ev: Event) => ctx.set({ [key]: (ev.target as HTMLInputElement).value }) }),
  ];
  if (e.task === 'sst2') return h('p', { class: 'note' }, 'Input: the sentence above.');
  if (e.task === 'wic') {
    return h('div', { class: 'controls' }, box('model-word', 'Word', s.word, 'word'), h('span', { class: 'note' }, 'in the sentence above (A) and in'),
      box('model-second', 'Sentence B', s.second, 'second', true));
  }
  return h('div', { class: 'controls' }, box('model-expression', 'Expression', s.expression, 'expression'), h('span', { class: 'note' }, 'in the sentence above'));
}

function examples(ctx: ViewContext, e: ModelEntry): HTMLElement {
  const sets: Record<ModelEntry['task'], [string, Partial<AppState>][]> = {
    sst2: [['A gorgeous, witty film', { sentence: 'A gorgeous, witty film' }]],
    wic: [['“bank”: money / river', { sentence: 'He deposited money in the bank', second: 'He sat on the river bank', word: 'bank' }]],
    idiom: [['Break a leg at your audition tonight!', { sentence: 'Break a leg at your audition tonight!', expression: 'break a leg' }],
      ['He fell off the ladder and managed to break a leg.', { sentence: 'He fell off the ladder and managed to break a leg.', expression: 'break a leg' }]],
  };
  return h('div', { class: 'examples', role: 'group', 'aria-label': 'Try' }, h('span', {}, 'Try:'),
    sets[e.task].map(([label, patch]) => h('button', { type: 'button', onclick: () => ctx.set(patch, { push: true }) }, label)));
}

function verdict(e: ModelEntry, d: ModelData): string {
  const p = d.prediction!, i = d.input;
  if (i.task === 'wic') return p.labelName === 'same' ? `“${i.word}” has the same sense in A and B` : `“${i.word}” has different senses in A and B`;
  if (i.task === 'idiom') return `“${i.expression}” is used ${p.labelName === 'idiomatic' ? 'idiomatically' : 'literally'}`;
  return `the sentence is ${p.labelName}`;
}

function predictionBox(e: ModelEntry, d: ModelData): HTMLElement {
  const p = d.prediction!;
  const how = e.task === 'sst2' ? 'the attention pooling’s weight on each word: what the sentence vector is made of'
    : `the last layer’s heads (mean), read from ${e.task === 'wic' ? 'the target word' : 'the expression'}`;
  return h('section', { class: 'prediction', 'aria-label': 'Prediction', 'data-testid': 'prediction', 'data-label': p.labelName, 'data-probability': String(p.probability) },
    h('div', { class: 'big-numbers' },
      h('div', { class: 'big' }, h('span', { class: 'big-label' }, 'prediction'), h('strong', { 'data-testid': 'prediction-label' }, p.labelName), h('span', { class: 'big-note' }, verdict(e, d))),
      h('div', { class: 'big' }, h('span', { class: 'big-label' }, `probability of “${p.labelName}”`), h('strong', {}, fmt(p.probability, 3)),
        h('span', { class: 'big-note' }, Object.entries(p.probabilities).map(([k, v]) => `${k} ${fmt(v, 3)}`).join(' · ')))),
    d.sequences.some((s) => s.attended) ? h('div', { class: 'attended' },
      h('p', { class: 'small-title' }, `Words the prediction attended to (${how}):`),
      d.sequences.map((s) => s.attended && h('div', { class: 'weight-row', role: 'list', 'aria-label': `Attended words, sentence ${s.title}` },
        d.sequences.length > 1 ? h('span', { class: 'seq-title' }, `${s.title}:`) : null,
        s.tokens.map((w, j) => h('span', {
          role: 'listitem', class: `${weightScale.dark(s.attended![j]) ? 'chip dark' : 'chip'}${s.focus.includes(j) ? ' focus' : ''}`,
          style: { background: weightScale.color(s.attended![j]) }, 'data-attended': String(s.attended![j]), 'aria-label': `${w}: ${fmt(s.attended![j], 3)}`,
        }, w, h('small', {}, ` ${fmt(s.attended![j], 2)}`)))))) : null,
  );
}
