import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LruCache } from '../../../../packaging-core/presentation/lru-cache.ts';
import { PresentationCache } from '../../../../packaging-core/presentation/presentation-cache.ts';
import { assetVersion, stampFiles } from '../../../../packaging-core/presentation/asset-version.ts';
import type { Presentation } from '../../../../packaging-core/types/media.ts';
import { audioTrack } from './make-track.ts';

describe('LruCache', () => {
  const sized = (maxEntries: number, maxBytes: number) => new LruCache<string, number>({ maxEntries, maxBytes, sizeOf: (v) => v });

  it('evicts the least recently used entry past the count bound', () => {
    const lru = sized(2, 1000);
    lru.set('a', 1);
    lru.set('b', 1);
    lru.get('a');
    lru.set('c', 1);
    expect([lru.has('a'), lru.has('b'), lru.has('c')]).toEqual([true, false, true]);
  });

  it('evicts by bytes, and keeps one oversized value alone', () => {
    const lru = sized(10, 100);
    lru.set('a', 40);
    lru.set('b', 40);
    lru.set('c', 40);
    expect([lru.has('a'), lru.has('b'), lru.has('c'), lru.bytes]).toEqual([false, true, true, 80]);
    lru.set('huge', 500);
    expect([lru.size, lru.bytes, lru.get('huge')]).toEqual([1, 500, 500]);
  });

  it('replacing a key updates the byte count', () => {
    const lru = sized(10, 100);
    lru.set('a', 40);
    lru.set('a', 10);
    expect([lru.size, lru.bytes]).toEqual([1, 10]);
  });
});

describe('PresentationCache', () => {
  let dir: string;
  let ism: string;
  let media: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pcache-'));
    ism = path.join(dir, 'a.ism');
    media = path.join(dir, 'a.mp4');
    await writeFile(ism, '<smil/>');
    await writeFile(media, 'x');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** A stand-in for openPresentation that counts opens and versions the real files. */
  function fakeOpen() {
    const calls = { n: 0 };
    const open = async (folder: string, ismName: string): Promise<Presentation> => {
      calls.n++;
      await new Promise((r) => setTimeout(r, 5));
      const track = { ...audioTrack(10), file: media };
      const fragments = { firstSample: Uint32Array.from([0, 10]), startTicks: Float64Array.from([0, 2133333]) };
      return {
        folder, ismName, video: [], audio: [{ ...track, fragments }], durationTicks: 2133333, fragmentsPerHlsSegment: 3,
        version: assetVersion(await stampFiles([ism, media])),
      };
    };
    return { calls, open };
  }

  it('opens an asset once for concurrent requests and serves it from memory within the recheck window', async () => {
    let now = 0;
    const { calls, open } = fakeOpen();
    const cache = new PresentationCache({ open, now: () => now });
    const [a, b] = await Promise.all([cache.get(dir, 'a.ism'), cache.get(dir, 'a.ism')]);
    expect(a).toBe(b);
    expect(calls.n).toBe(1);
    now = 500;
    expect(await cache.get(dir, 'a.ism')).toBe(a);
    now = 1500; // past the window: re-stat, unchanged -> same object
    expect(await cache.get(dir, 'a.ism')).toBe(a);
    expect(calls.n).toBe(1);
  });

  it('reopens when a file of the asset changes', async () => {
    let now = 0;
    const { calls, open } = fakeOpen();
    const cache = new PresentationCache({ open, now: () => now });
    const first = await cache.get(dir, 'a.ism');
    await writeFile(media, 'xy');
    const later = new Date(Date.now() + 5000);
    await utimes(media, later, later);
    now = 400; // inside the window: no re-stat yet
    expect(await cache.get(dir, 'a.ism')).toBe(first);
    now = 1400;
    const second = await cache.get(dir, 'a.ism');
    expect(second).not.toBe(first);
    expect(second.version).not.toBe(first.version);
    expect(calls.n).toBe(2);
  });

  it('does not cache failures', async () => {
    let fail = true;
    const cache = new PresentationCache({
      open: async (folder, ismName) => {
        if (fail) throw new Error('broken');
        return fakeOpen().open(folder, ismName);
      },
    });
    await expect(cache.get(dir, 'a.ism')).rejects.toThrow('broken');
    fail = false;
    await expect(cache.get(dir, 'a.ism')).resolves.toMatchObject({ ismName: 'a.ism' });
  });

  it('bounds the number of assets kept', async () => {
    const cache = new PresentationCache({ open: fakeOpen().open, maxEntries: 2 });
    for (const name of ['a.ism', 'b.ism', 'c.ism']) await cache.get(dir, name);
    expect(cache.size).toBe(2);
  });
});
