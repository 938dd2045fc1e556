import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AssetThumbnailsData } from '../api/contract.ts';
import { assetFolderPath, mustGetAsset } from '../catalog/assets-repo.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import { StudioApiError } from './api-error.ts';
import { parseThumbnailVtt, ThumbnailVttError, type ThumbnailCue } from './thumbnail-vtt.ts';

/** A sprite of 100 tiles is a few hundred KB; a cap keeps a stray huge file from bloating the reply. */
const MAX_SPRITE_BYTES = 8 * 1024 * 1024;

const NONE: AssetThumbnailsData = { sprite: null, spriteWidth: 0, spriteHeight: 0, cues: [] };

/**
 * The asset's scrubbing sprite as a data URL with its cues, for the asset view's scrubber: like the
 * poster in assets.files, a data URL works over IPC and HTTP alike and before the asset is published.
 * Only cues on the sprite the encoder wrote next to the VTT are kept (a payload may name another file).
 */
export async function assetThumbnails(catalog: Catalog, id: string): Promise<AssetThumbnailsData> {
  const folder = assetFolderPath(catalog, mustGetAsset(catalog, id));
  const names = await readdir(folder).catch(() => [] as string[]);
  const vttName = names.sort().find((n) => n.endsWith('_thumbnails.vtt'));
  if (!vttName) return NONE;
  const cues = readCues(vttName, await readFile(path.join(folder, vttName), 'utf8'));
  const spriteName = cues[0]?.image;
  // The payload is a name inside the asset folder, never a path out of it.
  if (!spriteName || path.basename(spriteName) !== spriteName || !names.includes(spriteName)) return NONE;
  const spritePath = path.join(folder, spriteName);
  if ((await stat(spritePath)).size > MAX_SPRITE_BYTES) return NONE;
  const tiles = cues.filter((c) => c.image === spriteName).map(({ start, end, x, y, w, h }) => ({ start, end, x, y, w, h }));
  return {
    sprite: `data:image/jpeg;base64,${(await readFile(spritePath)).toString('base64')}`,
    spriteWidth: Math.max(...tiles.map((c) => c.x + c.w)),
    spriteHeight: Math.max(...tiles.map((c) => c.y + c.h)),
    cues: tiles,
  };
}

function readCues(vttName: string, text: string): ThumbnailCue[] {
  try {
    return parseThumbnailVtt(text);
  } catch (err) {
    if (!(err instanceof ThumbnailVttError)) throw err;
    throw new StudioApiError('corrupt-file', `${vttName} cannot be read: ${err.message}`, 'Encode the asset again to rewrite its thumbnails.', { cause: err });
  }
}
