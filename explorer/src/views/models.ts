// Trained models view: lists the models bundled under data/models/ (read from its manifest.json at
// build time, so an empty folder costs no request) and, until one exists, says so plainly.
// Running a model needs the library's model-loading API, which is not public yet (see docs/explorer.md).
import { h } from '../dom';
import type { View } from '../view-context';

/** The manifest the trainer is expected to write: data/models/manifest.json. */
export interface ModelEntry {
  name: string;
  file: string;
  description?: string;
  layers?: number;
  heads?: number;
  dim?: number;
  task?: string;
}

const found = import.meta.glob<{ models?: ModelEntry[] }>('../../../data/models/manifest.json', { eager: true, import: 'default' });
export const bundledModels: ModelEntry[] = Object.values(found).flatMap((m) => m.models ?? []);

export const modelsView: View<ModelEntry[]> = {
  id: 'models',
  title: 'Trained models',
  load: async () => bundledModels,
  render(panel, models) {
    panel.append(h('p', { class: 'lede' }, 'Trained transformers learn query, key and value projections, so each head can attend by a learned notion of relevance rather than raw similarity.'));
    if (!models.length) {
      panel.append(h('div', { class: 'empty-state', 'data-testid': 'no-models' },
        h('h3', {}, 'No trained models bundled yet'),
        h('p', {}, 'When trained checkpoints are added under ', h('code', {}, 'data/models/'), ' with a ', h('code', {}, 'manifest.json'),
          ', they are listed here: pick a model, a layer and a head to see its per-head and averaged attention weights for your sentence, and its prediction.'),
        h('p', {}, 'Everything else in the explorer — static vectors, parameter-free attention, positions — works without them.')));
      return;
    }
    panel.append(h('div', { class: 'table-scroll' }, h('table', { class: 'data-table', 'data-testid': 'model-list' },
      h('caption', {}, 'Bundled models (data/models/manifest.json)'),
      h('thead', {}, h('tr', {}, ['model', 'task', 'layers', 'heads', 'C', 'description'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, models.map((m) => h('tr', {}, h('th', { scope: 'row' }, m.name), h('td', {}, m.task ?? '—'), h('td', {}, m.layers ?? '—'),
        h('td', {}, m.heads ?? '—'), h('td', {}, m.dim ?? '—'), h('td', {}, m.description ?? '')))))),
      h('p', { class: 'note' }, 'Running these models in the browser needs the library to export its model loader and a forward pass that returns per-head attention weights.'));
  },
};
