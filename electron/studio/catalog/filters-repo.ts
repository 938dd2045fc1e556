import type { FilterDefinition } from '../../../packaging-core/index.ts';
import type { Catalog } from './open-catalog.ts';
import { json, text, textOrNull, type Row } from './sql-row.ts';

/** A stored filter: an account filter (assetId null, any asset) or an asset filter. */
export interface StoredFilter {
  readonly name: string;
  readonly assetId: string | null;
  /** Checked by packaging-core/filters/parse-filter-definition.ts before it is stored. */
  readonly definition: FilterDefinition;
  readonly createdAt: string;
  readonly updatedAt: string;
}

function toFilter(row: Row): StoredFilter {
  return {
    name: text(row, 'name'),
    assetId: textOrNull(row, 'asset_id'),
    definition: json<FilterDefinition>(row, 'definition'),
    createdAt: text(row, 'created_at'),
    updatedAt: text(row, 'updated_at'),
  };
}

/** Rows only: validation and the asset-over-account rule live in electron/studio/filters. */
export function upsertFilterRow(catalog: Catalog, input: Pick<StoredFilter, 'name' | 'assetId' | 'definition'>, now = new Date()): StoredFilter {
  const at = now.toISOString();
  const existing = getFilterRow(catalog, input.name, input.assetId);
  if (existing) {
    catalog.db
      .prepare(`UPDATE filters SET definition = ?, updated_at = ? WHERE name = ? AND ifnull(asset_id, '') = ?`)
      .run(JSON.stringify(input.definition), at, input.name, input.assetId ?? '');
  } else {
    catalog.db
      .prepare('INSERT INTO filters (name, asset_id, definition, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(input.name, input.assetId, JSON.stringify(input.definition), at, at);
  }
  const saved = getFilterRow(catalog, input.name, input.assetId);
  if (!saved) throw new Error(`filter ${input.name} vanished after saving`);
  return saved;
}

/** The filter of exactly this scope (assetId null = the account filter). */
export function getFilterRow(catalog: Catalog, name: string, assetId: string | null): StoredFilter | null {
  const row = catalog.db.prepare(`SELECT * FROM filters WHERE name = ? AND ifnull(asset_id, '') = ?`).get(name, assetId ?? '');
  return row ? toFilter(row) : null;
}

/** What `filter=name` means for an asset: its own filter, else the account filter of that name. */
export function findFilterForAsset(catalog: Catalog, name: string, assetId: string): StoredFilter | null {
  const row = catalog.db
    .prepare('SELECT * FROM filters WHERE name = ? AND (asset_id = ? OR asset_id IS NULL) ORDER BY asset_id IS NULL LIMIT 1')
    .get(name, assetId);
  return row ? toFilter(row) : null;
}

/** Account filters, then (when assetId is given) that asset's filters; by name. */
export function listFilterRows(catalog: Catalog, scope: { assetId?: string } = {}): StoredFilter[] {
  const rows =
    scope.assetId === undefined
      ? catalog.db.prepare('SELECT * FROM filters ORDER BY asset_id IS NOT NULL, asset_id, name').all()
      : catalog.db
          .prepare('SELECT * FROM filters WHERE asset_id IS NULL OR asset_id = ? ORDER BY asset_id IS NOT NULL, name')
          .all(scope.assetId);
  return rows.map(toFilter);
}

export function deleteFilterRow(catalog: Catalog, name: string, assetId: string | null): boolean {
  return Number(catalog.db.prepare(`DELETE FROM filters WHERE name = ? AND ifnull(asset_id, '') = ?`).run(name, assetId ?? '').changes) > 0;
}
