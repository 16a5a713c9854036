// Files for the task commands (train / eval / predict, and attend / polysemy / demo with --model): reading a
// dataset by task with its gold file, hashing it for the model card, finding a model folder (a path, or the
// name of a model shipped in data/models/) and reading or writing its files.
import { writeFile, mkdir, mkdtemp, readdir, rm, lstat } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import {
  AttnError, TASKS, taskSpec, loadTaskModel, checkVectors,
  type TaskName, type TaskExample, type ReadResult, type TaskModel, type TaskModelMeta, type WordVectors,
} from '../../src/index.js';
import { packageRoot, readRegularFile, readSafetensorsFile, replaceFolder } from '../../src/node/index.js';
import { UsageError } from '../command.js';

/** A data file is read whole: at most 1 GiB, and only a regular file (never /dev/zero or a FIFO). */
const MAX_TEXT_BYTES = 1 << 30;

export async function readText(path: string): Promise<string> {
  return new TextDecoder().decode(await readRegularFile(path, { maxBytes: MAX_TEXT_BYTES, what: 'a text file' }));
}

export function taskOf(value: string | undefined): TaskName {
  if (!value) throw new UsageError(`--task is required (${TASKS.join(', ')})`);
  if (!(TASKS as readonly string[]).includes(value)) throw new UsageError(`--task must be one of ${TASKS.join(', ')}, got '${value}'`);
  return value as TaskName;
}

