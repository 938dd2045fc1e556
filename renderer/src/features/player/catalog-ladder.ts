import type { AssetFilesData, RungQualityData } from '@contract';
import { formatKbps } from '../../lib/format.ts';

/** A video rung as the catalog knows it: declared in the .ism, measured when the studio encoded it. */
export interface CatalogRung {
  readonly width: number | null;
  readonly height: number | null;
  /** The .ism's systemBitrate: the one figure every format's manifest is written from. */
  readonly declared: number | null;
  /** ffprobe's bitrate of the rung's file, stored when its encode finished (b/s); null for other assets. */
  readonly measured: number | null;
}

/** The asset's video rungs from assets.files, with the measured bitrates of assets.show's rungs. */
export function catalogLadder(files: AssetFilesData | null, measured: readonly Pick<RungQualityData, 'file' | 'measuredKbps'>[]): CatalogRung[] {
  if (!files) return [];
  return files.tracks
    .filter((t) => t.kind === 'video')
    .map((t) => {
      const kbps = measured.find((m) => m.file === t.src)?.measuredKbps ?? null;
      return { width: t.width, height: t.height, declared: t.bitrate, measured: kbps === null ? null : kbps * 1000 };
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
