#!/usr/bin/env node
// Runs test folders under the webgpu backend when it can run here (scripts/_webgpu-env.mjs: the optional
// `webgpu` package and a Vulkan driver, SwiftShader on a CPU-only machine). Otherwise prints why it skips and
// exits 0. Default: the conformance suite; extra arguments replace the folders.
import { spawnSync } from 'node:child_process';
import { webgpuEnv } from './_webgpu-env.mjs';

const { env, skip } = webgpuEnv({ ...process.env, ATTNLAB_BACKEND: 'webgpu' });
if (skip) {
  console.log(`# skip webgpu tests: ${skip}`);
  process.exit(0);
}
const folders = process.argv.slice(2).length ? process.argv.slice(2) : ['test/conformance'];
console.log(`# webgpu tests (VK_ICD_FILENAMES=${env.VK_ICD_FILENAMES}): ${folders.join(' ')}`);
const r = spawnSync(process.execPath, ['scripts/run-tests.mjs', ...folders], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
