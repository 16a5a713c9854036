// The wasm backend's allocator over one WebAssembly.Memory: first-fit free list with coalescing, 16-byte
// aligned blocks, growing the memory when the top is reached. Not thread-safe (only the main thread
// allocates; workers only run kernels), and not a general malloc: no realloc, no size classes.

const PAGE = 65536;
/** wasm32 addresses 4 GiB: 65,536 pages of 64 KiB. */
export const MAX_BYTES = 4 * 1024 * 1024 * 1024;

export class Allocator {
  /** Free blocks sorted by address, never adjacent (coalesced). */
  private readonly freeList: { ptr: number; size: number }[] = [];
  private readonly sizes = new Map<number, number>();
  private top: number;
  private used = 0;

  /** Manage memory from `base` (the module's __heap_base) upwards. */
  constructor(private readonly memory: WebAssembly.Memory, base: number) {
    this.top = align(base);
  }

  /** A 16-byte aligned block of at least `bytes` bytes (0 gives a valid 16-byte block). */
  alloc(bytes: number): number {
    const size = align(Math.max(bytes, 1));
    for (let i = 0; i < this.freeList.length; i++) {
      const f = this.freeList[i];
      if (f.size < size) continue;
      const ptr = f.ptr;
      if (f.size === size) this.freeList.splice(i, 1);
      else { f.ptr += size; f.size -= size; }
      return this.take(ptr, size);
    }
    const ptr = this.top;
    if (ptr + size > MAX_BYTES) {
      throw new RangeError(`wasm alloc(${bytes}): needs ${fmt(ptr + size)} of memory, more than the 4 GiB wasm32 can address ` +
        `(${fmt(this.used)} in use); use the js backend or a smaller model/batch`);
    }
    const have = this.memory.buffer.byteLength;
    if (ptr + size > have) {
      // Grow by at least a quarter of the current size, so a run of allocations grows rarely.
      const need = Math.ceil((ptr + size - have) / PAGE);
      const pages = Math.min(Math.max(need, Math.ceil(have / PAGE / 4)), MAX_BYTES / PAGE - have / PAGE);
      this.memory.grow(pages);
    }
    this.top += size;
    return this.take(ptr, size);
  }

  /** Return a block from alloc; freeing twice or a foreign pointer throws. */
  free(ptr: number): void {
    const size = this.sizes.get(ptr);
    if (size === undefined) throw new Error(`wasm free(${ptr}): not a live allocation`);
    this.sizes.delete(ptr);
    this.used -= size;
    const fl = this.freeList;
    let i = 0;
    while (i < fl.length && fl[i].ptr < ptr) i++;
    const prev = fl[i - 1], next = fl[i];
    let block = { ptr, size };
    if (prev && prev.ptr + prev.size === ptr) { prev.size += size; block = prev; }
    else fl.splice(i++, 0, block);
    if (next && block.ptr + block.size === next.ptr) { block.size += next.size; fl.splice(i, 1); }
    // A free block at the top goes back to the bump region.
    const last = fl[fl.length - 1];
    if (last && last.ptr + last.size === this.top) { this.top = last.ptr; fl.pop(); }
  }

  /** Bytes in live allocations, and the high-water mark of the heap. */
  stats(): { usedBytes: number; topBytes: number; blocks: number } {
    return { usedBytes: this.used, topBytes: this.top, blocks: this.sizes.size };
  }

  private take(ptr: number, size: number): number {
    this.sizes.set(ptr, size);
    this.used += size;
    return ptr;
  }
}

const align = (n: number): number => Math.ceil(n / 16) * 16;
const fmt = (n: number): string => `${(n / 2 ** 30).toFixed(2)} GiB`;
