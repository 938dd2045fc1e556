import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { assetFolderPath, insertAsset } from '../catalog/assets-repo.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import type { Asset } from '../catalog/types.ts';
import { probeFile } from '../media/probe.ts';

/**
 * Imports a mezzanine by reference: probe it (a non-media file throws ProbeError and nothing is
 * added), then record an asset pointing at the file. Nothing is copied — a mezzanine is often tens
 * of gigabytes, a copy would double the disk it takes and the time before the first encode, and the
 * encoder reads it once per job anyway. The job probes the file again when it runs, so a moved file
 * is reported then. The asset's (empty) folder exists so it can be published for download like any.
 */
export async function importAsset(catalog: Catalog, file: string, name?: string): Promise<Asset> {
  const abs = path.resolve(file);
  const mediaInfo = await probeFile(abs);
  const asset = insertAsset(catalog, {
    name: name?.trim() || path.parse(abs).name,
    sourceFile: abs,
    mediaInfo,
    state: 'Finished',
  });
  mkdirSync(assetFolderPath(catalog, asset), { recursive: true });
  return asset;
}
