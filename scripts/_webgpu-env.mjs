// Where the webgpu backend can run in Node, and the environment it needs: the optional `webgpu` package, and a
// Vulkan driver — the user's (VK_ICD_FILENAMES, or a real GPU's), else SwiftShader, the CPU driver that Debian's
// chromium ships with its own libvulkan.so.1. Shared by scripts/test-webgpu.mjs and the CLI's webgpu test; it
// does not start a device (whether the driver gives an adapter is known only by asking it).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** `{ env }`: `base` plus what the driver needs; or `{ skip }`: why webgpu cannot run here. */
export function webgpuEnv(base = process.env) {
  try {
    createRequire(import.meta.url).resolve('webgpu');
  } catch {
    return { skip: "the optional 'webgpu' package is not installed" };
  }
  const env = { ...base };
  if (!env.VK_ICD_FILENAMES) {
    if (!existsSync(SWIFTSHADER)) return { skip: `VK_ICD_FILENAMES is not set and ${SWIFTSHADER} (apt-get install chromium) is absent` };
    env.VK_ICD_FILENAMES = SWIFTSHADER;
  }
  // Dawn loads libvulkan.so.1; without Debian's libvulkan1 package, chromium's copy beside the ICD serves.
  if (env.VK_ICD_FILENAMES === SWIFTSHADER && existsSync('/usr/lib/chromium/libvulkan.so.1')) {
    env.LD_LIBRARY_PATH = ['/usr/lib/chromium', env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  }
  return { env };
}
