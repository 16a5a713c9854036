// The schema of a task model's config.json, checked before anything is allocated from it: every field's type and
// bounds, and the sizes it implies against what model.safetensors actually holds (so that `layers: 1e9` or
// `ffDim: 1e7` is a one-line error, not gigabytes). Not here: the weights themselves (loadCheckpoint checks names,
// shapes and finiteness).
import { AttnError } from '../errors.js';
import { POSITIONAL_KINDS } from '../nn/positional.js';
import type { SafetensorsHeader } from '../io/safetensors.js';
import { MAX_DIM } from '../embeddings/vector-parser.js';
import { TASKS } from './registry.js';
import type { TaskModelConfig } from './task-model.js';

/** Bounds of each size in a task model's config (far above anything trained here, far below an allocation failure). */
export const MODEL_BOUNDS = {
  dim: MAX_DIM, dModel: 4096, layers: 64, heads: 256, ffDim: 16384, maxLen: 8192, hidden: 4096, words: 1_000_000,
} as const;

type Check = (path: string, v: unknown) => string | null;
const int = (lo: number, hi: number): Check => (_, v) => (Number.isSafeInteger(v) && (v as number) >= lo && (v as number) <= hi ? null : `an integer from ${lo} to ${hi}`);
const oneOf = (values: readonly string[]): Check => (_, v) => (typeof v === 'string' && values.includes(v) ? null : `one of ${values.join(', ')}`);
const bool: Check = (_, v) => (typeof v === 'boolean' ? null : 'true or false');
const words: Check = (_, v) => (Array.isArray(v) && v.length <= MODEL_BOUNDS.words && v.every((w) => typeof w === 'string') ? null : `a list of at most ${MODEL_BOUNDS.words} words`);

const MODEL: Record<keyof TaskModelConfig, Check> = {
  task: oneOf(TASKS), kind: oneOf(['attention', 'static']),
  dim: int(1, MODEL_BOUNDS.dim), dModel: int(1, MODEL_BOUNDS.dModel), layers: int(0, MODEL_BOUNDS.layers), heads: int(1, MODEL_BOUNDS.heads),
  ffDim: int(1, MODEL_BOUNDS.ffDim), positions: oneOf(POSITIONAL_KINDS), maxLen: int(1, MODEL_BOUNDS.maxLen),
  dropout: (_, v) => (typeof v === 'number' && v >= 0 && v < 1 ? null : 'a number in [0, 1)'),
  hidden: int(1, MODEL_BOUNDS.hidden), normFirst: bool, context: bool, extraWords: words, tunedWords: words,
  cues: bool, staticFeatures: bool,
};

/** Fields a model written before they existed lacks (absent = off). */
const OPTIONAL = new Set(['tunedWords', 'cues', 'staticFeatures']);

/**
 * Check config.json's `model` and `vectors` against the schema, and the parameter count they imply against the
 * safetensors `header` (a lower bound of the count must fit in what the file holds). Throws E_FORMAT naming the file
 * and the field: `<name>/config.json: model.layers is 1000000000; expected an integer from 0 to 64`.
 * @example checkTaskModelConfig(JSON.parse(text), readSafetensorsHeader(bytes), 'models/sst2');
 */
export function checkTaskModelConfig(c: Record<string, unknown>, header: SafetensorsHeader, name: string): TaskModelConfig {
  const file = `${name}/config.json`;
  const bad = (field: string, v: unknown, expected: string): never => {
    throw new AttnError('E_FORMAT', `${file}: ${field} is ${JSON.stringify(v)?.slice(0, 60) ?? 'missing'}; expected ${expected}`, { file });
  };
  const m = c.model as Record<string, unknown>;
  for (const [key, check] of Object.entries(MODEL)) {
    if (OPTIONAL.has(key) && m[key] === undefined) continue;
    const why = check(key, m[key]);
    if (why) bad(`model.${key}`, m[key], why);
  }
  const cfg = m as unknown as TaskModelConfig;
  if (cfg.kind === 'attention' && cfg.layers < 1) bad('model.layers', cfg.layers, 'at least 1 for an attention model');
  if (cfg.kind === 'attention' && cfg.dModel % cfg.heads !== 0) bad('model.heads', cfg.heads, `a divisor of dModel ${cfg.dModel}`);
  if (cfg.extraWords.length < 1) bad('model.extraWords', cfg.extraWords, "a list that starts with '<unk>'");
  const v = c.vectors as Record<string, unknown> | undefined;
  if (!v || typeof v !== 'object') bad('vectors', v, 'an object {name, words, dim, fingerprint}');
  if (typeof v!.name !== 'string') bad('vectors.name', v!.name, 'a string');
  if (typeof v!.fingerprint !== 'string') bad('vectors.fingerprint', v!.fingerprint, 'a string');
  if (int(1, Number.MAX_SAFE_INTEGER)('', v!.words)) bad('vectors.words', v!.words, 'a positive integer');
  if (v!.dim !== cfg.dim) bad('vectors.dim', v!.dim, `model.dim (${cfg.dim})`);
  if (c.training !== undefined && (!c.training || typeof c.training !== 'object')) bad('training', c.training, 'an object, or absent');

  // The largest matrices the config implies; the real model has these and more, so more than the file holds is a lie.
  const C = cfg.dModel, attention = cfg.kind === 'attention';
  const atLeast = (cfg.extraWords.length + (cfg.tunedWords?.length ?? 0)) * cfg.dim + cfg.hidden * Math.min(C, cfg.dim) +
    (attention ? cfg.layers * (4 * C * C + 2 * C * cfg.ffDim) + (cfg.positions === 'learned' ? cfg.maxLen * C : 0) : 0);
  const holds = header.entries.reduce((n, e) => n + e.shape.reduce((a, b) => a * b, 1), 0);
  if (atLeast > holds) {
    throw new AttnError('E_FORMAT', `${file}: the model it describes has at least ${atLeast.toLocaleString('en')} parameters, but model.safetensors holds ${holds.toLocaleString('en')} values (config.json and model.safetensors do not belong together)`, { file });
  }
  return cfg;
}
