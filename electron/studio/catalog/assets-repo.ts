import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { MediaInfo } from '../media/media-info.ts';
import { CatalogError } from './catalog-error.ts';
import type { Catalog } from './open-catalog.ts';
import { jsonOrNull, oneOf, text, textOrNull, type Row } from './sql-row.ts';
import type { Asset, AssetState, AssetStorage } from './types.ts';

const ASSET_STATES: readonly AssetState[] = ['Pending', 'Processing', 'Finished', 'Error'];
const ASSET_STORAGES: readonly AssetStorage[] = ['local', 'blob'];

function toAsset(row: Row): Asset {
  return {
    id: text(row, 'id'),
    name: text(row, 'name'),
    folder: text(row, 'folder'),
    sourceFile: textOrNull(row, 'source_file'),
    mediaInfo: jsonOrNull<MediaInfo>(row, 'media_info'),
    ismName: textOrNull(row, 'ism_name'),
    state: oneOf<AssetState>(row, 'state', ASSET_STATES),
    storage: oneOf<AssetStorage>(row, 'storage', ASSET_STORAGES),
    createdAt: text(row, 'created_at'),
    updatedAt: text(row, 'updated_at'),
  };
}

export interface NewAsset {
  readonly name: string;
  readonly id?: string;
  readonly sourceFile?: string | null;
  readonly mediaInfo?: MediaInfo | null;
  readonly ismName?: string | null;
  readonly state?: AssetState;
  /** Default 'local' (the library folder); 'blob' for assets kept in a blob container. */
  readonly storage?: AssetStorage;
}

/** Adds an asset row; its folder is `assets/<id>` under the library (created by whoever writes media). */
export function insertAsset(catalog: Catalog, input: NewAsset): Asset {
  const id = input.id ?? randomUUID();
  const now = new Date().toISOString();
  catalog.db
    .prepare(
      `INSERT INTO assets (id, name, folder, source_file, media_info, ism_name, state, storage, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      id,
      input.name,
      `assets/${id}`,
      input.sourceFile ?? null,
      input.mediaInfo ? JSON.stringify(input.mediaInfo) : null,
      input.ismName ?? null,
      input.state ?? 'Pending',
      input.storage ?? 'local',
      now,
      now,
    );
  return mustGetAsset(catalog, id);
}

export function getAsset(catalog: Catalog, id: string): Asset | null {
  const row = catalog.db.prepare('SELECT * FROM assets WHERE id = ?').get(id);
  return row ? toAsset(row) : null;
}

export function mustGetAsset(catalog: Catalog, id: string): Asset {
  const asset = getAsset(catalog, id);
  if (!asset) throw new CatalogError('not-found', `No asset with id ${id} in the library (it may have been deleted).`);
  return asset;
}

export function listAssets(catalog: Catalog): Asset[] {
  return catalog.db.prepare('SELECT * FROM assets ORDER BY created_at, rowid').all().map(toAsset);
}

export type AssetPatch = Partial<Pick<Asset, 'name' | 'sourceFile' | 'mediaInfo' | 'ismName' | 'state' | 'storage'>>;

export function updateAsset(catalog: Catalog, id: string, patch: AssetPatch): Asset {
  return catalog.transaction(() => updateAssetRow(catalog, id, patch));
}

function updateAssetRow(catalog: Catalog, id: string, patch: AssetPatch): Asset {
  const current = mustGetAsset(catalog, id);
  const next = { ...current, ...patch };
  catalog.db
    .prepare(
      `UPDATE assets SET name = ?, source_file = ?, media_info = ?, ism_name = ?, state = ?, storage = ?, updated_at = ? WHERE id = ?`,
    )
    .run(
      next.name,
      next.sourceFile,
      next.mediaInfo ? JSON.stringify(next.mediaInfo) : null,
      next.ismName,
      next.state,
      next.storage,
      new Date().toISOString(),
      id,
    );
  return mustGetAsset(catalog, id);
}

/** Removes the row (its locators go with it); the caller removes the folder after this commits. */
export function deleteAssetRow(catalog: Catalog, id: string): boolean {
  return Number(catalog.db.prepare('DELETE FROM assets WHERE id = ?').run(id).changes) > 0;
}

export function assetFolderPath(catalog: Catalog, asset: Pick<Asset, 'folder'>): string {
  return path.join(catalog.layout.root, asset.folder);
}
