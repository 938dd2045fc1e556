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

/** An unsigned LEB128 number, as WebAssembly writes sizes. */
function leb(n: number): number[] {
  const out: number[] = [];
  do {
    out.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  return out;
}
/** A section of a WebAssembly module: id, byte length, contents. */
const section = (id: number, ...bytes: number[]): number[] => [id, ...leb(bytes.length), ...bytes];
const name = (text: string): number[] => [text.length, ...Buffer.from(text, 'latin1')];
const I32 = 0x7f;
/** local.get / local.set / i32.const / i32.store8 (align 1, offset) / memory.copy. */
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const store8 = (offset: number) => [0x3a, 0x00, offset];
const MEMORY_COPY = [0xfc, 0x0a, 0x00, 0x00];
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;

/**
 * copy(dst, src, length): memory.copy (bulk memory, in every engine Node 24 and Electron ship).
 *
 * packets(dst, src, n, pid, cc) → cc: n whole TS packets that continue a PES (no payload_unit_start,
 * no adaptation field): the 4-byte header (sync byte, PID, continuity counter cc, cc + 1, …) and 184
 * payload bytes from src each; returns the next counter. One call for a run of packets instead of one
 * per packet: the packetizer's inner loop (mp2t/packetizer.ts).
 */
const copyBody = [0x00, ...get(0), ...get(1), ...get(2), ...MEMORY_COPY, 0x0b];
const packetsBody = [
  0x00, // no locals beyond the parameters: 0 dst, 1 src, 2 n, 3 pid, 4 cc
  0x02, 0x40, 0x03, 0x40, // block, loop
  ...get(2), 0x45, 0x0d, 0x01, // n == 0: leave
  ...get(0), 0x41, 0xc7, 0x00, ...store8(0), // dst[0] = 0x47
  ...get(0), ...get(3), 0x41, 0x08, 0x76, ...store8(1), // dst[1] = pid >> 8
  ...get(0), ...get(3), ...store8(2), // dst[2] = pid (low byte)
  ...get(0), ...get(4), 0x41, 0x10, 0x72, ...store8(3), // dst[3] = 0x10 (payload only) | cc
  ...get(0), 0x41, 0x04, I32_ADD, ...get(1), 0x41, 0xb8, 0x01, ...MEMORY_COPY, // dst + 4 ← src, 184 bytes
  ...get(4), 0x41, 0x01, I32_ADD, 0x41, 0x0f, 0x71, ...set(4), // cc = (cc + 1) & 15
  ...get(0), 0x41, 0xbc, 0x01, I32_ADD, ...set(0), // dst += 188
  ...get(1), 0x41, 0xb8, 0x01, I32_ADD, ...set(1), // src += 184
  ...get(2), 0x41, 0x01, I32_SUB, ...set(2), // n -= 1
  0x0c, 0x00, 0x0b, 0x0b, // br loop; end loop; end block
  ...get(4), 0x0b, // return cc
];
const COPY_MODULE = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  ...section(1, 2, 0x60, 3, I32, I32, I32, 0x00, 0x60, 5, I32, I32, I32, I32, I32, 1, I32), // types
  ...section(2, 1, ...name('env'), ...name('memory'), 0x02, 0x00, 0x01), // import env.memory, ≥ 1 page
  ...section(3, 2, 0, 1), // function 0: type 0, function 1: type 1
  ...section(7, 2, ...name('copy'), 0x00, 0, ...name('packets'), 0x00, 1), // exports
  ...section(10, 2, ...leb(copyBody.length), ...copyBody, ...leb(packetsBody.length), ...packetsBody), // code
]);

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
  private readonly wasmPackets: (dst: number, src: number, n: number, pid: number, cc: number) => number;

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
    this.wasmPackets = instance.exports.packets as (dst: number, src: number, n: number, pid: number, cc: number) => number;
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

  /**
   * Writes `n` whole continuation packets of `pid` at dst[at…], their payloads from src[start…] (184
   * bytes each), counters from `cc`; returns the next counter. Both views in the arena, bounds checked.
   */
  packets(src: Uint8Array, start: number, dst: Uint8Array, at: number, n: number, pid: number, cc: number): number {
    if (n < 0 || start < 0 || start + n * 184 > src.length || at < 0 || at + n * 188 > dst.length) {
      throw new RangeError(`CopyArena: ${n} packets from ${start} of ${src.length} bytes to ${at} of ${dst.length} are out of bounds`);
    }
    return this.wasmPackets(dst.byteOffset + at, src.byteOffset + start, n, pid, cc);
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
