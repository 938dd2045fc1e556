/**
 * The poster of an imported source (a mezzanine has no encoder-made one): a frame at 10 % of its
 * duration, 480 px wide, made with ffmpeg once and cached as `<library>/cache/posters/<asset id>.jpg`
 * — outside the asset folder, whose files a download locator would serve.
 */
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Catalog } from '../catalog/open-catalog.ts';
import type { Asset } from '../catalog/types.ts';
import { fileUrl } from '../encoding/ffmpeg-args.ts';
import { runFfmpeg } from '../media/ffmpeg-process.ts';
import { resolveFfmpeg } from '../media/resolve-tools.ts';

const POSTER_WIDTH = 480;
/** A poster is one small frame: a source that takes longer to seek and decode gets none. */
const TIMEOUT_MS = 20_000;

/** One run per asset at a time: the library grid asks for every card at once. */
const running = new Map<string, Promise<string | null>>();

export function sourcePosterPath(catalog: Catalog, assetId: string): string {
  return path.join(catalog.layout.root, 'cache', 'posters', `${assetId}.jpg`);
}

async function make(catalog: Catalog, asset: Asset): Promise<string | null> {
  const video = asset.mediaInfo?.video;
  if (!asset.sourceFile || !video) return null;
  const out = sourcePosterPath(catalog, asset.id);
  const cached = await readFile(out).catch(() => null);
  if (cached) return dataUrl(cached);
  await mkdir(path.dirname(out), { recursive: true });
  const partial = `${out}.${process.pid}.part.jpg`;
  const at = ((asset.mediaInfo?.durationSec ?? 0) * 0.1).toFixed(3);
  try {
    await runFfmpeg({
      ffmpegPath: (await resolveFfmpeg()).path,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      args: ['-y', '-ss', at, '-i', fileUrl(asset.sourceFile), '-map', `0:${video.index}`, '-frames:v', '1', '-vf', `scale=w='min(${POSTER_WIDTH},iw)':h=-2`, '-q:v', '4', '-update', '1', fileUrl(partial)],
    });
    await rename(partial, out);
    return dataUrl(await readFile(out));
  } catch {
    // No poster is not an error worth reporting: the card shows its placeholder.
    await rm(partial, { force: true });
    return null;
  }
}

const dataUrl = (jpeg: Buffer) => `data:image/jpeg;base64,${jpeg.toString('base64')}`;

/** The source's poster as a data URL, made on first use (at import) and read from the cache after. */
export function sourcePoster(catalog: Catalog, asset: Asset): Promise<string | null> {
  let p = running.get(asset.id);
  if (!p) {
    p = make(catalog, asset).finally(() => running.delete(asset.id));
    running.set(asset.id, p);
  }
  return p;
}

/** When an asset is deleted, its cached poster goes too. */
export async function removeSourcePoster(catalog: Catalog, assetId: string): Promise<void> {
  await rm(sourcePosterPath(catalog, assetId), { force: true });
}
