/**
 * Built MPEG-TS segments, kept by bytes in least-recently-used order, in recycled buffers.
 *
 * Unlike fMP4, where only the header is built and the samples stream from the file, a TS segment
 * re-writes every sample byte into 188-byte packets; an origin serves the same few segments to every
 * viewer of an asset (and to the HEAD and Range requests that follow a GET), so building each once is
 * the larger part of TS throughput. Concurrent requests for a segment being built share that build.
 *
 * Each request gets a lease on the bytes and gives it back when its response is done. A buffer
 * returns to the pool only when it is out of the cache and no response is still writing it, and
 * only if every response finished normally: after an aborted one it is left to the collector, so a
 * buffer the socket layer might still read is never reused. Forgetting a lease costs a reuse, never
 * correctness.
 *
 * The packager limits how many segments are read and built at a time (package-request.ts). Segments
 * the cache would not keep (it is off, or they are over half its bound) are not built here at all:
 * they are streamed to the client as they are written (mp2t/stream-segment.ts).
 *
 * Entries are keyed by the presentation object (the presentation cache replaces it when the asset's
 * files change, and a filtered presentation is an object of its own) and the request's tag.
 */
import { type BufferPool, sharedBufferPool } from '../io/buffer-pool.ts';
import { presentationId } from '../presentation/presentation-id.ts';
import type { Presentation } from '../types/media.ts';

/** The bytes of one segment for one response; release once, when the response is done with them. */
export interface SegmentLease {
  readonly bytes: Uint8Array;
  /** `reusable` false when the response was aborted: the buffer then never goes back to the pool. */
  release(reusable: boolean): void;
}

/** Allocates the output buffer of a build (it may be longer than asked; use the first `size` bytes). */
export type Allocate = (size: number) => Buffer;

interface Entry {
  readonly key: string;
  readonly buffer: Buffer;
  readonly bytes: Uint8Array;
  holders: number;
  cached: boolean;
  reusable: boolean;
}

export class BuiltSegments {
  private readonly entries = new Map<string, Entry>();
  /** Builds in flight, with how many requests wait for each (their leases are taken at completion). */
  private readonly pending = new Map<string, { work: Promise<Entry>; waiting: { count: number } }>();
  private readonly pool: BufferPool;
  private heldBytes = 0;
  readonly maxBytes: number;

  /** `maxBytes` 0 turns caching off: every request builds its own segment (still in recycled buffers). */
  constructor(maxBytes: number, pool: BufferPool = sharedBufferPool) {
    this.maxBytes = maxBytes;
    this.pool = pool;
  }

  /** Bytes of the buffers the cache holds. */
  get bytes(): number {
    return this.heldBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Free buffers kept for the next builds. */
  get idleBytes(): number {
    return this.pool.idleBytes;
  }

  /**
   * Whether a segment of `size` bytes is kept: one segment may take half the bound, so a huge one
   * never empties the cache (it is streamed instead).
   */
  keeps(size: number): boolean {
    return this.maxBytes > 0 && size <= this.maxBytes / 2;
  }

  /** A lease on a kept segment, or on one being built, without building; undefined when neither. */
  lookup(p: Presentation, tag: string): Promise<SegmentLease> | undefined {
    if (this.maxBytes <= 0) return undefined;
    const key = `${presentationId(p)}\0${tag}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return Promise.resolve(this.lease(hit, false));
    }
    const inFlight = this.pending.get(key);
    if (!inFlight) return undefined;
    inFlight.waiting.count++;
    return inFlight.work.then((entry) => this.lease(entry, true));
  }

  async get(p: Presentation, tag: string, build: (allocate: Allocate) => Promise<Uint8Array>): Promise<SegmentLease> {
    if (this.maxBytes <= 0) return this.lease(await this.build('', build), false);
    const key = `${presentationId(p)}\0${tag}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return this.lease(hit, false);
    }
    let inFlight = this.pending.get(key);
    if (!inFlight) {
      const waiting = { count: 0 };
      const work = this.build(key, build).then(
        (entry) => {
          // Out of `pending` in the same step as the waiters are counted: a request arriving later
          // (even in a microtask before this promise settles) finds the cached entry and holds it
          // itself, never a waiter count that was already added up.
          this.pending.delete(key);
          // Held for every waiter before the entry can be evicted, so none can see it recycled.
          entry.holders += waiting.count;
          this.insert(entry);
          return entry;
        },
        (err: unknown) => {
          this.pending.delete(key);
          throw err;
        },
      );
      inFlight = { work, waiting };
      this.pending.set(key, inFlight);
    }
    inFlight.waiting.count++;
    return this.lease(await inFlight.work, true);
  }

  private async build(key: string, build: (allocate: Allocate) => Promise<Uint8Array>): Promise<Entry> {
    let buffer: Buffer | undefined;
    const bytes = await build((size) => {
      buffer = this.pool.acquire(size);
      return buffer;
    });
    if (!buffer || bytes.buffer !== buffer.buffer) {
      throw new Error('BuiltSegments: the build must write into the buffer it was given');
    }
    return { key, buffer, bytes, holders: 0, cached: false, reusable: true };
  }

  private lease(entry: Entry, alreadyHeld: boolean): SegmentLease {
    if (!alreadyHeld) entry.holders++;
    let released = false;
    return {
      bytes: entry.bytes,
      release: (reusable) => {
        if (released) return;
        released = true;
        entry.holders--;
        if (!reusable) entry.reusable = false;
        this.recycle(entry);
      },
    };
  }

  private insert(entry: Entry): void {
    // One segment larger than the whole bound is served but not kept: it would evict everything.
    if (entry.buffer.length > this.maxBytes) return;
    entry.cached = true;
    this.entries.set(entry.key, entry);
    this.heldBytes += entry.buffer.length;
    for (const oldest of this.entries.values()) {
      if (this.heldBytes <= this.maxBytes) break;
      this.entries.delete(oldest.key);
      this.heldBytes -= oldest.buffer.length;
      oldest.cached = false;
      this.recycle(oldest);
    }
  }

  private recycle(entry: Entry): void {
    if (entry.holders === 0 && !entry.cached && entry.reusable) this.pool.release(entry.buffer);
  }
}
