// A trained task model as files: `model.safetensors` (trainable parameters by PyTorch name — the frozen GloVe
// matrix is not saved, only which vectors it needs), `config.json` (everything that rebuilds and describes the
// model) and `README.md` (its model card: data and licence, settings, validation metrics, training time).
// Bytes and text in and out; the CLI reads and writes the folder.
import { AttnError } from '../errors.js';
import type { WordVectors } from '../embeddings/word-vectors.js';
import { saveCheckpoint, loadCheckpoint } from '../io/checkpoint.js';
import { TaskModel, type TaskModelConfig } from './task-model.js';
import { checkTaskModelConfig } from './model-config.js';
import { DATA_LICENCES } from './registry.js';
import type { ClassificationReport } from './metrics.js';

export const TASK_MODEL_FORMAT = 'attnlab-task-model';

/** What a model's training recorded (all optional: a model can be saved untrained). */
export interface TrainingRecord {
  /** Training files, by name, with their SHA-256 and row counts. */
  data: { files: { name: string; sha256?: string; rows: number }[]; setting?: string; trainExamples: number; valExamples: number; droppedForValidation: number; skipped: number; filtered: Record<string, number>; split: string };
  settings: Record<string, number | string | boolean>;
  validation: { metric: string; value: number; report: ClassificationReport };
  /** The static baseline trained in the same run, when there was one. */
  baseline?: { value: number; report: ClassificationReport; trainSeconds: number; examplesPerSec: number; parameters: number };
  timing: { trainSeconds: number; examplesPerSec: number; steps: number; epochs: number; bestEpoch: number; stoppedEarly: boolean };
  parameters: number;
  /** The cross-validation protocol (crossValidate), when it was run with the same settings; absent in older files. */
  protocol?: ProtocolRecord;
}

/** What the model card says of the protocol: k folds × seeds, mean ± sd of the task metric, per-run scores. */
export interface ProtocolRecord {
  folds: number;
  seeds: number;
  metric: string;
  split: string;
  model: { mean: number; sd: number };
  baseline: { mean: number; sd: number } | null;
  runs: { seed: number; fold: number; value: number; baseline: number | null }[];
}

/** config.json */
export interface TaskModelMeta {
  format: typeof TASK_MODEL_FORMAT;
  version: 1;
  model: TaskModelConfig;
  /** The vectors the model was trained on: the same must be given at inference (dim checked, fingerprint compared). */
  vectors: { name: string; words: number; dim: number; fingerprint: string };
  training?: TrainingRecord;
}

/**
 * A short fingerprint of a vector store (FNV-1a over its words and first rows), to notice a model being used
 * with vectors other than those it was trained on.
 * @example vectorsFingerprint(wv) // 'fnv1a:3f2c9a10'
 */
export function vectorsFingerprint(wv: WordVectors): string {
  let h = 0x811c9dc5;
  const mix = (x: number) => (h = Math.imul(h ^ x, 0x01000193) >>> 0);
  for (let i = 0; i < Math.min(wv.size, 1000); i++) for (const ch of wv.words[i]) mix(ch.charCodeAt(0));
  const bits = new Uint32Array(wv.vectors.buffer, wv.vectors.byteOffset, Math.min(wv.vectors.length, 100 * wv.dim));
  for (let i = 0; i < bits.length; i++) mix(bits[i]);
  return `fnv1a:${h.toString(16).padStart(8, '0')}`;
}

/**
 * The three files of a trained model.
 * @example const files = await saveTaskModel(model, meta); // write files['model.safetensors'], files['config.json'], files['README.md']
 */
export async function saveTaskModel(model: TaskModel, meta: Omit<TaskModelMeta, 'format' | 'version' | 'model'>): Promise<{ 'model.safetensors': Uint8Array; 'config.json': string; 'README.md': string }> {
  const full: TaskModelMeta = { format: TASK_MODEL_FORMAT, version: 1, model: model.config, ...meta };
  const files = await saveCheckpoint(model, full as unknown as Record<string, unknown>);
  return { ...files, 'README.md': modelCard(full) };
}

/**
 * Rebuild a model from its files; config.json is checked against its schema and against model.safetensors' header
 * before anything is allocated, and every weight must be finite.
 * @example const { model, meta } = loadTaskModel({ 'model.safetensors': bytes, 'config.json': text });
 */
export function loadTaskModel(files: { 'model.safetensors': Uint8Array; 'config.json': string }, name = 'the model'): { model: TaskModel; meta: TaskModelMeta } {
  const { module, config } = loadCheckpoint(files, (c, header) => {
    if (c.format !== TASK_MODEL_FORMAT || c.version !== 1 || !c.model || typeof c.model !== 'object' || Array.isArray(c.model)) {
      throw new AttnError('E_FORMAT', `${name}: config.json is not an attnlab task model (expected "format": "${TASK_MODEL_FORMAT}", "version": 1)`);
    }
    return new TaskModel(checkTaskModelConfig(c, header, name));
  });
  module.eval();
  return { model: module, meta: config as unknown as TaskModelMeta };
}

/**
 * Check that `wv` fits the model: the dimension must match (else E_INPUT); returns a warning when the
 * fingerprint differs (other vectors of the same size work, but not as trained), or null.
 * @example const warning = checkVectors(meta, wv); if (warning) console.error(warning);
 */
