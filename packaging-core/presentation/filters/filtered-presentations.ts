/**
 * Filtered presentations cached per (source presentation, filter definitions): a player fetching a
 * filtered stream asks for the same filter set on every playlist and fragment, and the origin then
 * reuses one reduced presentation (and the per-track byte sums the HLS writers memoize on it).
 * Keyed by the source object, which the presentation cache replaces when the asset changes, and by
 * the definitions' content, so editing a filter takes effect on the next request.
 */
import type { Presentation } from '../../types/media.ts';
import { applyFilters, filtersKey } from './apply-filters.ts';
import type { NamedFilter } from '../../types/filter-definition.ts';

export class FilteredPresentations {
  private readonly bySource = new WeakMap<Presentation, Map<string, Presentation>>();
  private readonly maxPerSource: number;

  constructor(maxPerSource = 32) {
    this.maxPerSource = maxPerSource;
  }

  get(source: Presentation, filters: readonly NamedFilter[]): Presentation {
    if (filters.length === 0) return source;
    let cached = this.bySource.get(source);
    if (!cached) {
      cached = new Map();
      this.bySource.set(source, cached);
    }
    const key = filtersKey(filters);
    const hit = cached.get(key);
    if (hit) {
      // Re-inserted: Map order is the recency order the eviction below relies on.
      cached.delete(key);
      cached.set(key, hit);
      return hit;
    }
    const filtered = applyFilters(source, filters);
    cached.set(key, filtered);
    if (cached.size > this.maxPerSource) cached.delete(cached.keys().next().value!);
    return filtered;
  }
}
