import { describe, expect, it } from 'vitest';
import { BufferPool } from '../../../../packaging-core/io/buffer-pool.ts';
import { type Allocate, BuiltSegments } from '../../../../packaging-core/packager/built-segments.ts';
import type { Presentation } from '../../../../packaging-core/types/media.ts';

const KIB = 1024;

/** A build that fills `size` bytes with `fill` and counts its calls. */
function builder(size: number, fill: number) {
  const calls = { count: 0 };
  const build = async (allocate: Allocate): Promise<Uint8Array> => {
    calls.count++;
    const out = allocate(size).subarray(0, size);
    out.fill(fill);
    return out;
  };
  return { build, calls };
}

function setup(maxBytes: number) {
  const pool = new BufferPool({ granule: 64 * KIB, maxFreeBytes: 1024 * KIB });
  return { pool, segments: new BuiltSegments(maxBytes, pool) };
}

describe('BuiltSegments (the TS segment cache)', () => {
  const p = {} as Presentation;

  it('builds a segment once and serves later requests from the cache', async () => {
    const { segments } = setup(256 * KIB);
    const { build, calls } = builder(100 * KIB, 7);
    const a = await segments.get(p, 'seg-0', build);
    const b = await segments.get(p, 'seg-0', build);
    expect(calls.count).toBe(1);
    expect(b.bytes).toBe(a.bytes);
    expect(b.bytes.length).toBe(100 * KIB);
    expect(segments.bytes).toBe(128 * KIB); // whole pooled buffers are counted
  });

  it('shares one build between concurrent requests for the same segment', async () => {
    const { segments } = setup(256 * KIB);
    const { build, calls } = builder(10 * KIB, 1);
    const leases = await Promise.all([1, 2, 3].map(() => segments.get(p, 'x', build)));
    expect(calls.count).toBe(1);
    expect(new Set(leases.map((l) => l.bytes)).size).toBe(1);
  });

  it('keys by presentation object: a replaced presentation builds anew', async () => {
    const { segments } = setup(256 * KIB);
    const { build, calls } = builder(10 * KIB, 1);
    await segments.get(p, 'x', build);
    await segments.get({} as Presentation, 'x', build);
    expect(calls.count).toBe(2);
  });

  it('evicts least recently used segments to stay within its byte bound', async () => {
    const { segments } = setup(200 * KIB);
    const first = builder(60 * KIB, 1);
    await segments.get(p, 'a', first.build);
    await segments.get(p, 'b', builder(60 * KIB, 2).build);
    await segments.get(p, 'a', first.build); // a is now the most recent
    await segments.get(p, 'c', builder(60 * KIB, 3).build); // 3 × 64 KiB fit
    await segments.get(p, 'd', builder(60 * KIB, 4).build); // evicts b, the least recent
    expect(segments.size).toBe(3);
    expect(segments.bytes).toBeLessThanOrEqual(200 * KIB);
    await segments.get(p, 'a', first.build);
    expect(first.calls.count).toBe(1);
    const b = builder(60 * KIB, 2);
    await segments.get(p, 'b', b.build);
    expect(b.calls.count).toBe(1);
  });

  it('recycles an evicted buffer only once no response holds it', async () => {
    const { segments, pool } = setup(64 * KIB);
    const held = await segments.get(p, 'a', builder(60 * KIB, 0xaa).build);
    await segments.get(p, 'b', builder(60 * KIB, 0xbb).build).then((l) => l.release(true)); // evicts a
    expect(pool.idleBytes).toBe(0); // a is still being written by `held`
    expect(held.bytes.every((v) => v === 0xaa)).toBe(true);
    held.release(true);
    expect(pool.idleBytes).toBe(64 * KIB);
    // The recycled buffer serves the next build.
    const next = builder(60 * KIB, 0xcc);
    const c = await segments.get(p, 'c', next.build);
    expect(c.bytes.buffer).toBe(held.bytes.buffer);
    expect(c.bytes.every((v) => v === 0xcc)).toBe(true);
  });

  it('never recycles a buffer a response was aborted on', async () => {
    const { segments, pool } = setup(64 * KIB);
    const aborted = await segments.get(p, 'a', builder(60 * KIB, 1).build);
    aborted.release(false);
    aborted.release(true); // a second release is ignored
    await segments.get(p, 'b', builder(60 * KIB, 2).build); // evicts a
    expect(pool.idleBytes).toBe(0);
  });

  it('with a zero bound keeps nothing, builds per request and recycles after each response', async () => {
    const { segments, pool } = setup(0);
    const { build, calls } = builder(10 * KIB, 5);
    const a = await segments.get(p, 'x', build);
    expect(pool.idleBytes).toBe(0);
    a.release(true);
    expect(pool.idleBytes).toBe(64 * KIB);
    const b = await segments.get(p, 'x', build);
    expect(calls.count).toBe(2);
    expect(segments.size).toBe(0);
    expect(b.bytes.buffer).toBe(a.bytes.buffer);
  });

  it('serves but does not keep a segment larger than the whole bound', async () => {
    const { segments } = setup(64 * KIB);
    const big = builder(100 * KIB, 1);
    await segments.get(p, 'big', big.build);
    await segments.get(p, 'big', big.build);
    expect(big.calls.count).toBe(2);
    expect(segments.size).toBe(0);
  });

  it('does not cache a failed build: the next request tries again', async () => {
    const { segments } = setup(256 * KIB);
    let fail = true;
    const build = async (allocate: Allocate): Promise<Uint8Array> => {
      if (fail) throw new Error('disk gone');
      return allocate(10).subarray(0, 10);
    };
    await expect(segments.get(p, 'x', build)).rejects.toThrow('disk gone');
    fail = false;
    await expect(segments.get(p, 'x', build)).resolves.toMatchObject({ bytes: expect.any(Uint8Array) });
  });

  it('lookup finds a kept or in-flight segment without building, and keeps() takes up to half the bound', async () => {
    const { segments } = setup(256 * KIB);
    expect(segments.lookup(p, 'x')).toBeUndefined();
    let finish = (): void => undefined;
    const slow = async (allocate: Allocate): Promise<Uint8Array> => {
      await new Promise<void>((r) => (finish = r));
      return allocate(10).subarray(0, 10).fill(9);
    };
    const building = segments.get(p, 'x', slow);
    const waiting = segments.lookup(p, 'x');
    expect(waiting).toBeDefined();
    finish();
    const [a, b] = await Promise.all([building, waiting!]);
    expect(b.bytes).toBe(a.bytes);
    expect((await segments.lookup(p, 'x')!).bytes).toBe(a.bytes);
    expect([segments.keeps(128 * KIB), segments.keeps(128 * KIB + 1)]).toEqual([true, false]);
    expect(setup(0).segments.keeps(1)).toBe(false);
  });
});
