import path from 'node:path';
import type { Protocol } from '../../../packaging-core/types/formats.ts';
import type { LocatorProtection, LocatorResolver, ResolvedLocator } from '../../../packaging-core/types/request.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import type { EncryptionScheme } from '../catalog/types.ts';
import { locatorProtection } from '../protection/content-keys.ts';
import { findFilterForAsset } from '../catalog/filters-repo.ts';
import { json, jsonOrNull, text, textOrNull } from '../catalog/sql-row.ts';

const RESOLVE_SQL = `
  SELECT a.folder, p.protocols, p.encryption_scheme, l.id, l.start_time, l.end_time, l.asset_id, l.filters
  FROM streaming_locators l
  JOIN streaming_policies p ON p.name = l.policy_name
  JOIN assets a ON a.id = l.asset_id
  WHERE l.id = ?`;

/**
 * The origin's view of the catalog: a locator id → the asset folder and the protocols its policy
 * enables, or null (→ 404) when unknown, deleted, expired or not yet valid. No cache: each call reads
 * the catalog (a fresh prepared statement and one indexed lookup, a few microseconds), so a deleted
 * locator stops serving on the next request, also in other processes sharing the library.
 */
export function createLocatorResolver(catalog: Catalog, clock: () => Date = () => new Date()): LocatorResolver {
  return (locatorId: string): ResolvedLocator | null => {
    const row = catalog.db.prepare(RESOLVE_SQL).get(locatorId.toLowerCase());
    if (!row) return null;
    const startText = textOrNull(row, 'start_time');
    const endText = textOrNull(row, 'end_time');
    const start = startText === null ? undefined : new Date(startText);
    const end = endText === null ? undefined : new Date(endText);
    const now = clock().getTime();
    if (start && now < start.getTime()) return null;
    if (end && now >= end.getTime()) return null;
    const assetId = text(row, 'asset_id');
    const defaultFilters = jsonOrNull<string[]>(row, 'filters') ?? [];
    return {
      folder: path.resolve(catalog.layout.root, text(row, 'folder')),
      protocols: new Set(json<Protocol[]>(row, 'protocols')),
      ...withProtection(locatorProtection(catalog, text(row, 'id'), text(row, 'encryption_scheme') as EncryptionScheme)),
      // Read per request like the locator itself: an edited or deleted filter applies at once.
      resolveFilter: (name) => findFilterForAsset(catalog, name, assetId)?.definition ?? null,
      ...(defaultFilters.length > 0 && { defaultFilters }),
      ...(start && { start }),
      ...(end && { end }),
    };
  };
}

function withProtection(protection: LocatorProtection | undefined): { protection?: LocatorProtection } {
  return protection ? { protection } : {};
}
