/**
 * The asset's pictures: a poster JPEG (the frame at 10 % of the duration) and a scrubbing sprite of
 * 160 px frames with a WebVTT index (`sprite.jpg#xywh=x,y,w,h`) that players use for seek previews.
 * Made from an encoded rung, not the source: it is already deinterlaced, rotated, tone-mapped and
 * 8-bit, and its keyframes sit exactly every 2 s, so decoding keyframes only is cheap and exact.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runFfmpeg } from '../media/ffmpeg-process.ts';
import { fileUrl } from './ffmpeg-args.ts';

export const THUMB_WIDTH = 160;
const COLUMNS = 10;
const MAX_THUMBS = 100;

export interface SpriteCue {
  readonly startSec: number;
  readonly endSec: number;
  readonly x: number;
  readonly y: number;
}

export interface SpriteLayout {
  /** Take every `step`-th keyframe. */
  readonly step: number;
  readonly columns: number;
  readonly rows: number;
  readonly tileWidth: number;
  readonly tileHeight: number;
  readonly cues: readonly SpriteCue[];
}

/** One tile per keyframe (every 2 s), or every n-th keyframe so that at most 100 tiles are made. */
export function spriteLayout(keyframesSec: readonly number[], durationSec: number, width: number, height: number): SpriteLayout {
  const step = Math.max(1, Math.ceil(keyframesSec.length / MAX_THUMBS));
  const picked = keyframesSec.filter((_, i) => i % step === 0);
  const tileWidth = THUMB_WIDTH;
  const tileHeight = Math.max(2, Math.round((THUMB_WIDTH * height) / width / 2) * 2);
  const columns = Math.max(1, Math.min(COLUMNS, picked.length));
  const rows = Math.max(1, Math.ceil(picked.length / columns));
  const cues = picked.map((t, i) => ({
    startSec: i === 0 ? 0 : t,
    endSec: picked[i + 1] ?? durationSec,
    x: (i % columns) * tileWidth,
    y: Math.floor(i / columns) * tileHeight,
  }));
  return { step, columns, rows, tileWidth, tileHeight, cues };
}

function vttTime(sec: number): string {
  const ms = Math.max(0, Math.round(sec * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

export function spriteVtt(layout: SpriteLayout, spriteName: string): string {
  const cues = layout.cues.map(
    (c) => `${vttTime(c.startSec)} --> ${vttTime(c.endSec)}\n${spriteName}#xywh=${c.x},${c.y},${layout.tileWidth},${layout.tileHeight}`,
  );
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}

export interface ThumbnailFiles {
  readonly poster: string;
  readonly sprite: string;
  readonly vtt: string;
}

export interface ThumbnailSource {
  /** An encoded rung (path). */
  readonly file: string;
  readonly width: number;
  readonly height: number;
  readonly keyframesSec: readonly number[];
  readonly durationSec: number;
}

export async function writeThumbnails(
  ffmpegPath: string,
  source: ThumbnailSource,
  outDir: string,
  baseName: string,
  signal?: AbortSignal,
): Promise<ThumbnailFiles> {
  const names: ThumbnailFiles = {
    poster: `${baseName}_poster.jpg`,
    sprite: `${baseName}_thumbnails.jpg`,
    vtt: `${baseName}_thumbnails.vtt`,
  };
  const posterAt = (source.durationSec * 0.1).toFixed(3);
  await runFfmpeg({
    ffmpegPath,
    signal,
    args: ['-y', '-ss', posterAt, '-i', fileUrl(source.file), '-frames:v', '1', '-q:v', '3', '-update', '1', fileUrl(path.join(outDir, names.poster))],
  });
  const layout = spriteLayout(source.keyframesSec, source.durationSec, source.width, source.height);
  const graph = `select='not(mod(n\\,${layout.step}))',scale=${layout.tileWidth}:${layout.tileHeight},setsar=1,tile=${layout.columns}x${layout.rows}`;
  await runFfmpeg({
    ffmpegPath,
    signal,
    args: ['-y', '-skip_frame', 'nokey', '-i', fileUrl(source.file), '-an', '-vf', graph, '-frames:v', '1', '-q:v', '4', '-update', '1', fileUrl(path.join(outDir, names.sprite))],
  });
  await writeFile(path.join(outDir, names.vtt), spriteVtt(layout, names.sprite));
  return names;
}
