import { describe, expect, it } from 'vitest';
import { BufferPool } from '../../../../packaging-core/io/buffer-pool.ts';
import { CopyArena } from '../../../../packaging-core/io/copy-arena.ts';

const GRANULE = 64 << 10;
const arena = (granules: number) => new CopyArena({ bytes: granules * GRANULE, granule: GRANULE, fallback: new BufferPool({ granule: GRANULE, maxFreeBytes: 4 * GRANULE }) });

describe('CopyArena', () => {
  it('hands out whole granules from the arena, and falls back to the pool when no run of them is free', () => {
    const a = arena(4);
    const x = a.acquire(GRANULE + 1);
    const y = a.acquire(10);
    expect(x.length).toBe(2 * GRANULE);
    expect(a.holds(x) && a.holds(y)).toBe(true);
    expect(a.usedBytes).toBe(3 * GRANULE);
    const z = a.acquire(2 * GRANULE); // one granule left: from the pool
    expect(a.holds(z)).toBe(false);
    a.release(x);
    expect(a.usedBytes).toBe(GRANULE);
    const w = a.acquire(2 * GRANULE); // x's granules again
    expect(a.holds(w)).toBe(true);
    expect(w.byteOffset).toBe(x.byteOffset);
    a.release(z);
    a.release(w);
    a.release(y);
    a.release(y); // a second release frees nothing more
    expect(a.usedBytes).toBe(0);
  });

  it('copies between arena buffers (WebAssembly memory.copy) exactly, and refuses a copy past a view', () => {
    const a = arena(2);
    const src = a.acquire(GRANULE);
    const dst = a.acquire(GRANULE);
    for (let i = 0; i < src.length; i++) src[i] = (i * 31 + 7) & 0xff;
    dst.fill(0);
    a.copy(src, 1000, 1184, dst, 5);
    expect(Buffer.compare(dst.subarray(5, 189), src.subarray(1000, 1184))).toBe(0);
    expect(dst[4]).toBe(0);
    expect(dst[189]).toBe(0);
    // Past dst's end (into whatever follows it in the arena) or past src's: a RangeError, nothing written.
    expect(() => a.copy(src, 0, 100, dst, GRANULE - 50)).toThrow(RangeError);
    expect(() => a.copy(src, GRANULE - 10, GRANULE + 10, dst, 0)).toThrow(RangeError);
  });
});
