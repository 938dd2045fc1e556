/**
 * Filtered presentations cached per (source presentation, filter definitions): a player fetching a
 * filtered stream asks for the same filter set on every playlist and fragment, and the origin then
 * reuses one reduced presentation (and the per-track byte sums the HLS writers memoize on it).
 * Keyed by the source object, which the presentation cache replaces when the asset changes, and by
 * the definitions' content, so editing a filter takes effect on the next request. Bounded by the bytes
 * of their sample tables (least recently used out first), like the presentation cache.
 */
import type { Presentation } from '../../types/media.ts';
import { LruCache } from '../lru-cache.ts';
import { ORIGIN_MEMORY } from '../../io/memory-budget.ts';
import { presentationBytes } from '../presentation-bytes.ts';
import { presentationId } from '../presentation-id.ts';
import { applyFilters, filtersKey } from './apply-filters.ts';
import type { NamedFilter } from '../../types/filter-definition.ts';

export class FilteredPresentations {
  private readonly lru: LruCache<string, Presentation>;

  /** `maxBytes`: estimated bytes of the filtered presentations kept (default ORIGIN_MEMORY.filteredPresentations). */
  constructor(maxBytes: number = ORIGIN_MEMORY.filteredPresentations) {
    this.lru = new LruCache<string, Presentation>({ maxEntries: Number.MAX_SAFE_INTEGER, maxBytes, sizeOf: presentationBytes });
  }

  /** Estimated bytes held. */
  get bytes(): number {
    return this.lru.bytes;
  }

  get(source: Presentation, filters: readonly NamedFilter[]): Presentation {
    if (filters.length === 0) return source;
    const key = `${presentationId(source)}\0${filtersKey(filters)}`;
    const hit = this.lru.get(key);
    if (hit) return hit;
    const filtered = applyFilters(source, filters);
    this.lru.set(key, filtered);
    return filtered;
  }
}
