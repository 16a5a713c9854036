// Reads the fixtures made by scripts/fixtures/make_train_fixtures.py (test/fixtures/train/).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../fixtures-dir.js';

export const trainFixturesDir = join(repoRoot, 'test/fixtures/train');

/** Every fixture in test/fixtures/train whose file name starts with `prefix`, parsed. */
export function trainFixtures(prefix: string): [string, any][] {
  return readdirSync(trainFixturesDir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
    .sort()
    .map((f) => [f, JSON.parse(readFileSync(join(trainFixturesDir, f), 'utf8'))]);
}
