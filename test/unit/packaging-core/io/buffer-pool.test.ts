import { describe, expect, it } from 'vitest';
import { BufferPool } from '../../../../packaging-core/io/buffer-pool.ts';

describe('BufferPool', () => {
  it('allocates whole granules and hands a released buffer back out', () => {
    const pool = new BufferPool({ granule: 1000, maxFreeBytes: 10_000 });
    const a = pool.acquire(1500);
    expect(a.length).toBe(2000);
    pool.release(a);
    expect(pool.idleBytes).toBe(2000);
    expect(pool.acquire(1200)).toBe(a);
    expect(pool.idleBytes).toBe(0);
  });

  it('picks the smallest free buffer that fits, and never one a granule or more too long', () => {
    const pool = new BufferPool({ granule: 1000, maxFreeBytes: 10_000 });
    const big = pool.acquire(5000);
    const small = pool.acquire(2000);
    const other = pool.acquire(2000);
    pool.release(big);
    pool.release(small);
    pool.release(other);
    expect([small, other]).toContain(pool.acquire(1500));
    expect([small, other]).toContain(pool.acquire(1001));
    // Only the 5000-byte buffer is left: for 1500 bytes it would hold 3500 unseen ones, so a new one.
    const fresh = pool.acquire(1500);
    expect(fresh).not.toBe(big);
    expect(fresh.length).toBe(2000);
    expect(pool.acquire(4500)).toBe(big);
  });

  it('keeps at most maxFreeBytes idle, dropping the smallest first', () => {
    const pool = new BufferPool({ granule: 1000, maxFreeBytes: 5000 });
    const a = pool.acquire(1000);
    const b = pool.acquire(2000);
    const c = pool.acquire(3000);
    pool.release(a);
    pool.release(b);
    pool.release(c); // 6000 > 5000: a goes
    expect(pool.idleBytes).toBe(5000);
    expect(pool.acquire(1500)).toBe(b);
  });

  it('ignores a buffer released twice', () => {
    const pool = new BufferPool({ granule: 1000, maxFreeBytes: 5000 });
    const a = pool.acquire(1000);
    pool.release(a);
    pool.release(a);
    expect(pool.idleBytes).toBe(1000);
  });

  it('returns the memory of a dropped buffer at once (detached), not at the next full collection', () => {
    const pool = new BufferPool({ granule: 1000, maxFreeBytes: 2000 });
    const a = pool.acquire(2000);
    const b = pool.acquire(2000);
    pool.release(a);
    pool.release(b); // over the bound: a is dropped
    expect(a.length).toBe(0);
    expect(a.buffer.byteLength).toBe(0); // detached: its memory is freed
    expect(pool.acquire(2000)).toBe(b);
  });
});
