// Node only. Writing a file so that no reader ever sees half of it: the bytes go to a temporary file
// beside it, renamed into place when complete; on failure the temporary file is removed. Also a check,
// before long work, that a path can be written at all, and a folder replaced whole by another. An existing path that is not a regular file (a device such
// as /dev/null, a FIFO, a socket) is refused: the rename would replace the device node itself.
import { existsSync } from 'node:fs';
import { mkdir, open, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AttnError } from '../errors.js';

/** Writes `chunks` to `path` atomically. @example await writeAtomically('out.bin', [bytes]); */
export async function writeAtomically(path: string, chunks: Iterable<Uint8Array>): Promise<void> {
  const st = await stat(path).catch(() => undefined);
  if (st && !st.isFile()) throw cannotWrite(path, '', st.isDirectory() ? 'it is a folder' : 'it is not a regular file');
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  try {
    const fh = await open(tmp, 'w');
    try {
      for (const chunk of chunks) await fh.write(chunk);
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/**
 * Throws E_INPUT, naming `what` and the reason, unless a file can be created at `path` (it creates and removes
 * a temporary file beside it; missing folders are created).
 * @example await checkWritable('vectors/out.bin', '--out');
 */
export async function checkWritable(path: string, what = path): Promise<void> {
  const st = await stat(path).catch(() => undefined);
  if (st && !st.isFile()) throw cannotWrite(path, what, st.isDirectory() ? 'it is a folder' : 'it is not a regular file');
  try {
    await mkdir(dirname(path), { recursive: true });
    const probe = `${path}.tmp-${process.pid}-probe`;
    await (await open(probe, 'w')).close();
    await unlink(probe);
  } catch (e) {
    throw cannotWrite(path, what, (e as NodeJS.ErrnoException).code ?? String(e));
  }
}

/**
 * Put the complete folder `staging` in the place of `dir` in one rename (an old `dir` is moved aside first, put
 * back if the rename fails, then removed), so that `dir` is always either the old folder or the new one.
 * @example await replaceFolder('.out.partial-1', 'out');
 */
export async function replaceFolder(staging: string, dir: string): Promise<void> {
  if (!existsSync(dir)) return rename(staging, dir);
  const aside = `${staging}.old`;
  await rename(dir, aside);
  await rename(staging, dir).catch(async (e) => {
    await rename(aside, dir);
    throw e;
  });
  await rm(aside, { recursive: true, force: true });
}

function cannotWrite(path: string, what: string, why: string): AttnError {
  return new AttnError('E_INPUT', `${what ? what + ' ' : ''}${path}: cannot be written (${why})`, { file: path });
}
