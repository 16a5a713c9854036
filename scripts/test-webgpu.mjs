#!/usr/bin/env node
// Runs the conformance suite under the webgpu backend when it can run here: the optional `webgpu` package is
// installed and a Vulkan driver is at hand — on a CPU-only machine SwiftShader, which Debian's chromium ships
// (with its own libvulkan.so.1). Otherwise prints why it skips and exits 0. Extra arguments replace the folders.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';

const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';
const skip = (why) => {
  console.log(`# skip webgpu tests: ${why}`);
  process.exit(0);
};

try {
  createRequire(import.meta.url).resolve('webgpu');
} catch {
  skip("the optional 'webgpu' package is not installed");
}
const env = { ...process.env, ATTNLAB_BACKEND: 'webgpu' };
// A driver the user chose (VK_ICD_FILENAMES, or a real GPU's) wins; else SwiftShader where chromium has it.
if (!env.VK_ICD_FILENAMES) {
  if (!existsSync(SWIFTSHADER)) skip(`VK_ICD_FILENAMES is not set and ${SWIFTSHADER} (apt-get install chromium) is absent`);
  env.VK_ICD_FILENAMES = SWIFTSHADER;
}
// Dawn loads libvulkan.so.1; without Debian's libvulkan1 package, chromium's copy beside the ICD serves.
if (env.VK_ICD_FILENAMES === SWIFTSHADER && existsSync('/usr/lib/chromium/libvulkan.so.1')) {
  env.LD_LIBRARY_PATH = ['/usr/lib/chromium', env.LD_LIBRARY_PATH].filter(Boolean).join(':');
}
const folders = process.argv.slice(2).length ? process.argv.slice(2) : ['test/conformance'];
console.log(`# webgpu tests (VK_ICD_FILENAMES=${env.VK_ICD_FILENAMES}): ${folders.join(' ')}`);
const r = spawnSync(process.execPath, ['scripts/run-tests.mjs', ...folders], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
