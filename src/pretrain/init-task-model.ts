// `attn train --init DIR`: copy a pre-trained input projection, positions and encoder layers into a freshly built
// task model (its extra word rows and task head stay as initialised). The encoder configs must agree field by
// field and the vectors must be the ones pre-training read; a learned position table longer than the task's
// maxLen gives its first maxLen rows.
import { AttnError } from '../errors.js';
import { noGrad, tidy } from '../autograd.js';
import { assign } from '../ops/assign.js';
import { narrow } from '../ops/slice.js';
import type { WordVectors } from '../embeddings/word-vectors.js';
import type { TaskModel, TaskModelConfig } from '../tasks/task-model.js';
import { vectorsFingerprint } from '../tasks/model-files.js';
import type { PretrainModel } from './pretrain-model.js';
import type { PretrainedMeta } from './pretrained-files.js';

/** A loaded pre-trained folder (loadPretrained's result) and the name to give in errors. */
export interface PretrainedInit {
  model: PretrainModel;
  meta: PretrainedMeta;
  name: string;
}

const MUST_MATCH = ['dim', 'dModel', 'layers', 'heads', 'ffDim', 'positions', 'normFirst'] as const;

/**
 * Throw E_INPUT unless `init` fits a task model with config `c` on vectors `wv` (called before any training).
 * @example checkInit(config, init, wv);
 */
export function checkInit(c: TaskModelConfig, init: PretrainedInit, wv: WordVectors): void {
  const p = init.meta.model;
  const refuse = (why: string): never => {
    throw new AttnError('E_INPUT', `--init ${init.name}: ${why}`);
  };
  if (c.kind !== 'attention') refuse('a static baseline has no encoder to initialise');
  const differ = MUST_MATCH.filter((k) => c[k] !== p[k]);
  if (differ.length) refuse(`pre-trained with ${differ.map((k) => `${k} ${p[k]}`).join(', ')}, but the task model has ${differ.map((k) => `${k} ${c[k]}`).join(', ')} (train with the same --dim/--layers/--heads/--ff, or pre-train again)`);
  if (c.positions === 'learned' && c.maxLen > p.maxLen) refuse(`pre-trained positions stop at maxLen ${p.maxLen}, the task model needs ${c.maxLen}`);
  if (vectorsFingerprint(wv) !== init.meta.vectors.fingerprint) refuse(`pre-trained on other vectors (${init.meta.vectors.name}, ${init.meta.vectors.words} words, ${init.meta.vectors.fingerprint}); give the same --vectors`);
}

/**
 * Load `init`'s encoder into `model`; returns the names copied. Throws E_INPUT when the configs or vectors differ.
 * @example initFromPretrained(taskModel, { ...loadPretrained(files), name: 'pretrained/' }, wv);
 */
export function initFromPretrained(model: TaskModel, init: PretrainedInit, wv: WordVectors): string[] {
  checkInit(model.config, init, wv);
  const refuse = (why: string): never => {
    throw new AttnError('E_INPUT', `--init ${init.name}: ${why}`);
  };
  const source = init.model.stateDict();
  const copied: string[] = [];
  noGrad(() => tidy(() => {
    for (const [name, param] of model.stateDict()) {
      if (!name.startsWith('input_proj.') && !name.startsWith('encoder.')) continue;
      const from = source.get(name);
      if (!from) refuse(`has no tensor '${name}'`);
      const rows = from!.shape[0] !== param.shape[0] && name === 'encoder.positional.weight' ? narrow(from!, 0, 0, param.shape[0]) : from!;
      if (rows.shape.join() !== param.shape.join()) refuse(`'${name}' is (${from!.shape}) there but (${param.shape}) in the task model`);
      assign(param, rows);
      copied.push(name);
    }
  }));
  return copied;
}
