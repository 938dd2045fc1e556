/**
 * A fixed block of memory for the origin's reusable buffers (file chunks, TS samples and packets),
 * with a copy routine that runs as WebAssembly over it.
 *
 * Why: the packetizer copies each sample into 184-byte packet payloads, about 6,400 copies for a
 * 1.2 MB segment. Through Buffer.copy or TypedArray.set each costs ~30–50 ns, nearly all of it the
 * call's own overhead (argument checks, view unwrapping, a handle scope), not the bytes; the profile
 * of an uncached TS origin put a quarter of its CPU there. A call into WebAssembly's memory.copy costs
 * ~7 ns, but it can only copy within its own memory: so the samples are read into, and the packets
 * written into, buffers that live in that memory.
 *
 * The memory never grows (growing would detach the ArrayBuffer under buffers a socket is still
 * writing). Buffers are handed out in granules; when the arena is full, acquire() falls back to the
 * given pool (and the packetizer copies with Buffer.copy), so a burst past the arena is slower, never
 * refused. Every arena buffer must be released: the collector cannot take it back (the arena keeps
 * the memory), so a lost one stays used until the process ends; `usedBytes` is reported with the
 * origin's other memory figures, where a leak would show.
 */
import { type BytePool, SHARED_GRANULE, sharedBufferPool } from './buffer-pool.ts';
import { ORIGIN_MEMORY } from './memory-budget.ts';

/**
 * The module: imports env.memory, exports copy(dst, src, length) = memory.copy (bulk memory, in every
 * engine Node 24 and Electron ship). Hand-assembled: it is these 80 bytes, no toolchain needed.
 */
const COPY_MODULE = Uint8Array.of(
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  0x01, 0x07, 0x01, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x00, // type 0: (i32, i32, i32) → ()
  0x02, 0x0f, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x01, // import env.memory, ≥ 1 page
  0x03, 0x02, 0x01, 0x00, // function 0 has type 0
  0x07, 0x08, 0x01, 0x04, 0x63, 0x6f, 0x70, 0x79, 0x00, 0x00, // export "copy" = function 0
  0x0a, 0x0e, 0x01, 0x0c, 0x00, // code: one body of 12 bytes, no locals
  0x20, 0x00, 0x20, 0x01, 0x20, 0x02, // local.get dst, src, length
  0xfc, 0x0a, 0x00, 0x00, // memory.copy
  0x0b, // end
);

/** The WebAssembly JS API as used here (the Node side's TypeScript libs do not describe it). */
declare const WebAssembly: {
  Memory: new (descriptor: { initial: number; maximum: number }) => { readonly buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
};

const PAGE = 65536;

export interface CopyArenaOptions {
  /** Size of the arena (a multiple of `granule`). */
  readonly bytes: number;
  /** Buffers are whole granules (a multiple of 64 KiB). */
  readonly granule: number;
  /** Where buffers come from when the arena is full. */
  readonly fallback: BytePool;
}

export class CopyArena implements BytePool {
  private readonly granule: number;
  private readonly fallback: BytePool;
  private readonly memory: ArrayBuffer;
  /** The whole arena as one Buffer: acquire() hands out subarrays of it. */
  private readonly whole: Buffer;
  /** runs[g] = granules of the buffer starting at granule g (0: none starts there); free when 0 in `used`. */
  private readonly runs: Uint16Array;
  private readonly used: Uint8Array;
  private usedGranules = 0;
  private readonly wasmCopy: (dst: number, src: number, length: number) => void;

  constructor(options: CopyArenaOptions) {
    if (options.granule % PAGE !== 0 || options.bytes % options.granule !== 0) {
      throw new RangeError(`CopyArena: ${options.bytes} bytes in granules of ${options.granule} (whole 64 KiB pages) do not fit`);
    }
    this.granule = options.granule;
    this.fallback = options.fallback;
    const pages = options.bytes / PAGE;
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(COPY_MODULE), { env: { memory } });
    this.wasmCopy = instance.exports.copy as (dst: number, src: number, length: number) => void;
    this.memory = memory.buffer;
    this.whole = Buffer.from(this.memory);
    const granules = options.bytes / options.granule;
    this.runs = new Uint16Array(granules);
    this.used = new Uint8Array(granules);
  }

  /** Bytes of arena buffers handed out and not released. */
  get usedBytes(): number {
    return this.usedGranules * this.granule;
  }

  /** Free bytes: the arena's free granules and the fallback pool's idle buffers. */
  get idleBytes(): number {
    return this.whole.length - this.usedBytes + this.fallback.idleBytes;
  }

  /** Whether `view` lies in the arena (copies between two such views run in WebAssembly). */
  holds(view: Uint8Array): boolean {
    return view.buffer === this.memory;
  }

  /** A buffer of at least `size` bytes: in the arena when a run of free granules fits, else from the fallback. */
  acquire(size: number): Buffer {
    const need = Math.max(1, Math.ceil(size / this.granule));
    const used = this.used;
    for (let g = 0, free = 0; g < used.length; g++) {
      free = used[g] === 0 ? free + 1 : 0;
      if (free === need) {
        const first = g - need + 1;
        used.fill(1, first, g + 1);
        this.runs[first] = need;
        this.usedGranules += need;
        return this.whole.subarray(first * this.granule, (g + 1) * this.granule);
      }
    }
    return this.fallback.acquire(size);
  }

  /** Gives a buffer from acquire() back (the whole of it, not a subarray). */
  release(buffer: Buffer): void {
    if (buffer.buffer !== this.memory) return this.fallback.release(buffer);
    const first = buffer.byteOffset / this.granule;
    const count = this.runs[first] ?? 0;
    // A second release, or a view that was not handed out: nothing to free.
    if (!Number.isInteger(first) || count === 0 || buffer.length !== count * this.granule) return;
    this.runs[first] = 0;
    this.used.fill(0, first, first + count);
    this.usedGranules -= count;
  }

  /**
   * Copies src[start, end) to dst at `at`, both views in the arena (the caller checked with holds()).
   * memory.copy only knows the arena's bounds, so the views' own are checked here: a wrong position
   * throws rather than overwriting a neighbouring buffer.
   */
  copy(src: Uint8Array, start: number, end: number, dst: Uint8Array, at: number): void {
    if (start < 0 || end > src.length || start > end || at < 0 || at + (end - start) > dst.length) {
      throw new RangeError(`CopyArena: copy of [${start}, ${end}) of ${src.length} bytes to ${at} of ${dst.length} is out of bounds`);
    }
    this.wasmCopy(dst.byteOffset + at, src.byteOffset + start, end - start);
  }
}

/**
 * The origin's byte arena: the buffers of its byte shuffling (file ranges on their way to sockets, the
 * samples of a TS segment and its packets), so that the one reserve serves all of them and the TS
 * packetizer's copies run in WebAssembly. Sized in memory-budget.ts; resident once used.
 */
export const BYTE_ARENA_BYTES = ORIGIN_MEMORY.byteArena;
let arena: CopyArena | null = null;

/** The process's byte arena, made on first use. */
export function byteArena(): CopyArena {
  arena ??= new CopyArena({ bytes: BYTE_ARENA_BYTES, granule: SHARED_GRANULE, fallback: sharedBufferPool });
  return arena;
}
