import path from 'node:path';
import type { LocatorProtection, LocatorResolver, ResolvedLocator } from '../../../packaging-core/index.ts';
import { findFilterForAsset } from '../catalog/filters-repo.ts';
import { getLocatorForOrigin } from '../catalog/locators-repo.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import { locatorProtection } from '../protection/content-keys.ts';

/**
 * The origin's view of the catalog: a locator id → the asset folder and the protocols its policy
 * enables, or null (→ 404) when unknown, deleted, expired or not yet valid. No cache: each call reads
 * the catalog (a fresh prepared statement and one indexed lookup, a few microseconds), so a deleted
 * locator stops serving on the next request, also in other processes sharing the library.
 */
export function createLocatorResolver(
  catalog: Catalog,
  clock: () => Date = () => new Date(),
  /** The origin folder of an asset kept in blob storage (a mounted volume path); absent: such locators 404. */
  blobFolder?: (assetId: string) => Promise<string>,
): LocatorResolver {
  return (locatorId: string): ResolvedLocator | null | Promise<ResolvedLocator | null> => {
    const found = getLocatorForOrigin(catalog, locatorId.toLowerCase());
    if (!found) return null;
    const { locator } = found;
    const start = locator.start === null ? undefined : new Date(locator.start);
    const end = locator.end === null ? undefined : new Date(locator.end);
    const now = clock().getTime();
    if (start && now < start.getTime()) return null;
    if (end && now >= end.getTime()) return null;
    const { assetId, filters: defaultFilters } = locator;
    const resolved = (folder: string): ResolvedLocator => ({
      folder,
      protocols: new Set(found.protocols),
      ...withProtection(locatorProtection(catalog, locator.id, found.encryptionScheme)),
      // Read per request like the locator itself: an edited or deleted filter applies at once.
      resolveFilter: (name) => findFilterForAsset(catalog, name, assetId)?.definition ?? null,
      ...(defaultFilters.length > 0 && { defaultFilters: [...defaultFilters] }),
      ...(start && { start }),
      ...(end && { end }),
    });
    // Local assets stay synchronous (no promise per request); blob assets need the store mounted.
    if (found.storage !== 'blob') return resolved(path.resolve(catalog.layout.root, found.folder));
    return blobFolder ? blobFolder(assetId).then(resolved) : null;
  };
}

function withProtection(protection: LocatorProtection | undefined): { protection?: LocatorProtection } {
  return protection ? { protection } : {};
}
