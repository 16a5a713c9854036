// Finding a WebGPU device: `navigator.gpu` in a browser, else the optional `webgpu` package (Dawn) in Node,
// imported here and nowhere else, by a computed specifier so that neither tsc nor a bundler pulls it in.
// Not a device manager: one device per backend; `destroy` on the backend releases it.
import { AttnError } from '../../errors.js';
import type { GPUDeviceLike, GPULike } from './_gpu.js';

export interface GpuDevice {
  device: GPUDeviceLike;
  /** The adapter as its driver names it, e.g. 'SwiftShader driver 5.0.0' (SwiftShader, the CPU Vulkan driver). */
  adapter: string;
  /** The GPU and adapter objects, held for the device's lifetime: in Dawn the device does not keep its instance
   *  alive, and a collected instance takes its threads' mutexes with it (the process aborts a little later). */
  keepAlive: readonly unknown[];
}

async function findGpu(): Promise<GPULike> {
  const g = globalThis as { navigator?: { gpu?: GPULike }; process?: { platform?: string } };
  if (g.navigator?.gpu) return g.navigator.gpu;
  const spec = 'webgpu';
  let mod: { create(flags: string[]): GPULike };
  try {
    mod = await import(/* @vite-ignore */ spec);
  } catch (e) {
    throw new AttnError('E_UNSUPPORTED', `webgpu backend: no navigator.gpu, and the optional 'webgpu' package does not load (${(e as Error).message.split('\n')[0]}); install it with npm install webgpu`);
  }
  // Vulkan finds a real GPU where a driver is installed, and SwiftShader (the CPU driver) when VK_ICD_FILENAMES
  // names it; macOS has Metal, which Dawn picks by default.
  return mod.create(g.process?.platform === 'darwin' ? [] : ['backend=vulkan']);
}

/** The highest-performance adapter's device, with the adapter's buffer limits (the defaults cap a binding at 128 MiB). */
export async function requestDevice(): Promise<GpuDevice> {
  const gpu = await findGpu();
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter && gpu === (globalThis as { navigator?: { gpu?: GPULike } }).navigator?.gpu) {
    throw new AttnError('E_UNSUPPORTED', 'webgpu backend: navigator.gpu gives no adapter (the browser has WebGPU off for this GPU or driver; Chromium on Linux needs --enable-unsafe-webgpu)');
  }
  if (!adapter) {
    throw new AttnError('E_UNSUPPORTED', 'webgpu backend: no WebGPU adapter (without a GPU, point VK_ICD_FILENAMES at SwiftShader, e.g. /usr/lib/chromium/vk_swiftshader_icd.json, and make libvulkan.so.1 loadable)');
  }
  const want = ['maxBufferSize', 'maxStorageBufferBindingSize', 'maxStorageBuffersPerShaderStage'];
  const requiredLimits = Object.fromEntries(want.filter((k) => adapter.limits[k]).map((k) => [k, adapter.limits[k]]));
  const device = await adapter.requestDevice({ requiredLimits });
  const i = adapter.info ?? {};
  const name = i.description || [i.vendor, i.architecture, i.device].filter(Boolean).join(' ') || 'unknown adapter';
  return { device, adapter: name, keepAlive: [gpu, adapter] };
}
