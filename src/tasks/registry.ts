// The tasks attnlab knows, by name: each entry is a TaskSpec (spec.ts) from its own file. A new task is one
// file and one line here. Also the by-task tables the public API has always exported, derived from the specs.
import { AttnError } from '../errors.js';
import { sst2 } from './sst2.js';
import { wic } from './wic.js';
import { idiom } from './idiom.js';
import type { TaskSpec, TrainSettings } from './spec.js';

export const TASK_SPECS = { sst2, wic, idiom } as const;

/** The tasks attnlab trains on. */
export type TaskName = keyof typeof TASK_SPECS;
/** An example of any task. */
export type TaskExample = (typeof TASK_SPECS)[TaskName] extends infer S ? (S extends TaskSpec<infer E> ? E : never) : never;

export const TASKS = Object.keys(TASK_SPECS) as readonly TaskName[];

/**
 * The spec of a task by name; E_INPUT naming the known tasks for any other name.
 * @example taskSpec('wic').labels // ['different', 'same']
 */
export function taskSpec(name: string): TaskSpec<TaskExample> {
  if (!Object.hasOwn(TASK_SPECS, name)) throw new AttnError('E_INPUT', `unknown task '${name}' (known: ${TASKS.join(', ')})`);
  return TASK_SPECS[name as TaskName] as unknown as TaskSpec<TaskExample>;
}

const byTask = <T>(f: (s: TaskSpec<TaskExample>) => T) => Object.fromEntries(TASKS.map((t) => [t, f(taskSpec(t))])) as Record<TaskName, T>;

/** Label names by task, indexed by the dataset's integer label. */
export const LABEL_NAMES: Readonly<Record<TaskName, readonly [string, string]>> = byTask((s) => s.labels);
/** The licence of each task's training data (see ../shared/data/<task>/SOURCE.md). */
export const DATA_LICENCES: Readonly<Record<TaskName, { data: string; licence: string; cite: string }>> = byTask((s) => s.licence);
/** Settings that train each task's model in a few minutes on two CPU cores (the shipped models use these). */
export const TRAIN_DEFAULTS: Readonly<Record<TaskName, TrainSettings>> = byTask((s) => s.train);
