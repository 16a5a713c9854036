// Trained models view: pick a model bundled from data/models/ (its task and validation metric from the model
// card), give it the input its task reads (the fields its task spec lists: the sentence above, and boxes for a
// word, a phrase or a second sentence; the spec's examples and phrasing too, so no task is named here), and see
// its prediction, the words it attended to, and each layer's
// heads: all at once as a layer × head grid, and one (or the average) large beside parameter-free attention on the
// same tokens, with the q·k products of any pair. Computed in the worker.
import { h, fmt, append } from '../dom';
import { weightScale, weightScaleTo } from '../color';
import { bundledModels, type ModelEntry } from '../model-manifest';
import type { ModelData, ModelInput, TaskView } from '../protocol';
import type { AppState } from '../state';
import type { View, ViewContext } from '../view-context';
import { layerHeadPicker, learnedWeights, sequenceWeights } from './model-weights';
import { modelGrid } from './model-grid';
import { fileStem } from '../export';

export interface ModelsViewData {
  entry: ModelEntry | null;
  data: ModelData | null;
  /** The library's tasks (their specs' fields, examples and phrasing), from the worker. */
  tasks: TaskView[];
}
const METRIC = { accuracy: 'accuracy', macroF1: 'macro-F1' } as const;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The model the state names, else the first of the build (null when the build has none). */
export function currentModel(state: AppState): ModelEntry | null {
  return bundledModels.find((m) => m.name === state.model) ?? bundledModels[0] ?? null;
}

/** Where the page keeps each kind of input field: the sentence box, and the boxes this view adds (in the URL: s, b, w, x). */
const SLOT: Record<TaskView['fields'][number]['kind'], 'sentence' | 'second' | 'word' | 'expression'> = {
  sentence: 'sentence', 'second-sentence': 'second', word: 'word', phrase: 'expression',
};

/** A task the build's models name but this library does not know: shown by name, read as one sentence. */
const unknownTask = (name: string): TaskView => ({
  name, title: name, labels: ['0', '1'], fields: [{ key: 'text', hint: '"SENTENCE"', label: 'Sentence', kind: 'sentence' }], examples: [],
  phrasing: { question: 'what does the model predict?', verdicts: ['label 0', 'label 1'], attended: 'the weight of each word' },
});
const taskOf = (tasks: TaskView[], name: string) => tasks.find((t) => t.name === name) ?? unknownTask(name);

/** The input the task reads, field by field, from the page's state. */
export function modelInput(task: TaskView, s: AppState): ModelInput {
  return { task: task.name, values: Object.fromEntries(task.fields.map((f) => [f.key, s[SLOT[f.kind]]])) };
}

let last: { key: string; value: ModelsViewData } | null = null; // picking a layer or head needs no new computation
let tasks: TaskView[] | null = null; // the library's tasks never change while the page is open

