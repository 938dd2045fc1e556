/**
 * Account and asset filters in the catalog, with AMS's rules: a definition is checked before it is
 * stored, names are URL-safe, an asset filter of a name wins over the account filter of that name,
 * and a filter a streaming locator applies cannot be deleted from under it.
 */
import { checkFilterName, type FilterDefinition, FilterDefinitionError, parseFilterDefinition } from '../../../packaging-core/index.ts';
import { mustGetAsset } from '../catalog/assets-repo.ts';
import { CatalogError } from '../catalog/catalog-error.ts';
import {
  deleteFilterRow,
  findFilterForAsset,
  getFilterRow,
  listFilterRows,
  upsertFilterRow,
  type StoredFilter,
} from '../catalog/filters-repo.ts';
import { listLocatorRows } from '../catalog/locators-repo.ts';
import type { Catalog } from '../catalog/open-catalog.ts';

export type { StoredFilter };

export interface SaveFilterInput {
  readonly name: string;
  /** null or absent = an account filter, usable by every asset. */
  readonly assetId?: string | null;
  /** Untrusted (API, imported JSON): checked here. */
  readonly definition: unknown;
}

/** Filter definition problems as the catalog's invalid-argument error (the API's code for bad input). */
function checked<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof FilterDefinitionError) throw new CatalogError('invalid-argument', err.message, { cause: err });
    throw err;
  }
}

export function validateFilter(name: string, definition: unknown): { name: string; definition: FilterDefinition } {
  return checked(() => ({ name: checkFilterName(name), definition: parseFilterDefinition(definition) }));
}

/** Creates or replaces the filter of that name and scope; the origin applies the change on the next request. */
export function saveFilter(catalog: Catalog, input: SaveFilterInput, now = new Date()): StoredFilter {
  const { name, definition } = validateFilter(input.name, input.definition);
  const assetId = input.assetId ?? null;
  return catalog.transaction(() => {
    if (assetId !== null) mustGetAsset(catalog, assetId);
    return upsertFilterRow(catalog, { name, assetId, definition }, now);
  });
}

/** Every filter, or the filters one asset can use (account filters and its own). */
export function listFilters(catalog: Catalog, scope: { assetId?: string } = {}): StoredFilter[] {
  return listFilterRows(catalog, scope);
}

/** The filter of exactly this scope; with `resolve`, what `filter=name` means for the asset. */
export function getFilter(catalog: Catalog, name: string, assetId: string | null, resolve = false): StoredFilter | null {
  return resolve && assetId !== null ? findFilterForAsset(catalog, name, assetId) : getFilterRow(catalog, name, assetId);
}

/** Locators whose URLs would lose this filter (no other filter of the name would take its place). */
function dependentLocators(catalog: Catalog, name: string, assetId: string | null): string[] {
  return listLocatorRows(catalog, assetId === null ? {} : { assetId })
    .filter((l) => l.filters.includes(name))
    .filter((l) => {
      const fallback = assetId === null ? getFilterRow(catalog, name, l.assetId) : getFilterRow(catalog, name, null);
      return !fallback;
    })
    .map((l) => l.name);
}

export function deleteFilter(catalog: Catalog, name: string, assetId: string | null): boolean {
  return catalog.transaction(() => {
    if (!getFilterRow(catalog, name, assetId)) return false;
    const users = dependentLocators(catalog, name, assetId);
    if (users.length > 0) {
      throw new CatalogError(
        'conflict',
        `Filter "${name}" is applied by streaming locator${users.length > 1 ? 's' : ''} ${users.map((u) => `"${u}"`).join(', ')}; delete ${users.length > 1 ? 'them' : 'it'} first (locators are immutable).`,
      );
    }
    return deleteFilterRow(catalog, name, assetId);
  });
}
