import type { AssetFilesData } from '@contract';
import { formatKbps } from '../../lib/format.ts';

/** A video rung as the catalog knows it: declared in the .ism, measured from its file. */
export interface CatalogRung {
  readonly width: number | null;
  readonly height: number | null;
  /** The .ism's systemBitrate: the one figure every format's manifest is written from. */
  readonly declared: number | null;
  /** Its file's size over the asset's duration; null when the file holds other tracks too or the duration is unknown. */
  readonly measured: number | null;
}

/** The asset's video rungs from assets.files; `durationSec` (the asset's) turns file sizes into bitrates. */
export function catalogLadder(files: AssetFilesData | null, durationSec: number | null): CatalogRung[] {
  if (!files) return [];
  const perFile = new Map<string, number>();
  for (const t of files.tracks) perFile.set(t.src, (perFile.get(t.src) ?? 0) + 1);
  return files.tracks
    .filter((t) => t.kind === 'video')
    .map((t) => {
      const bytes = files.files.find((f) => f.name === t.src)?.bytes;
      const alone = perFile.get(t.src) === 1;
      return {
        width: t.width,
        height: t.height,
        declared: t.bitrate,
        measured: alone && bytes !== undefined && durationSec ? (bytes * 8) / durationSec : null,
      };
    });
}

/** The catalog rung of a picture size: the same size, else the same height (a player may round the width). */
export function matchRung(ladder: readonly CatalogRung[], width: number | null, height: number | null): CatalogRung | null {
  if (!height) return null;
  return ladder.find((r) => r.width === width && r.height === height) ?? ladder.find((r) => r.height === height) ?? null;
}

/**
 * One name for a rendition wherever it shows (picker, chosen, displayed), with the catalog's declared
 * bitrate: formats declare different figures for one rung (HLS counts audio in), the catalog has one.
 */
export function rungLabel(ladder: readonly CatalogRung[], width: number | null, height: number | null, playerBandwidth: number | null): string {
  if (!height) return '—';
  const rung = matchRung(ladder, width, height);
  const size = width ? `${width}×${height}` : `${height}p`;
  return `${size} · ${formatKbps(rung?.declared ?? playerBandwidth)}`;
}
