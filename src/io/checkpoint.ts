// A checkpoint is two files, as on the Hugging Face hub: `model.safetensors` (the module's parameters under their
// PyTorch names) and `config.json` (whatever plain object rebuilds the module). Bytes and text in and out; which
// files live where is the caller's business. Not here: optimizer state, sharded checkpoints.
import { AttnError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { loadSafetensors, readSafetensorsHeader, saveSafetensors, type SafetensorsHeader } from './safetensors.js';

/** What saveCheckpoint needs of a module: its parameters by PyTorch name (attnlab's nn.Module has it). */
export interface Checkpointable {
  stateDict(): Map<string, Tensor>;
  loadStateDict(state: Map<string, Tensor>, opts?: { strict?: boolean }): { missing: string[]; unexpected: string[] };
}

export interface CheckpointFiles {
  'model.safetensors': Uint8Array;
  'config.json': string;
}

/**
 * The two files of a checkpoint. Parameters are written as F32 (or their own float64), names as in PyTorch, with
 * metadata {format: 'pt'} so that Hugging Face tools treat it as a PyTorch state dict.
 * @example const files = await saveCheckpoint(layer, { dModel: 64, nhead: 4 }); // write files['model.safetensors'] and files['config.json']
 */
export async function saveCheckpoint(module: Checkpointable, config: Record<string, unknown>, opts: { dtype?: 'F32' | 'F64' } = {}): Promise<CheckpointFiles> {
  return {
    'model.safetensors': await saveSafetensors(module.stateDict(), { format: 'pt' }, opts),
    'config.json': JSON.stringify(config, null, 2) + '\n',
  };
}

export interface LoadedCheckpoint<M> {
  module: M;
  config: Record<string, unknown>;
  /** Parameters of the module the file does not have (left as built); empty unless strict is false. */
  missing: string[];
  /** Tensors in the file the module has no parameter for (ignored); empty unless strict is false. */
  unexpected: string[];
}

/**
 * Build a module from `config.json` with `build`, then load `model.safetensors` into it by name. The safetensors
 * header is validated before `build` runs (it receives the header, to check the config's sizes against what the file
 * holds before allocating); every value must be finite; with `strict` (default) a missing or unexpected name throws.
 * @example const { module } = loadCheckpoint(files, (c) => new TransformerEncoderLayer(c.dModel as number, c.nhead as number));
 */
export function loadCheckpoint<M extends Checkpointable>(
  files: { 'model.safetensors': Uint8Array; 'config.json': string },
  build: (config: Record<string, unknown>, header: SafetensorsHeader) => M,
  { strict = true }: { strict?: boolean } = {},
): LoadedCheckpoint<M> {
  let config: unknown;
  try {
    config = JSON.parse(files['config.json']);
  } catch (e) {
    throw new AttnError('E_FORMAT', `loadCheckpoint: config.json is not valid JSON (${(e as Error).message})`, { file: 'config.json' });
  }
  if (!config || typeof config !== 'object' || Array.isArray(config)) {
    throw new AttnError('E_FORMAT', 'loadCheckpoint: config.json must hold a JSON object', { file: 'config.json' });
  }
  const header = readSafetensorsHeader(files['model.safetensors']);
  const module = build(config as Record<string, unknown>, header);
  const { tensors } = loadSafetensors(files['model.safetensors'], { finite: true });
  const { missing, unexpected } = module.loadStateDict(tensors, { strict });
  return { module, config: config as Record<string, unknown>, missing, unexpected };
}
