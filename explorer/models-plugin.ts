// Build-time discovery of the trained models: every <dir>/*/config.json that is an attnlab task model becomes
// an entry of the virtual module `virtual:attnlab-models` (a summary, its model card, and `?url` imports of
// model.safetensors and config.json, which Vite emits as content-hashed files of the app's own origin).
// Not a loader: the browser fetches the files only when a model is picked (src/worker/models.ts).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import type { ModelEntry } from './src/model-manifest';

const ID = 'virtual:attnlab-models';
const TASK_ORDER = ['sst2', 'wic', 'idiom'];

interface Found {
  entry: Omit<ModelEntry, 'files'>;
  safetensors: string;
  config: string;
}

/** The model folders under `dir` (sorted by task, then name); folders that are not task models are reported via `warn`. */
export function discoverModels(dir: string, warn: (m: string) => void = () => {}): Found[] {
  if (!existsSync(dir)) return [];
  const found: Found[] = [];
  for (const name of readdirSync(dir).sort()) {
    const folder = join(dir, name), configPath = join(folder, 'config.json'), safetensors = join(folder, 'model.safetensors');
    if (name.startsWith('.') || !statSync(folder).isDirectory() || !existsSync(configPath)) continue;
    let c: any;
    try {
      c = JSON.parse(readFileSync(configPath, 'utf8'));
    } catch (e) {
      warn(`explorer: skipping ${configPath}: not JSON (${(e as Error).message})`);
      continue;
    }
    if (c?.format !== 'attnlab-task-model' || !c.model) {
      warn(`explorer: skipping ${configPath}: not an attnlab task model (no "format": "attnlab-task-model")`);
      continue;
    }
    if (!existsSync(safetensors)) {
      warn(`explorer: skipping ${folder}: config.json but no model.safetensors`);
      continue;
    }
    const card = existsSync(join(folder, 'README.md')) ? readFileSync(join(folder, 'README.md'), 'utf8') : '';
    const m = c.model, t = c.training, v = t?.validation;
    found.push({
      safetensors, config: configPath,
      entry: {
        name, task: m.task, kind: m.kind, layers: m.kind === 'attention' ? m.layers : 0, heads: m.kind === 'attention' ? m.heads : 0,
        dModel: m.dModel, dim: m.dim, positions: m.positions, maxLen: m.maxLen,
        vectors: c.vectors?.name ?? 'unknown vectors', setting: t?.data?.setting ?? null,
        validation: v ? { metric: v.metric, value: v.value, accuracy: v.report.accuracy, macroF1: v.report.macroF1, n: v.report.n } : null,
        baseline: t?.baseline?.value ?? null, trainSeconds: t?.timing?.trainSeconds ?? null,
        licence: /Licence of the data: ([^\n]*?)\.?(?: These weights|\n|$)/.exec(card)?.[1] ?? null,
        card, bytes: statSync(safetensors).size,
      },
    });
  }
  return found.sort((a, b) => TASK_ORDER.indexOf(a.entry.task) - TASK_ORDER.indexOf(b.entry.task) || (a.entry.name < b.entry.name ? -1 : 1));
}

/** The Vite plugin: `import models from 'virtual:attnlab-models'` gives ModelEntry[] for the models in `dir`. */
export function modelsPlugin(dir: string): Plugin {
  return {
    name: 'attnlab-models',
    resolveId: (id) => (id === ID ? '\0' + ID : null),
    load(id) {
      if (id !== '\0' + ID) return null;
      const found = discoverModels(dir, (m) => this.warn(m));
      this.addWatchFile(dir);
      const imports = found.map((f, i) => `import s${i} from ${JSON.stringify(f.safetensors + '?url')};\nimport c${i} from ${JSON.stringify(f.config + '?url')};`);
      const entries = found.map((f, i) => `{ ...${JSON.stringify(f.entry)}, files: { safetensors: s${i}, config: c${i} } }`);
      return `${imports.join('\n')}\nexport default [${entries.join(',\n')}];\n`;
    },
  };
}
