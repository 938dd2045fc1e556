import type { Protocol } from '../../../packaging-core/index.ts';
import type { Catalog } from './open-catalog.ts';
import { json, jsonOrNull, oneOf, text, textOrNull, type Row } from './sql-row.ts';
import { ENCRYPTION_SCHEMES, type AssetStorage, type EncryptionScheme, type StreamingLocator } from './types.ts';

function toLocator(row: Row): StreamingLocator {
  return {
    id: text(row, 'id'),
    name: text(row, 'name'),
    assetId: text(row, 'asset_id'),
    policyName: text(row, 'policy_name'),
    start: textOrNull(row, 'start_time'),
    end: textOrNull(row, 'end_time'),
    createdAt: text(row, 'created_at'),
    filters: jsonOrNull<string[]>(row, 'filters') ?? [],
  };
}

/** Rows only: the AMS rules (immutability, GUIDs, validity window) live in publishing/locators.ts. */
export function insertLocator(catalog: Catalog, locator: StreamingLocator): void {
  catalog.db
    .prepare(
      `INSERT INTO streaming_locators (id, name, asset_id, policy_name, start_time, end_time, created_at, filters)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      locator.id,
      locator.name,
      locator.assetId,
      locator.policyName,
      locator.start,
      locator.end,
      locator.createdAt,
      locator.filters.length > 0 ? JSON.stringify(locator.filters) : null,
    );
}

export function getLocatorById(catalog: Catalog, id: string): StreamingLocator | null {
  const row = catalog.db.prepare('SELECT * FROM streaming_locators WHERE id = ?').get(id);
  return row ? toLocator(row) : null;
}

export function getLocatorByName(catalog: Catalog, name: string): StreamingLocator | null {
  const row = catalog.db.prepare('SELECT * FROM streaming_locators WHERE name = ?').get(name);
  return row ? toLocator(row) : null;
}

export function listLocatorRows(catalog: Catalog, filter: { assetId?: string } = {}): StreamingLocator[] {
  const rows =
    filter.assetId === undefined
      ? catalog.db.prepare('SELECT * FROM streaming_locators ORDER BY created_at, rowid').all()
      : catalog.db.prepare('SELECT * FROM streaming_locators WHERE asset_id = ? ORDER BY created_at, rowid').all(filter.assetId);
  return rows.map(toLocator);
}

export function deleteLocatorRow(catalog: Catalog, id: string): boolean {
  return Number(catalog.db.prepare('DELETE FROM streaming_locators WHERE id = ?').run(id).changes) > 0;
}

/** What the origin needs of a locator, with its policy and asset, in one indexed read. */
export interface LocatorForOrigin {
  readonly locator: StreamingLocator;
  /** The asset folder, relative to the library. */
  readonly folder: string;
  /** Where the asset's files are: the library folder or its blob container. */
  readonly storage: AssetStorage;
  readonly protocols: readonly Protocol[];
  readonly encryptionScheme: EncryptionScheme;
}

const FOR_ORIGIN_SQL = `
  SELECT l.*, a.folder AS asset_folder, a.storage AS asset_storage, p.protocols AS policy_protocols, p.encryption_scheme AS policy_scheme
  FROM streaming_locators l
  JOIN streaming_policies p ON p.name = l.policy_name
  JOIN assets a ON a.id = l.asset_id
  WHERE l.id = ?`;

export function getLocatorForOrigin(catalog: Catalog, id: string): LocatorForOrigin | null {
  const row = catalog.db.prepare(FOR_ORIGIN_SQL).get(id);
  if (!row) return null;
  return {
    locator: toLocator(row),
    folder: text(row, 'asset_folder'),
    storage: text(row, 'asset_storage') === 'blob' ? 'blob' : 'local',
    protocols: json<Protocol[]>(row, 'policy_protocols'),
    encryptionScheme: oneOf<EncryptionScheme>(row, 'policy_scheme', ENCRYPTION_SCHEMES),
  };
}
