// Where the PyTorch fixtures and shared data live: ATTNLAB_TORCH_FIXTURES, else ../shared beside the repo.
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const sharedDir = resolve(repoRoot, '../shared');
export const torchFixturesDir = process.env.ATTNLAB_TORCH_FIXTURES
  ? resolve(process.env.ATTNLAB_TORCH_FIXTURES)
  : resolve(sharedDir, 'fixtures/torch');
