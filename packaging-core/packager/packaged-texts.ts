/**
 * Manifests, playlists and init segments already written, per presentation and request tag: every
 * player of an asset asks for the same few over and over (live-style playlist refreshes, CDN
 * revalidation), and each depends only on the presentation and the normalized request the tag spells
 * out. One least-recently-used bound by bytes across all presentations; a replaced presentation (asset
 * changed, filter edited) is a new object, so its old texts are never hit again and age out.
 */
import { LruCache } from '../presentation/lru-cache.ts';
import { presentationId } from '../presentation/presentation-id.ts';
import type { Presentation } from '../types/media.ts';

export class PackagedTexts<T> {
  private readonly lru: LruCache<string, T>;

  /** `sizeOf` estimates the bytes a value holds (its body, plus the key and bookkeeping). */
  constructor(maxBytes: number, sizeOf: (value: T) => number) {
    this.lru = new LruCache<string, T>({ maxEntries: Number.MAX_SAFE_INTEGER, maxBytes, sizeOf });
  }

  /** Bytes held (the estimate). */
  get bytes(): number {
    return this.lru.bytes;
  }

  get size(): number {
    return this.lru.size;
  }

  get(p: Presentation, tag: string, write: () => T): T {
    const key = `${presentationId(p)}\0${tag}`;
    const hit = this.lru.get(key);
    if (hit !== undefined) return hit;
    const value = write();
    this.lru.set(key, value);
    return value;
  }
}