export interface TaskData extends ReadResult<TaskExample> {
  files: { name: string; sha256: string; rows: number }[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Read a task's data file (and gold file) with the task's reader: SST-2's TSV, WiC's data + gold lines, SemEval's CSV (+ gold CSV). */
export async function readTaskData(task: TaskName, path: string, opts: { gold?: string; skipBad?: boolean } = {}): Promise<TaskData> {
  const text = await readText(path);
  const file = basename(path);
  const gold = opts.gold ? await readText(opts.gold) : undefined;
  const goldFile = opts.gold ? basename(opts.gold) : undefined;
  const common = { file, skipBad: opts.skipBad, gold, goldFile };
  const spec = taskSpec(task);
  if (gold !== undefined && spec.gold === 'in-file') throw new UsageError(`--gold is not used for ${task} (the labels are in the data file)`);
  // A gold file beside the data (WiC's train.gold.txt) is used when --gold is not given.
  const beside = spec.goldBeside?.(path);
  const g = gold ?? (beside && existsSync(beside) ? await readText(beside) : undefined);
  const res: ReadResult<TaskExample> = spec.read(text, { ...common, gold: g, goldFile: goldFile ?? (g && beside ? basename(beside) : undefined) });
  const files = [{ name: file, sha256: sha256(text), rows: res.examples.length + res.skipped.length + Object.values(res.filtered).reduce((a, b) => a + b, 0) }];
  if (gold) files.push({ name: goldFile!, sha256: sha256(gold), rows: res.examples.length });
  return { ...res, files };
}

/**
 * Warnings about a labelled set too thin to learn from or to judge by: one class only, or fewer than `min` examples
 * (or fewer than 5 of a class). `what` names the set ("training data", "the validation split").
 */
export function labelWarnings(examples: readonly { label: number | null }[], what: string, min: number): string[] {
  const counts = [0, 0];
  for (const e of examples) if (e.label === 0 || e.label === 1) counts[e.label]++;
  const out: string[] = [];
  if (examples.length && (counts[0] === 0 || counts[1] === 0)) out.push(`warning: ${what} has one class only (${counts[0]} × 0, ${counts[1]} × 1): the model cannot learn to tell the classes apart, and accuracy says nothing`);
  else if (examples.length < min || Math.min(...counts) < 5) out.push(`warning: ${what} is small (${examples.length} examples: ${counts[0]} × 0, ${counts[1]} × 1): its scores are noisy`);
  return out;
}

/** One line per kind of thing left out of a dataset, for stderr. */
export function describeLeftOut(d: ReadResult<TaskExample>, path: string): string[] {
  const out = Object.entries(d.filtered).map(([why, n]) => `${path}: left out ${n} rows: ${why}`);
  if (d.skipped.length) {
    const first = d.skipped.slice(0, 3).map((s) => `line ${s.line}: ${s.reason}`).join('; ');
    out.push(`${path}: skipped ${d.skipped.length} malformed rows (--skip-bad): ${first}${d.skipped.length > 3 ? '; …' : ''}`);
  }
  return out;
}

/** The shipped models: data/models/<name>/. */
export function shippedModelsDir(): string {
  return join(packageRoot(), 'data', 'models');
}

/** A model folder from a path, or the name of a shipped model (sst2, wic, idiom-zero-shot, idiom-one-shot, …). */
export async function resolveModelDir(nameOrPath: string): Promise<string> {
  if (existsSync(nameOrPath) && statSync(nameOrPath).isDirectory()) return nameOrPath;
  const shipped = join(shippedModelsDir(), nameOrPath);
  if (existsSync(join(shipped, 'config.json'))) return shipped;
  const names = existsSync(shippedModelsDir()) ? (await readdir(shippedModelsDir())).filter((n) => existsSync(join(shippedModelsDir(), n, 'config.json'))) : [];
  throw new AttnError('E_NOT_FOUND', `no model folder '${nameOrPath}' (give a folder written by 'attn train', or a shipped model: ${names.join(', ') || 'none installed'})`);
}

/** config.json holds the model's extra and tuned word lists: a few hundred kB at most in practice. */
const MAX_CONFIG_BYTES = 64 << 20;

export interface LoadedModel {
  model: TaskModel;
  meta: TaskModelMeta;
  dir: string;
}

/** Load a model folder (or shipped model name). */
export async function loadModelDir(nameOrPath: string): Promise<LoadedModel> {
  const dir = await resolveModelDir(nameOrPath);
  for (const f of ['config.json', 'model.safetensors']) {
    if (!existsSync(join(dir, f))) throw new AttnError('E_NOT_FOUND', `${dir} has no ${f} (is it a folder written by 'attn train'?)`);
  }
  const configBytes = await readRegularFile(join(dir, 'config.json'), { maxBytes: MAX_CONFIG_BYTES, what: 'a model config' });
  let config: string;
  try {
    config = new TextDecoder('utf-8', { fatal: true }).decode(configBytes);
  } catch {
    throw new AttnError('E_FORMAT', `${join(dir, 'config.json')}: not UTF-8 text`);
  }
  const bytes = await readSafetensorsFile(join(dir, 'model.safetensors'));
  const { model, meta } = loadTaskModel({ 'model.safetensors': bytes, 'config.json': config }, dir);
  return { model, meta, dir };
}

/** Check the vectors against the model; print the warning (if any) on stderr. */
export function warnIfOtherVectors(meta: TaskModelMeta, wv: WordVectors): void {
  const w = checkVectors(meta, wv);
  if (w) process.stderr.write(w + '\n');
}

/** Writes a model's files into `dir` (created); config.json last, so that its presence means the folder is complete. */
export async function writeModelDir(dir: string, files: Record<string, Uint8Array | string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  const names = Object.keys(files).sort((a, b) => Number(a === 'config.json') - Number(b === 'config.json'));
  for (const name of names) await writeFile(join(dir, name), files[name]);
}

export interface ModelDirWriter {
  /** The folder beside `out` that receives everything first (`.<name>.partial-XXXXXX`; made by the first write). */
  staging: string;
  /** Replace `out` with the staging folder in one rename (an old model folder is moved aside, then removed). */
  commit(): Promise<void>;
}

/**
 * Check `--out` before any work is done, and make the staging folder beside it: `out` must be new, an empty folder or
 * a model folder (replaced whole, never mixed), and its parent writable. A file, /dev/null, a non-model folder, a
 * read-only folder or /proc are refused here, not after training.
 * @example const w = await prepareModelDir('models/sst2'); await writeModelDir(w.staging, files); await w.commit();
 */
export async function prepareModelDir(out: string): Promise<ModelDirWriter> {
  const where = `--out ${out}`;
  const st = await lstat(out).catch(() => undefined);
  if (st && !st.isDirectory()) throw new AttnError('E_INPUT', `${where} exists and is not a folder (${st.isSymbolicLink() ? 'a symbolic link' : st.isFile() ? 'a file' : 'a device or special file'}); give a new folder, or a model folder to replace`);
  if (st && !existsSync(join(out, 'config.json')) && (await readdir(out)).length > 0) {
    throw new AttnError('E_INPUT', `${where} is a folder that holds other files and no config.json; give a new or empty folder, or a model folder to replace`);
  }
  const parent = dirname(resolve(out));
  let staging: string;
  try {
    await mkdir(parent, { recursive: true });
    staging = await mkdtemp(join(parent, `.${basename(resolve(out))}.partial-`));
    await rm(staging, { recursive: true }); // a probe: made again by the first write, so a run that fails early leaves nothing
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AttnError('E_INPUT', `${where}: cannot write in ${parent} (${code === 'EACCES' || code === 'EROFS' || code === 'EPERM' ? 'not writable' : code ?? String(e)})`);
  }
  return {
    staging,
    commit: () => replaceFolder(staging, out),
  };
}
