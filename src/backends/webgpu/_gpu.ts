// Private: the small part of the WebGPU API this backend uses, typed structurally, so the library compiles
// (and its .d.ts files resolve) without `@webgpu/types` or the optional `webgpu` package installed.
// Not a full binding: add members here as kernels need them. Flag values are the spec's constants.

export const BufferUsage = { MAP_READ: 0x1, COPY_SRC: 0x4, COPY_DST: 0x8, STORAGE: 0x80 } as const;
export const MapMode = { READ: 0x1 } as const;

export interface GPUBufferLike {
  readonly size: number;
  mapAsync(mode: number): Promise<void>;
  getMappedRange(offset?: number, size?: number): ArrayBuffer;
  unmap(): void;
  destroy(): void;
}

export interface GPUBindingLike {
  binding: number;
  resource: { buffer: GPUBufferLike; offset?: number; size?: number };
}

export interface GPUPipelineLike {
  getBindGroupLayout(index: number): unknown;
}

export interface GPUComputePassLike {
  setPipeline(p: GPUPipelineLike): void;
  setBindGroup(index: number, group: unknown): void;
  dispatchWorkgroups(x: number, y?: number, z?: number): void;
  end(): void;
}

export interface GPUCommandEncoderLike {
  beginComputePass(): GPUComputePassLike;
  copyBufferToBuffer(src: GPUBufferLike, srcOffset: number, dst: GPUBufferLike, dstOffset: number, size: number): void;
  clearBuffer(buf: GPUBufferLike, offset?: number, size?: number): void;
  finish(): unknown;
}

export interface GPUDeviceLike {
  readonly limits: Record<string, number>;
  readonly queue: {
    submit(buffers: unknown[]): void;
    writeBuffer(buf: GPUBufferLike, offset: number, data: ArrayBufferView | ArrayBuffer, dataOffset?: number, size?: number): void;
    onSubmittedWorkDone(): Promise<void>;
  };
  createBuffer(desc: { size: number; usage: number; mappedAtCreation?: boolean }): GPUBufferLike;
  createShaderModule(desc: { code: string }): unknown;
  createComputePipeline(desc: { layout: 'auto'; compute: { module: unknown; entryPoint: string } }): GPUPipelineLike;
  createBindGroup(desc: { layout: unknown; entries: GPUBindingLike[] }): unknown;
  createCommandEncoder(): GPUCommandEncoderLike;
  pushErrorScope(filter: 'validation' | 'out-of-memory' | 'internal'): void;
  popErrorScope(): Promise<{ message: string } | null>;
  addEventListener?(type: 'uncapturederror', f: (e: { error: { message: string } }) => void): void;
  onuncapturederror?: ((e: { error: { message: string } }) => void) | null;
  destroy(): void;
}

export interface GPUAdapterLike {
  readonly limits: Record<string, number>;
  readonly info?: { vendor?: string; architecture?: string; device?: string; description?: string };
  requestDevice(desc?: { requiredLimits?: Record<string, number> }): Promise<GPUDeviceLike>;
}

export interface GPULike {
  requestAdapter(opts?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<GPUAdapterLike | null>;
}
