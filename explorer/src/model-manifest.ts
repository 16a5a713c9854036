// The trained models this build holds: a manifest generated at build time by explorer/models-plugin.ts from
// data/models/*/config.json (or ATTNLAB_EXPLORER_MODELS). Summaries only: the weights and the config are
// content-hashed files of the app's own origin, fetched by the worker when a model is first picked.
import manifest from 'virtual:attnlab-models';

export interface ModelEntry {
  /** The model's folder name, e.g. "sst2". */
  name: string;
  /** The task's name, as the library's task specs know it. */
  task: string;
  kind: 'attention' | 'static';
  layers: number;
  heads: number;
  /** Encoder width C, and the word vectors' dimension. */
  dModel: number;
  dim: number;
  positions: string;
  maxLen: number;
  /** The vectors it was trained on (config.json's `vectors.name`). */
  vectors: string;
  /** Idioms: zero-shot or one-shot. */
  setting: string | null;
  /** The validation numbers the model card reports (config.json's `training.validation`). */
  validation: { metric: 'accuracy' | 'macroF1'; value: number; accuracy: number; macroF1: number; n: number } | null;
  /** The static baseline trained beside it, scored the same way. */
  baseline: number | null;
  trainSeconds: number | null;
  /** The model card's "Licence of the data" line, when it has one. */
  licence: string | null;
  /** The model card (README.md), as written by the trainer. */
  card: string;
  /** Size of model.safetensors in bytes. */
  bytes: number;
  /** URLs of the files on this origin (hashed names). */
  files: { safetensors: string; config: string };
}

export const bundledModels: ModelEntry[] = manifest;
