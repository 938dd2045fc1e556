/**
 * Reusable scratch buffers for the per-request byte shuffling of the origin (file ranges on their way
 * to a socket, samples on their way into TS packets). A fresh multi-megabyte Buffer per request costs
 * page faults on first touch, garbage-collector work, and — because glibc raises its mmap threshold
 * after freeing such blocks — heap fragmentation that keeps the process RSS high long after the
 * requests are gone. Recycling a few buffers avoids all three.
 *
 * A buffer that is never released (a client vanished mid-write) is simply collected: the pool only
 * remembers the free ones, so forgetting a release costs an allocation, never a leak.
 */
import { ORIGIN_MEMORY } from './memory-budget.ts';

export interface BufferPoolOptions {
  /** Buffers are allocated in multiples of this size, so nearby requests fit the same buffers. */
  readonly granule: number;
  /** Most bytes kept in free buffers; releases beyond it are dropped for the collector. */
  readonly maxFreeBytes: number;
}

/** Where reusable buffers come from: a BufferPool, or an arena in front of one (copy-arena.ts). */
export interface BytePool {
  /** A buffer of at least `size` bytes with unspecified content; use `subarray(0, size)`. */
  acquire(size: number): Buffer;
  /** Gives a buffer from acquire() back; the caller must not touch it afterwards. */
  release(buffer: Buffer): void;
  /** Bytes held by free buffers, for memory reports. */
  readonly idleBytes: number;
}

/** The granule of the shared pool: file chunks, TS samples, built and streamed TS segments. */
export const SHARED_GRANULE = 256 << 10;

export class BufferPool implements BytePool {
  private readonly free: Buffer[] = [];
  private freeBytes = 0;
  private readonly options: BufferPoolOptions;

  constructor(options: BufferPoolOptions) {
    this.options = options;
  }

  /** Bytes held by free buffers, for memory reports. */
  get idleBytes(): number {
    return this.freeBytes;
  }

  /**
   * A buffer of at least `size` bytes with unspecified content; use `subarray(0, size)`. A free one is
   * reused only when it is less than a granule longer than asked: a much bigger one would hold memory
   * its user does not count (the TS cache bounds its segments by their buffers: 1.2 MB segments built
   * into idle 3.75 MB buffers filled it with a third of what it should hold).
   */
  acquire(size: number): Buffer {
    let best = -1;
    const granule = this.options.granule;
    for (let i = 0; i < this.free.length; i++) {
      const length = this.free[i]!.length;
      if (length >= size && length - size < granule && (best < 0 || length < this.free[best]!.length)) best = i;
    }
    if (best >= 0) {
      const buffer = this.free[best]!;
      this.free[best] = this.free[this.free.length - 1]!;
      this.free.pop();
      this.freeBytes -= buffer.length;
      return buffer;
    }
    return Buffer.allocUnsafeSlow(Math.max(granule, Math.ceil(size / granule) * granule));
  }

  /** Gives a buffer from acquire() back; the caller must not touch it afterwards. */
  release(buffer: Buffer): void {
    if (this.free.includes(buffer)) return;
    if (this.freeBytes + buffer.length > this.options.maxFreeBytes) {
      // Keep the pool's bound by dropping the smallest free buffers first: big ones are the costly ones.
      this.free.sort((a, b) => a.length - b.length);
      while (this.free.length > 0 && this.freeBytes + buffer.length > this.options.maxFreeBytes) {
        const dropped = this.free.shift()!;
        this.freeBytes -= dropped.length;
        freeNow(dropped);
      }
      if (this.freeBytes + buffer.length > this.options.maxFreeBytes) return freeNow(buffer);
    }
    this.free.push(buffer);
    this.freeBytes += buffer.length;
  }
}

/**
 * Returns a dropped buffer's memory now rather than at the collector's next full collection: V8 only
 * runs one when tens of MiB of outside memory have piled up since the last, and under load the
 * dropped buffers were that pile (the bench saw the RSS swing by 40 MiB). Detaching the buffer's
 * ArrayBuffer (transfer to length 0) frees its memory at once. Only a buffer that is its whole
 * ArrayBuffer (as acquire() makes them) is detached; any other view is left to the collector.
 */
function freeNow(buffer: Buffer): void {
  if (buffer.byteOffset === 0 && buffer.buffer.byteLength === buffer.length && buffer.buffer instanceof ArrayBuffer) buffer.buffer.transfer(0);
}

/**
 * The pool behind the byte arena (copy-arena.ts, where the origin's byte shuffling happens): buffers
 * for built TS segments (the segment cache) and for bursts past the arena. It keeps little idle (4
 * MiB, memory-budget.ts): the arena is the standing reserve, and a dropped buffer is freed at once.
 */
export const sharedBufferPool = new BufferPool({ granule: SHARED_GRANULE, maxFreeBytes: ORIGIN_MEMORY.idleBuffers });
