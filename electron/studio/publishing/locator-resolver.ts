import path from 'node:path';
import type { LocatorProtection, LocatorResolver, ResolvedLocator } from '../../../packaging-core/index.ts';
import { findFilterForAsset } from '../catalog/filters-repo.ts';
import { getLocatorForOrigin, type LocatorForOrigin } from '../catalog/locators-repo.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import { locatorProtection } from '../protection/content-keys.ts';

/**
 * The origin's view of the catalog: a locator id → the asset folder and the protocols its policy
 * enables, or null (→ 404) when unknown, deleted, expired or not yet valid.
 *
 * Read on every request, so a deleted locator stops serving on the next one, also when another
 * process sharing the library deleted it. A lookup (a joined query, JSON columns) costs ~100 µs, most
 * of a cached manifest's answer; so the row is kept while the catalog is unchanged, which one cheap
 * statement tells: SQLite's data_version moves when another connection commits, total_changes() when
 * this one writes. Any write anywhere drops every kept row (writes are rare; reads are per request).
 */
export function createLocatorResolver(
  catalog: Catalog,
  clock: () => Date = () => new Date(),
  /** The origin folder of an asset kept in blob storage (a mounted volume path); absent: such locators 404. */
  blobFolder?: (assetId: string) => Promise<string>,
): LocatorResolver {
  const stampOf = catalog.db.prepare('SELECT data_version AS v, total_changes() AS t FROM pragma_data_version');
  let stamp = '';
  /** Per locator id while the catalog is unchanged: its row, and what a local asset resolves to. */
  const kept = new Map<string, { found: LocatorForOrigin | null; local?: ResolvedLocator }>();
  const lookup = (id: string): { found: LocatorForOrigin | null; local?: ResolvedLocator } => {
    const row = stampOf.get() as { v: number; t: number };
    const now = `${row.v}:${row.t}`;
    if (now !== stamp) {
      kept.clear();
      stamp = now;
    }
    let entry = kept.get(id);
    if (!entry) {
      entry = { found: getLocatorForOrigin(catalog, id) };
      // Bounded: ids come from URLs, and a scan of made-up ones must not grow the map forever.
      if (kept.size >= 4096) kept.clear();
      kept.set(id, entry);
    }
    return entry;
  };
  return (locatorId: string): ResolvedLocator | null | Promise<ResolvedLocator | null> => {
    const entry = lookup(locatorId.toLowerCase());
    const found = entry.found;
    if (!found) return null;
    const { locator } = found;
    // The validity window is checked on every call, cached row or not.
    const now = clock().getTime();
    if (locator.start !== null && now < Date.parse(locator.start)) return null;
    if (locator.end !== null && now >= Date.parse(locator.end)) return null;
    if (entry.local) return entry.local;
    const start = locator.start === null ? undefined : new Date(locator.start);
    const end = locator.end === null ? undefined : new Date(locator.end);
    const { assetId, filters: defaultFilters } = locator;
    const resolved = (folder: string): ResolvedLocator => ({
      folder,
      protocols: new Set(found.protocols),
      ...withProtection(locatorProtection(catalog, locator.id, found.encryptionScheme)),
      // Read per request: an edited or deleted filter applies at once.
      resolveFilter: (name) => findFilterForAsset(catalog, name, assetId)?.definition ?? null,
      ...(defaultFilters.length > 0 && { defaultFilters: [...defaultFilters] }),
      ...(start && { start }),
      ...(end && { end }),
    });
    // Local assets stay synchronous (no promise per request); blob assets need the store mounted.
    if (found.storage !== 'blob') return (entry.local = resolved(path.resolve(catalog.layout.root, found.folder)));
    return blobFolder ? blobFolder(assetId).then(resolved) : null;
  };
}

function withProtection(protection: LocatorProtection | undefined): { protection?: LocatorProtection } {
  return protection ? { protection } : {};
}
