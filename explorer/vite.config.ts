// Vite config for the explorer: a static app in explorer/dist that imports the library's public entry
// (`attnlab` → src/index.ts) and ships the bundled vectors, and the trained models found in data/models/,
// as content-hashed assets of its own origin.
// Not a dev-server setup for the library itself: only the explorer is built here.
import { defineConfig } from 'vite';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { modelsPlugin } from './models-plugin';
import { sharedAssetsPlugin } from './shared-assets-plugin';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '..');
const bundled = resolve(root, 'data/glove-6b-100d-50k.f16.attnvec');
/** The bundled vectors; ATTNLAB_EXPLORER_VECTORS overrides (a file in the same format). */
export const vectorsFile = process.env.ATTNLAB_EXPLORER_VECTORS ?? bundled;
/** Where the trained models are looked for (each in its own folder with config.json); ATTNLAB_EXPLORER_MODELS overrides. */
export const modelsDir = resolve(process.env.ATTNLAB_EXPLORER_MODELS ?? resolve(root, 'data/models'));

if (!existsSync(vectorsFile)) {
  throw new Error(`explorer: the word vectors ${vectorsFile} are missing (node scripts/build-default-embeddings.mjs rebuilds the bundled file)`);
}

export default defineConfig({
  root: here,
  base: './', // the static build can be hosted under any path
  publicDir: false,
  plugins: [modelsPlugin(modelsDir), sharedAssetsPlugin(resolve(root, 'data'))],
  resolve: {
    alias: [
      { find: /^attnlab$/, replacement: resolve(root, 'src/index.ts') },
      // `import url from 'attnlab-vectors?url'` in the worker: Vite hashes the file name, so the
      // Cache API entry changes exactly when the vectors do.
      { find: /^attnlab-vectors/, replacement: vectorsFile },
    ],
  },
  worker: { format: 'es' },
  build: {
    outDir: resolve(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 800,
    reportCompressedSize: false,
  },
  server: { host: '127.0.0.1', fs: { allow: [root, modelsDir] } },
  preview: { host: '127.0.0.1' },
});
