/**
 * Manifests and playlists already written, per presentation and request tag: every player of an
 * asset asks for the same few texts over and over (live-style playlist refreshes, CDN revalidation),
 * and a text depends only on the presentation and the normalized request the tag spells out.
 * Held through a WeakMap on the presentation object, so a replaced or evicted presentation (asset
 * changed, filter edited) drops its texts with it; at most `maxPerPresentation` per presentation,
 * least recently used first out.
 */
import type { Presentation } from '../types/media.ts';

export class PackagedTexts<T> {
  private readonly byPresentation = new WeakMap<Presentation, Map<string, T>>();
  private readonly maxPerPresentation: number;

  constructor(maxPerPresentation = 64) {
    this.maxPerPresentation = maxPerPresentation;
  }

  get(p: Presentation, tag: string, write: () => T): T {
    let texts = this.byPresentation.get(p);
    if (!texts) {
      texts = new Map();
      this.byPresentation.set(p, texts);
    }
    const hit = texts.get(tag);
    if (hit !== undefined) {
      // Re-inserted: Map order is the recency order the eviction below relies on.
      texts.delete(tag);
      texts.set(tag, hit);
      return hit;
    }
    const value = write();
    texts.set(tag, value);
    if (texts.size > this.maxPerPresentation) texts.delete(texts.keys().next().value!);
    return value;
  }
}
