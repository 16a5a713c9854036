// The explorer assets that the npm package ships only once, as the data files they were copied from (see
// explorer/shared-assets-plugin.ts): when such an asset is missing from the build folder, the server sends its
// source instead, but only a regular file (no symbolic link) inside the package whose size and SHA-256 are the
// ones recorded at build time — a content-hashed name must never serve other bytes.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';

const MANIFEST = '.attnlab-shared.json';

interface SharedAsset {
  source: string;
  size: number;
  sha256: string;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * For the build folder `dir`: a function from an asset's path (relative, '/'-separated) to the real path of its
 * checked source, or undefined (not a shared asset, or a source that is missing or differs from the build's).
 * @example const source = sharedAssets('explorer/dist'); await source('assets/model-AbC.safetensors');
 */
export function sharedAssets(dir: string): (asset: string) => Promise<string | undefined> {
  const manifest = resolve(dir, MANIFEST);
  let table: Record<string, SharedAsset> = {};
  try {
    if (existsSync(manifest)) table = JSON.parse(readFileSync(manifest, 'utf8'));
  } catch {
    table = {}; // an unreadable manifest: the assets the build lacks are simply not found
  }
  const packageRoot = resolve(dir, '..', '..');
  const checked = new Map<string, Promise<string | undefined>>();
  const check = async (entry: SharedAsset): Promise<string | undefined> => {
    const file = resolve(dir, entry.source);
    if (relative(packageRoot, file).startsWith('..') || file.split(sep).some((part) => part.startsWith('.') && part !== '.' && part !== '..')) return undefined;
    try {
      if (realpathSync(file) !== file || !statSync(file).isFile() || statSync(file).size !== entry.size) return undefined;
      return (await sha256Of(file)) === entry.sha256 ? file : undefined;
    } catch {
      return undefined;
    }
  };
  return (asset) => {
    const entry = Object.hasOwn(table, asset) ? table[asset] : undefined;
    if (!entry || typeof entry.source !== 'string') return Promise.resolve(undefined);
    let found = checked.get(asset);
    if (!found) checked.set(asset, (found = check(entry)));
    return found;
  };
}
