import fs from 'node:fs';
import type { StreamingFormat } from '../../../packaging-core/index.ts';
import { assetFolderPath, mustGetAsset } from '../catalog/assets-repo.ts';
import { CatalogError } from '../catalog/catalog-error.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import { findFilterForAsset } from '../catalog/filters-repo.ts';
import { getPolicy } from '../catalog/policies-repo.ts';
import { listPaths, type LocatorPaths } from './list-paths.ts';
import { getLocator } from './locators.ts';

/**
 * ListPaths of a locator in the catalog: its policy's protocols, its asset's .ism and files. The
 * files of an asset in the library folder are read here; `blobFiles` gives those of a blob asset
 * (its container's top-level blob names, listed by the caller, which holds the store). `filters`
 * (names the asset can use) go into every streaming path.
 */
export function listLocatorPaths(
  catalog: Catalog,
  idOrName: string,
  blobFiles?: (assetId: string) => string[] | null,
  /** The formats the asset's codecs go in (the endpoint knows them once it opened the asset); absent = all. */
  formats?: readonly StreamingFormat[],
  filters: readonly string[] = [],
): LocatorPaths {
  const locator = getLocator(catalog, idOrName);
  if (!locator) throw new CatalogError('not-found', `No streaming locator "${idOrName}".`);
  const policy = getPolicy(catalog, locator.policyName);
  if (!policy) throw new CatalogError('not-found', `Streaming policy "${locator.policyName}" of locator ${locator.id} is missing.`);
  const asset = mustGetAsset(catalog, locator.assetId);
  for (const name of filters) {
    if (!findFilterForAsset(catalog, name, asset.id)) throw new CatalogError('not-found', `No filter named "${name}" for asset "${asset.name}".`);
  }
  const fromBlob = asset.storage === 'blob' ? (blobFiles?.(asset.id) ?? null) : null;
  const source = { id: locator.id, protocols: policy.protocols, encryptionScheme: policy.encryptionScheme };
  if (fromBlob) return listPaths({ locator: source, ismName: asset.ismName, files: fromBlob, formats, filters });
  let files: string[];
  try {
    files = fs
      .readdirSync(assetFolderPath(catalog, asset), { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name);
  } catch (err) {
    throw new CatalogError(
      'not-found',
      `The folder of asset "${asset.name}" (${asset.folder}) cannot be read: ${(err as Error).message}. Was it moved or deleted outside the studio?`,
      { cause: err },
    );
  }
  return listPaths({ locator: source, ismName: asset.ismName, files, formats, filters });
}
