// Node only. Finds attnlab's package root — the nearest ancestor folder whose package.json is named
// "attnlab" — so bundled data and the cache are found both from src/ (tsx) and from dist/src/ (built).
// Not a general package resolver.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AttnError } from '../errors.js';

let cached: string | undefined;

/**
 * The absolute path of attnlab's package root (looked up once from this file's location).
 * @example join(packageRoot(), 'data', 'glove-6b-100d-50k.f16.attnvec')
 */
export function packageRoot(): string {
  return (cached ??= findPackageRoot(dirname(fileURLToPath(import.meta.url))));
}

/**
 * The nearest folder at or above `from` whose package.json is named "attnlab".
 * @example findPackageRoot('/work/main/dist/src/node') // '/work/main'
 */
export function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'attnlab') return dir;
      } catch {
        // an unreadable package.json is not ours; keep climbing
      }
    }
    if (dirname(dir) === dir) throw new AttnError('E_NOT_FOUND', `packageRoot: no package.json named "attnlab" at or above ${from}`);
  }
}