export const modelsView: View<ModelsViewData> = {
  id: 'models',
  title: 'Trained models',
  async load({ client, state }) {
    tasks ??= await client.request({ type: 'tasks' });
    if (!tasks) return null;
    const entry = currentModel(state);
    if (!entry) return { entry: null, data: null, tasks };
    const input = modelInput(taskOf(tasks, entry.task), state), key = JSON.stringify([entry.name, input]);
    if (last?.key === key) return last.value;
    const keep = bundledModels.flatMap((m) => [m.files.safetensors, m.files.config]);
    const data = await client.request({ type: 'model', model: { name: entry.name, safetensors: entry.files.safetensors, config: entry.files.config, keep }, input });
    if (!data) return null;
    const value = { entry, data, tasks };
    last = data.problem ? null : { key, value }; // a failed download is tried again on the next change
    return value;
  },
  render(panel, { entry, data, tasks }, ctx) {
    panel.append(h('p', { class: 'lede' }, 'A trained model attends through learned query and key projections, so a head can look at the words that matter for its task rather than at the most similar vectors. Here its weights sit beside parameter-free attention on the same tokens.'));
    if (!entry || !data) {
      panel.append(h('div', { class: 'empty-state', 'data-testid': 'no-models' },
        h('h3', {}, 'No trained models bundled yet'),
        h('p', {}, 'Models trained with ', h('code', {}, 'attn train'), ' and placed in ', h('code', {}, 'data/models/<name>/'), ' (', h('code', {}, 'model.safetensors'), ', ',
          h('code', {}, 'config.json'), ', ', h('code', {}, 'README.md'), ') are picked up by the next build: then pick a model, a layer and a head to see its weights for your sentence, and its prediction.'),
        h('p', {}, 'Everything else in the explorer — static vectors, parameter-free attention, positions — works without them.')));
      return;
    }
    const task = taskOf(tasks, entry.task);
    panel.append(modelControls(ctx, entry, tasks), modelSummary(entry, task), inputFields(ctx, task));
    if (data.problem || !data.prediction) {
      panel.append(h('p', { class: 'warning', 'data-testid': 'model-problem' }, data.problem ?? 'No prediction for this input.'), examples(ctx, task));
      return;
    }
    if (data.warning) panel.append(h('p', { class: 'warning' }, data.warning));
    panel.append(predictionBox(task, data));
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

function modelControls(ctx: ViewContext, entry: ModelEntry, tasks: TaskView[]): HTMLElement {
  return h('div', { class: 'controls' },
    h('label', { class: 'model-pick' }, 'Model ', h('select', { id: 'model-pick', onchange: (e: Event) => ctx.set({ model: (e.target as HTMLSelectElement).value, layer: 0, head: null }, { push: true }) },
      bundledModels.map((m) => h('option', { value: m.name, selected: m === entry },
        `${m.name} — ${taskOf(tasks, m.task).title}${m.validation ? `, validation ${METRIC[m.validation.metric]} ${pct(m.validation.value)}` : ''}`)))));
}

function modelSummary(e: ModelEntry, task: TaskView): HTMLElement {
  const v = e.validation;
  return h('div', { class: 'model-summary' },
    h('p', {}, h('strong', {}, `${task.title}: ${task.phrasing.question}`), e.setting ? ` (${e.setting})` : '', h('br'),
      e.kind === 'attention' ? `${e.layers}-layer encoder, ${e.heads} heads, width ${e.dModel}, ${e.positions} positions, on ${e.vectors}` : `static baseline (no attention), on ${e.vectors}`,
      v ? ['. Validation ', METRIC[v.metric], ' ', h('strong', { 'data-testid': 'model-metric' }, pct(v.value)), ` on ${v.n.toLocaleString('en')} held-out examples`,
        e.baseline !== null ? ` (static baseline ${pct(e.baseline)})` : ''] : '. No validation record',
      e.trainSeconds !== null ? `; trained in ${e.trainSeconds.toFixed(0)} s` : '', '.'),
    e.licence ? h('p', { class: 'note' }, `Training data licence: ${e.licence}.`) : null,
    e.card ? h('details', {}, h('summary', {}, 'Model card'), h('pre', { class: 'model-card' }, e.card)) : null);
}

/** A box for each field the sentence box above does not fill (a word, a phrase, a second sentence). */
function inputFields(ctx: ViewContext, task: TaskView): HTMLElement {
  const s = ctx.state, own = task.fields.filter((f) => f.kind !== 'sentence'), main = task.fields.find((f) => f.kind === 'sentence');
  if (!own.length) return h('p', { class: 'note' }, 'Input: the sentence above.');
  return h('div', { class: 'controls' }, own.map((f) => {
    const slot = SLOT[f.kind], id = `model-${slot}`;
    return [h('label', { for: id }, f.label),
      h('input', { id, class: f.kind === 'second-sentence' ? 'wide' : 'narrow', value: s[slot], autocomplete: 'off', spellcheck: 'false', oninput: (ev: Event) => ctx.set({ [slot]: (ev.target as HTMLInputElement).value }) })];
  }), main ? h('span', { class: 'note' }, `${main.label}: the sentence above`) : null);
}

function examples(ctx: ViewContext, task: TaskView): HTMLElement {
  return h('div', { class: 'examples', role: 'group', 'aria-label': 'Try' }, h('span', {}, 'Try:'),
    task.examples.map((ex) => h('button', {
      type: 'button', onclick: () => ctx.set(Object.fromEntries(task.fields.map((f) => [SLOT[f.kind], ex.values[f.key] ?? ''])), { push: true }),
    }, ex.label)));
}

/** The label's verdict in words: the spec's sentence for it, with each `{key}` replaced by that field's value. */
function verdict(task: TaskView, d: ModelData): string {
  const template = task.phrasing.verdicts[d.prediction!.label] ?? d.prediction!.labelName;
  return template.replace(/\{(\w+)\}/g, (all, key: string) => d.input.values[key] ?? all);
}

function predictionBox(task: TaskView, d: ModelData): HTMLElement {
  const p = d.prediction!, how = task.phrasing.attended;
  return h('section', { class: 'prediction', 'aria-label': 'Prediction', 'data-testid': 'prediction', 'data-label': p.labelName, 'data-probability': String(p.probability) },
    h('div', { class: 'big-numbers' },
      h('div', { class: 'big' }, h('span', { class: 'big-label' }, 'prediction'), h('strong', { 'data-testid': 'prediction-label' }, p.labelName), h('span', { class: 'big-note' }, verdict(task, d))),
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
