// A pre-trained encoder as files: `model.safetensors` (the PretrainModel's parameters by PyTorch name),
// `config.json` (the encoder config, the vectors' fingerprint, the corpus, settings, progress and loss curve) and,
// while it can still be resumed, `optimizer.safetensors` (AdamW's moments, `<param>.exp_avg` / `.exp_avg_sq`).
// config.json is checked field by field, and the sizes it implies against what model.safetensors holds, before
// anything is allocated from it. Bytes and text in and out; src/node/pretrain-dir.ts reads and writes the folder.
import { AttnError } from '../errors.js';
import { Rng } from '../random.js';
import { loadCheckpoint } from '../io/checkpoint.js';
import type { SafetensorsHeader } from '../io/safetensors.js';
import { POSITIONAL_KINDS } from '../nn/positional.js';
import { MODEL_BOUNDS } from '../tasks/model-config.js';
import { PretrainModel, ENCODER_FIELDS, type EncoderConfig } from './pretrain-model.js';

export const PRETRAINED_FORMAT = 'attnlab-pretrained-encoder';

/** Where a run stands: enough to resume it step for step. */
export interface PretrainProgress {
  /** Optimizer steps done, and the schedule's length. */
  step: number;
  totalSteps: number;
  /** Every setting that shapes the run (checked on resume). */
  settings: PretrainSettings;
  /** Loss averaged over each `logEvery` steps: [step, mean loss]. */
  curve: [number, number][];
  /** Time spent training, and real tokens seen, over all sessions. */
  trainSeconds: number;
  tokensSeen: number;
}

export interface PretrainSettings {
  lr: number;
  batchSize: number;
  negatives: number;
  maskRate: number;
  weightDecay: number;
  warmup: number;
  clip: number;
  seed: number;
}

/** config.json */
export interface PretrainedMeta {
  format: typeof PRETRAINED_FORMAT;
  version: 1;
  model: EncoderConfig;
  vectors: { name: string; words: number; dim: number; fingerprint: string };
  corpus: { name: string; sha256?: string; lines: number; tokens: number; known: number; sequences: number };
  progress: PretrainProgress;
}

type Check = (v: unknown) => string | null;
const int = (lo: number, hi: number): Check => (v) => (Number.isSafeInteger(v) && (v as number) >= lo && (v as number) <= hi ? null : `an integer from ${lo} to ${hi}`);
const FIELDS: Record<(typeof ENCODER_FIELDS)[number], Check> = {
  dim: int(1, MODEL_BOUNDS.dim), dModel: int(1, MODEL_BOUNDS.dModel), layers: int(1, MODEL_BOUNDS.layers), heads: int(1, MODEL_BOUNDS.heads),
  ffDim: int(1, MODEL_BOUNDS.ffDim), maxLen: int(2, MODEL_BOUNDS.maxLen),
  positions: (v) => (typeof v === 'string' && (POSITIONAL_KINDS as readonly string[]).includes(v) ? null : `one of ${POSITIONAL_KINDS.join(', ')}`),
  dropout: (v) => (typeof v === 'number' && v >= 0 && v < 1 ? null : 'a number in [0, 1)'),
  normFirst: (v) => (typeof v === 'boolean' ? null : 'true or false'),
};

/**
 * Check config.json's object (format, every encoder field, the vectors, the progress record) and the parameter
 * count it implies against the safetensors `header`. Throws E_FORMAT naming the file and field.
 */
export function checkPretrainedConfig(c: Record<string, unknown>, header: SafetensorsHeader, name: string): PretrainedMeta {
  const file = `${name}/config.json`;
  const bad = (field: string, v: unknown, expected: string): never => {
    throw new AttnError('E_FORMAT', `${file}: ${field} is ${JSON.stringify(v)?.slice(0, 60) ?? 'missing'}; expected ${expected}`, { file });
  };
  if (c.format !== PRETRAINED_FORMAT || c.version !== 1) bad('format', c.format, `"${PRETRAINED_FORMAT}" with "version": 1 (is it a folder written by 'attn pretrain'?)`);
  const m = (c.model ?? {}) as Record<string, unknown>;
  if (typeof m !== 'object' || Array.isArray(m)) bad('model', m, 'an object');
  for (const [key, check] of Object.entries(FIELDS)) {
    const why = check(m[key]);
    if (why) bad(`model.${key}`, m[key], why);
  }
  const cfg = m as unknown as EncoderConfig;
  if (cfg.dModel % cfg.heads !== 0) bad('model.heads', cfg.heads, `a divisor of dModel ${cfg.dModel}`);
  const v = c.vectors as Record<string, unknown> | undefined;
  if (!v || typeof v !== 'object' || typeof v.fingerprint !== 'string' || typeof v.name !== 'string' || int(1, Number.MAX_SAFE_INTEGER)(v.words)) bad('vectors', v, 'an object {name, words, dim, fingerprint}');
  if (v!.dim !== cfg.dim) bad('vectors.dim', v!.dim, `model.dim (${cfg.dim})`);
  const p = c.progress as Record<string, unknown> | undefined;
  if (!p || typeof p !== 'object' || int(0, 1e12)(p.step) || int(1, 1e12)(p.totalSteps) || !p.settings || typeof p.settings !== 'object' || !Array.isArray(p.curve)) {
    bad('progress', p, 'an object {step, totalSteps, settings, curve, …}');
  }
  const C = cfg.dModel;
  const atLeast = cfg.layers * (4 * C * C + 2 * C * cfg.ffDim) + (cfg.positions === 'learned' ? cfg.maxLen * C : 0) + C * cfg.dim;
  const holds = header.entries.reduce((n, e) => n + e.shape.reduce((a, b) => a * b, 1), 0);
  if (atLeast > holds) {
    throw new AttnError('E_FORMAT', `${file}: the encoder it describes has at least ${atLeast.toLocaleString('en')} parameters, but model.safetensors holds ${holds.toLocaleString('en')} values (config.json and model.safetensors do not belong together)`, { file });
  }
  return c as unknown as PretrainedMeta;
}

/**
 * Rebuild a pre-trained model from its files (checked before allocation; every weight finite; names exact).
 * @example const { model, meta } = loadPretrained({ 'model.safetensors': bytes, 'config.json': text }, 'pretrained/');
 */
export function loadPretrained(files: { 'model.safetensors': Uint8Array; 'config.json': string }, name = 'the pre-trained folder'): { model: PretrainModel; meta: PretrainedMeta } {
  let meta: PretrainedMeta | undefined;
  const { module } = loadCheckpoint(files, (c, header) => {
    meta = checkPretrainedConfig(c, header, name);
    return new PretrainModel(meta.model, new Rng(0));
  });
  return { model: module, meta: meta! };
}
