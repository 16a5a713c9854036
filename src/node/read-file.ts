// Node only. Bounded reads of the files a user hands us: only regular files (a symlink to /dev/zero, a FIFO or a
// socket is refused, never read until memory runs out), at most a stated size, exactly the bytes fstat reported;
// and safetensors read header first, so that the offsets are checked against the file's size before its data is
// read. Not a cache, not a streaming reader (vector files stream through vector-files.ts).
import { open, type FileHandle } from 'node:fs/promises';
import { AttnError } from '../errors.js';
import { readSafetensorsHeader, safetensorsHeaderLength } from '../io/safetensors.js';

/** Larger model files are refused (a Node buffer holds at most a few GB; the models here are a few MB). */
export const MAX_MODEL_BYTES = 2 ** 31 - 1;

async function openRegular(path: string, maxBytes: number, what: string): Promise<{ fh: FileHandle; size: number }> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AttnError('E_NOT_FOUND', `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code}`, { file: path });
  }
  const st = await fh.stat();
  const refuse = (why: string) => {
    void fh.close();
    return new AttnError('E_INPUT', `${path}: ${why}`, { file: path });
  };
  if (st.isDirectory()) throw refuse(`is a folder, not ${what}`);
  if (!st.isFile()) throw refuse(`is not a regular file (a device, pipe or socket), not ${what}`);
  if (st.size > maxBytes) throw refuse(`is ${st.size} bytes, more than the ${maxBytes} accepted for ${what}`);
  return { fh, size: st.size };
}

async function readAt(fh: FileHandle, path: string, position: number, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  for (let n = 0; n < length; ) {
    const { bytesRead } = await fh.read(out, n, length - n, position + n);
    if (bytesRead === 0) throw new AttnError('E_FORMAT', `${path}: the file shrank while it was read (${position + n} of ${position + length} bytes)`, { file: path });
    n += bytesRead;
  }
  return out;
}

/**
 * The bytes of a regular file of at most `maxBytes`.
 * @example const bytes = await readRegularFile('model/config.json', { maxBytes: 1 << 26, what: 'a model config' });
 */
export async function readRegularFile(path: string, { maxBytes, what = 'a file' }: { maxBytes: number; what?: string }): Promise<Uint8Array> {
  const { fh, size } = await openRegular(path, maxBytes, what);
  try {
    return await readAt(fh, path, 0, size);
  } finally {
    await fh.close();
  }
}

/**
 * A safetensors file: its 8-byte length, then its header (checked: offsets that cover the file's size exactly), and
 * only then its data. Errors name the file.
 * @example const bytes = await readSafetensorsFile('model/model.safetensors'); loadSafetensors(bytes)
 */
export async function readSafetensorsFile(path: string, maxBytes = MAX_MODEL_BYTES): Promise<Uint8Array> {
  const { fh, size } = await openRegular(path, maxBytes, 'a safetensors file');
  try {
    const named = (e: unknown) => (e instanceof AttnError && e.code === 'E_FORMAT' ? new AttnError('E_FORMAT', `${path}: ${e.message}`, { file: path }) : e);
    let headerLen: number;
    try {
      headerLen = safetensorsHeaderLength(await readAt(fh, path, 0, Math.min(8, size)), size);
      readSafetensorsHeader(await readAt(fh, path, 0, 8 + headerLen), { size });
    } catch (e) {
      throw named(e);
    }
    return await readAt(fh, path, 0, size);
  } finally {
    await fh.close();
  }
}
