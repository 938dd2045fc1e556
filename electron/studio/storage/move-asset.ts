import { rm } from 'node:fs/promises';
import { assetFolderPath, mustGetAsset, updateAsset } from '../catalog/assets-repo.ts';
import { CatalogError } from '../catalog/catalog-error.ts';
import { listJobs } from '../catalog/jobs-repo.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import type { Asset } from '../catalog/types.ts';
import { uploadFolder } from './asset-transfer.ts';
import type { StudioStorage } from './studio-storage.ts';

/**
 * Moves a finished asset from the library folder into its blob container (`asset-<id>`), so that
 * stateless origins over the storage account can serve its locators. Upload first (all or nothing),
 * then the catalog says `blob`, then the folder goes: a failure at any step leaves a servable asset.
 */
export async function moveAssetToBlob(catalog: Catalog, storage: StudioStorage, assetId: string, signal?: AbortSignal): Promise<Asset> {
  const asset = mustGetAsset(catalog, assetId);
  if (asset.storage === 'blob') return asset;
  if (asset.state !== 'Finished' || !asset.ismName) {
    throw new CatalogError('conflict', `Asset "${asset.name}" is not a finished encoded asset; only those can move to blob storage.`);
  }
  const busy = listJobs(catalog).find((j) => (j.state === 'Processing' || j.state === 'Queued') && (j.inputAssetId === assetId || j.outputAssetId === assetId));
  if (busy) throw new CatalogError('conflict', `Asset "${asset.name}" is used by a ${busy.state.toLowerCase()} job; wait for it or cancel it first.`);
  const folder = assetFolderPath(catalog, asset);
  const { store, container } = await storage.locate({ id: asset.id, storage: 'blob' });
  await uploadFolder(store, container, folder, signal ? { signal } : {});
  const moved = updateAsset(catalog, asset.id, { storage: 'blob' });
  await rm(folder, { recursive: true, force: true });
  return moved;
}
