// Build-time record of the explorer assets that are copies of the package's own data files (the word vectors,
// the trained models): explorer/dist/.attnlab-shared.json maps each such asset to its source file and that file's
// size and SHA-256. The npm package leaves those copies out (package.json "files"), so each file ships once, and
// `attn explore` serves an asset missing from the build from its source after checking the digest.
// Not a copy step: the build folder itself stays complete, so it can still be hosted as plain static files.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';

/** The manifest's name inside the build folder (a dotfile: the explorer server never serves it). */
export const SHARED_MANIFEST = '.attnlab-shared.json';

/** One asset of the build that is a byte-for-byte copy of a file in data/. */
export interface SharedAsset {
  /** The source, relative to the build folder (e.g. ../../data/glove-6b-100d-50k.f16.attnvec). */
  source: string;
  size: number;
  sha256: string;
}

/** After the build is written, record which assets came from files under `dataDir`. */
export function sharedAssetsPlugin(dataDir: string): Plugin {
  const data = resolve(dataDir) + sep;
  let root = process.cwd(); // Vite names an asset's original file relative to its root
  return {
    name: 'attnlab-shared-assets',
    apply: 'build',
    configResolved(config) {
      root = config.root;
    },
    writeBundle(options, bundle) {
      const outDir = resolve(options.dir ?? 'dist');
      const shared: Record<string, SharedAsset> = {};
      for (const item of Object.values(bundle)) {
        if (item.type !== 'asset') continue;
        const from = item.originalFileNames.map((f) => resolve(root, f)).find((f) => f.startsWith(data));
        if (!from) continue;
        const bytes = readFileSync(from);
        shared[item.fileName] = { source: relative(outDir, from).split(sep).join('/'), size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
      }
      writeFileSync(join(outDir, SHARED_MANIFEST), JSON.stringify(shared, null, 1) + '\n');
    },
  };
}
