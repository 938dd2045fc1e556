import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseIsm } from '../../../packaging-core/index.ts';
import { assetFolderPath, mustGetAsset } from '../catalog/assets-repo.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import type { AssetFilesData } from '../api/contract.ts';
import { sourcePoster } from './source-poster.ts';

/** Posters are small JPEGs (one frame); a cap keeps a stray huge file from bloating the reply. */
const MAX_POSTER_BYTES = 2 * 1024 * 1024;

/** `{base}_{W}x{H}_…` (encoding.md §1.4): the size is in the name, so no probe is needed to list rungs. */
function sizeFromName(src: string): { width: number | null; height: number | null } {
  const m = /_(\d+)x(\d+)_/.exec(src);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : { width: null, height: null };
}

/**
 * What an asset folder holds, for the asset view: its files, the tracks its .ism declares (the
 * encoded ladder) and the poster as a data URL. A data URL works over IPC and HTTP alike, and before
 * the asset is published (no locator, so no download URL yet).
 */
export async function assetFiles(catalog: Catalog, id: string): Promise<AssetFilesData> {
  const asset = mustGetAsset(catalog, id);
  const folder = assetFolderPath(catalog, asset);
  const names = await readdir(folder).catch(() => [] as string[]);
  const files: { name: string; bytes: number }[] = [];
  for (const name of names.sort()) {
    const st = await stat(path.join(folder, name)).catch(() => null);
    if (st?.isFile()) files.push({ name, bytes: st.size });
  }
  let tracks: AssetFilesData['tracks'] = [];
  if (asset.ismName) {
    const xml = await readFile(path.join(folder, asset.ismName), 'utf8').catch(() => null);
    if (xml !== null) {
      tracks = parseIsm(xml, asset.ismName).tracks.map((t) => ({
        kind: t.kind,
        src: t.src,
        bitrate: t.bitrate ?? null,
        language: t.language ?? null,
        ...(t.kind === 'video' ? sizeFromName(t.src) : { width: null, height: null }),
      }));
    }
  }
  const posterFile = files.find((f) => f.name.endsWith('_poster.jpg') && f.bytes <= MAX_POSTER_BYTES);
  const poster = posterFile
    ? `data:image/jpeg;base64,${(await readFile(path.join(folder, posterFile.name))).toString('base64')}`
    : asset.sourceFile
      ? await sourcePoster(catalog, asset)
      : null;
  return { files, tracks, poster };
}
