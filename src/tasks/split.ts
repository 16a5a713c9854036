// Validation splits carved from the training data with a fixed seed, each shaped like the task's real held-out
// data so that validation numbers predict the official ones; each task's spec says how (SST-2 by whole sentence,
// WiC by target word, idioms by expression): see heldOut in sst2.ts, wic.ts, idiom.ts.
import { AttnError } from '../errors.js';
import { taskSpec, type TaskExample } from './registry.js';
import { checkFraction } from './_held-out.js';
import type { Split, Setting } from './spec.js';

export type { Split, Setting } from './spec.js';

/** The examples' task, checking that they all have the same one. */
export function taskOfExamples(examples: readonly TaskExample[], what: string): TaskExample['task'] {
  if (examples.length < 2) throw new AttnError('E_INPUT', `${what}: ${examples.length} example(s) cannot be split`);
  const task = examples[0].task;
  const other = examples.find((e) => e.task !== task);
  if (other) throw new AttnError('E_INPUT', `${what}: a ${other.task} example (line ${other.line}) among ${task} examples`);
  return task;
}

/**
 * Carve a validation split from training examples, deterministically for a seed.
 * @example const { train, val } = validationSplit(examples, { fraction: 0.1, seed: 0 });
 */
export function validationSplit<E extends TaskExample>(examples: readonly E[], opts: { fraction?: number; seed?: number; setting?: Setting } = {}): Split<E> {
  const { fraction = 0.1, seed = 0, setting = 'zero-shot' } = opts;
  checkFraction(fraction);
  const spec = taskSpec(taskOfExamples(examples, 'validationSplit'));
  return spec.heldOut.split(examples, fraction, seed, setting) as Split<E>;
}

/**
 * k validation folds, each shaped like `validationSplit`'s (the same held-out unit), their validation parts disjoint.
 * @example validationFolds(examples, { folds: 5, seed: 0 }).map((f) => f.val.length)
 */
export function validationFolds<E extends TaskExample>(examples: readonly E[], opts: { folds?: number; seed?: number; setting?: Setting } = {}): Split<E>[] {
  const { folds = 5, seed = 0, setting = 'zero-shot' } = opts;
  const spec = taskSpec(taskOfExamples(examples, 'validationFolds'));
  return spec.heldOut.folds(examples, folds, seed, setting) as Split<E>[];
}
