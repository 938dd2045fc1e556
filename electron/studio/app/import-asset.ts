import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { assetFolderPath, deleteAssetRow, insertAsset } from '../catalog/assets-repo.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import type { Asset } from '../catalog/types.ts';
import { probeFile } from '../media/probe.ts';
import { addTextCues } from '../tracks/asset-tracks.ts';
import { embeddedAsNewTracks } from '../tracks/carry-text-tracks.ts';
import { readEmbeddedText } from '../tracks/embedded-text.ts';
import { sourcePoster } from './source-poster.ts';

/**
 * Imports a mezzanine by reference: probe it (a non-media file throws ProbeError and nothing is
 * added), then record an asset pointing at the file. Nothing is copied — a mezzanine is often tens
 * of gigabytes, a copy would double the disk it takes and the time before the first encode, and the
 * encoder reads it once per job anyway. The job probes the file again when it runs, so a moved file
 * is reported then. The asset's folder exists so it can be published for download like any; it holds
 * the source's text tracks, when it has embedded ones (tracks.smil and WebVTT files).
 */
export async function importAsset(catalog: Catalog, file: string, name?: string): Promise<Asset> {
  const abs = path.resolve(file);
  const probed = await probeFile(abs);
  // Embedded text streams become the asset's text tracks (tracks.smil); one that cannot be read is a warning.
  const embedded = await readEmbeddedText(abs, Math.round(probed.durationSec * 1000));
  const mediaInfo = embedded.warnings.length > 0 ? { ...probed, warnings: [...probed.warnings, ...embedded.warnings] } : probed;
  const asset = insertAsset(catalog, {
    name: name?.trim() || path.parse(abs).name,
    sourceFile: abs,
    mediaInfo,
    state: 'Finished',
  });
  const folder = assetFolderPath(catalog, asset);
  mkdirSync(folder, { recursive: true });
  if (embedded.tracks.length > 0) {
    try {
      await addTextCues(catalog, asset.id, embeddedAsNewTracks(embedded.tracks));
    } catch (err) {
      // All or nothing: no asset without the tracks its import found.
      deleteAssetRow(catalog, asset.id);
      await rm(folder, { recursive: true, force: true });
      throw err;
    }
  }
  // Its poster for the library card, made now (one frame) and cached; a failure only means no poster.
  await sourcePoster(catalog, asset);
  return asset;
}