export function checkVectors(meta: TaskModelMeta, wv: WordVectors): string | null {
  if (wv.dim !== meta.vectors.dim) {
    throw new AttnError('E_INPUT', `the model was trained on ${meta.vectors.dim}-dimensional vectors (${meta.vectors.name}); these have ${wv.dim}`);
  }
  return vectorsFingerprint(wv) === meta.vectors.fingerprint ? null : `warning: these vectors differ from the ones the model was trained on (${meta.vectors.name}, ${meta.vectors.words} words); predictions may be worse`;
}

const pct = (x: number) => (100 * x).toFixed(1);

const pm = (x: { mean: number; sd: number }) => `${pct(x.mean)} ± ${pct(x.sd)}`;

/** The model card's cross-validation section. */
function protocolLines(p: ProtocolRecord): string[] {
  return [
    `## Cross-validation (${p.folds} folds × ${p.seeds} seed${p.seeds > 1 ? 's' : ''}, folds shaped like the official split: ${p.split})`, '',
    `${p.metric}, mean ± standard deviation over ${p.runs.length} runs (what the protocol predicts for held-out data): ` +
      `this model's configuration ${pm(p.model)}${p.baseline ? `; static baseline ${pm(p.baseline)}` : ''}. ` +
      'Each run stops early on a split of its own training rows, never on the fold it is scored on.',
    `Per run (seed/fold: model${p.baseline ? ' / baseline' : ''}): ${p.runs.map((r) => `${r.seed}/${r.fold + 1}: ${pct(r.value)}${r.baseline !== null ? ` / ${pct(r.baseline)}` : ''}`).join(', ')}.`,
  ];
}

/** The model card (Markdown) for config.json's contents. */
export function modelCard(meta: TaskModelMeta): string {
  const m = meta.model, t = meta.training, lic = DATA_LICENCES[m.task];
  const lines = [
    `# attnlab ${m.task} model (${m.kind === 'attention' ? `${m.layers}-layer self-attention encoder` : 'static baseline'})`,
    '',
    `Frozen word vectors (${meta.vectors.name}; ${meta.vectors.words.toLocaleString('en')} words, ${meta.vectors.dim}d) → ` +
      (m.kind === 'attention' ? `${m.positions} positions → ${m.layers} Transformer encoder layer(s) (width ${m.dModel}, ${m.heads} heads, feed-forward ${m.ffDim}) → ` : 'no encoder → ') +
      `task head (hidden ${m.hidden}). ${m.extraWords.length - 1} trainable rows for frequent training words the vectors lack` +
      (m.tunedWords?.length ? `; learned corrections added to the frozen vectors of the ${m.tunedWords.length.toLocaleString('en')} most frequent training words.` : '.'),
    '',
    '## Training data and licence',
    `- Data: ${lic.data}.`,
    `- Licence of the data: ${lic.licence}. These weights are derived from it; use them under the same terms.`,
    `- Cite: ${lic.cite}.`,
  ];
  if (t) {
    lines.push(...t.data.files.map((f) => `- File: \`${f.name}\` (${f.rows.toLocaleString('en')} rows${f.sha256 ? `, sha256 ${f.sha256.slice(0, 16)}…` : ''})`));
    lines.push(`- Validation split: ${t.data.split}; ${t.data.trainExamples.toLocaleString('en')} training / ${t.data.valExamples.toLocaleString('en')} validation examples` +
      (t.data.droppedForValidation ? `, ${t.data.droppedForValidation.toLocaleString('en')} training rows dropped because they lie inside validation sentences` : '') + '.');
    if (t.data.setting) lines.push(`- Setting: ${t.data.setting}.`);
    const f = Object.entries(t.data.filtered).map(([why, n]) => `${n} rows (${why})`);
    if (f.length || t.data.skipped) lines.push(`- Left out: ${[...f, ...(t.data.skipped ? [`${t.data.skipped} malformed rows`] : [])].join('; ')}.`);
    const r = t.validation.report;
    lines.push('', '## Validation (carved from the training data; the official dev/test splits were not used)', '',
      `Model selection and early stopping use ${t.validation.metric === 'macroF1' ? 'macro-F1 (the task\'s metric)' : 'accuracy'}.`, '',
      '| model | accuracy | macro-F1 | training time | examples/s |', '|---|---|---|---|---|',
      `| this model | ${pct(r.accuracy)} | ${pct(r.macroF1)} | ${t.timing.trainSeconds.toFixed(0)} s | ${t.timing.examplesPerSec.toFixed(0)} |`);
    if (t.baseline) {
      const b = t.baseline.report;
      lines.push(`| static baseline (same code, no encoder) | ${pct(b.accuracy)} | ${pct(b.macroF1)} | ${t.baseline.trainSeconds.toFixed(0)} s | ${t.baseline.examplesPerSec.toFixed(0)} |`);
    }
    if (t.protocol) lines.push('', ...protocolLines(t.protocol));
    lines.push('', `Per class: ${r.perClass.map((c) => `${c.label} P ${pct(c.precision)} / R ${pct(c.recall)} (n ${c.support})`).join('; ')}.`,
      '', '## Settings', '', `${Object.entries(t.settings).map(([k, v]) => `${k} ${v}`).join(', ')}; ${t.parameters.toLocaleString('en')} trainable parameters; ` +
      `${t.timing.steps} steps over ${t.timing.epochs} epoch(s), best weights from epoch ${t.timing.bestEpoch + 1}${t.timing.stoppedEarly ? ' (stopped early)' : ''}.` +
      (Number(t.settings.ema) > 0 ? ` The saved weights are a moving average of the trained ones (decay ${t.settings.ema}).` : ''));
  }
  lines.push('', 'Files: `model.safetensors` (parameters by PyTorch name), `config.json` (architecture, vectors, training record).', '');
  return lines.join('\n');
}
