// Node only. A pre-trained encoder's folder on disk (see src/pretrain/pretrained-files.ts for what the files hold):
// checked writable before training starts, written whole at each checkpoint — every file goes into a fresh sibling
// folder which then replaces the old one by rename, so an interrupted run always leaves the last complete
// checkpoint — and read back with size limits, for `attn train --init` and `attn pretrain --resume`.
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { AttnError } from '../errors.js';
import { loadPretrained, type PretrainedMeta } from '../pretrain/pretrained-files.js';
import type { PretrainModel } from '../pretrain/pretrain-model.js';
import type { Tensor } from '../tensor.js';
import { loadSafetensors } from '../io/safetensors.js';
import { readRegularFile, readSafetensorsFile } from './read-file.js';
import { replaceFolder } from './write-atomically.js';

/** config.json holds settings and a loss curve: a few kB. */
const MAX_CONFIG_BYTES = 16 << 20;

/**
 * Refuse an `--out` that cannot receive a pre-trained folder, before any work: a file, a device, a folder holding
 * other things, a parent that cannot be written.
 * @example await checkPretrainOut('pretrained/wic');
 */
export async function checkPretrainOut(out: string): Promise<void> {
  const where = `--out ${out}`;
  const st = await lstat(out).catch(() => undefined);
  if (st && !st.isDirectory()) throw new AttnError('E_INPUT', `${where} exists and is not a folder; give a new folder, or a pre-trained folder to replace`);
  if (st && !existsSync(join(out, 'config.json')) && (await readdir(out)).length > 0) throw new AttnError('E_INPUT', `${where} is a folder that holds other files and no config.json; give a new or empty folder`);
  const parent = dirname(resolve(out));
  try {
    await mkdir(parent, { recursive: true });
    await rm(await mkdtemp(join(parent, `.${basename(resolve(out))}.probe-`)), { recursive: true });
  } catch (e) {
    throw new AttnError('E_INPUT', `${where}: cannot write in ${parent} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** A process that was killed while writing (SIGKILL, power loss) leaves its staging folder: remove those of
 *  processes that no longer run, never another live run's. */
async function removeStaleStaging(parent: string, prefix: string): Promise<void> {
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    const pid = name.startsWith(prefix) ? Number(name.slice(prefix.length).split('-')[0]) : NaN;
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || isRunning(pid)) continue;
    await rm(join(parent, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

/**
 * Replace folder `dir` by one holding exactly `files` (config.json written last), in one rename.
 * @example await writePretrainDir('pretrained/wic', run.files(about));
 */
export async function writePretrainDir(dir: string, files: Record<string, Uint8Array | string>): Promise<void> {
  const parent = dirname(resolve(dir));
  await mkdir(parent, { recursive: true });
  // mkdir, not mkdtemp: the folder gets the usual permissions (umask), not mkdtemp's owner-only 0700.
  const prefix = `.${basename(resolve(dir))}.partial-`;
  await removeStaleStaging(parent, prefix);
  const staging = join(parent, `${prefix}${process.pid}-${Date.now()}`);
  await mkdir(staging);
  try {
    const names = Object.keys(files).sort((a, b) => Number(a === 'config.json') - Number(b === 'config.json'));
    for (const name of names) await writeFile(join(staging, name), files[name]);
    await replaceFolder(staging, dir);
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Read a pre-trained folder: the model (checked before allocation), its config.json, and with `optimizer` the AdamW
 * moments a resumed run needs.
 * @example const { model, meta } = await readPretrainDir('pretrained/wic');
 */
export async function readPretrainDir(dir: string, { optimizer = false } = {}): Promise<{ model: PretrainModel; meta: PretrainedMeta; optimizer: Map<string, Tensor> }> {
  for (const f of ['config.json', 'model.safetensors', ...(optimizer ? ['optimizer.safetensors'] : [])]) {
    if (!existsSync(join(dir, f))) throw new AttnError('E_NOT_FOUND', `${dir} has no ${f} (is it a folder written by 'attn pretrain'?)`);
  }
  let config: string;
  try {
    config = new TextDecoder('utf-8', { fatal: true }).decode(await readRegularFile(join(dir, 'config.json'), { maxBytes: MAX_CONFIG_BYTES, what: 'a pre-trained config' }));
  } catch (e) {
    if (e instanceof AttnError) throw e;
    throw new AttnError('E_FORMAT', `${join(dir, 'config.json')}: not UTF-8 text`);
  }
  const bytes = await readSafetensorsFile(join(dir, 'model.safetensors'));
  const { model, meta } = withFile(join(dir, 'model.safetensors'), () => loadPretrained({ 'model.safetensors': bytes, 'config.json': config }, dir));
  const moments = optimizer ? withFile(join(dir, 'optimizer.safetensors'), async () => loadSafetensors(await readSafetensorsFile(join(dir, 'optimizer.safetensors')), { finite: true }).tensors) : new Map<string, Tensor>();
  return { model, meta, optimizer: await moments };
}

/** Errors without a file name get the file's. */
function withFile<T>(file: string, f: () => T): T {
  const name = (e: unknown) => (e instanceof AttnError && !e.message.includes(file) && !e.message.includes('config.json') ? new AttnError(e.code, `${file}: ${e.message}`, { file }) : e);
  try {
    const r = f();
    return r instanceof Promise ? (r.catch((e) => Promise.reject(name(e))) as T) : r;
  } catch (e) {
    throw name(e);
  }
}
