/**
 * What a set of filters leaves of an asset, computed by the origin's own filter stage on the asset's
 * real presentation: the ladder, the audio tracks and the time range players will get. Saved filters
 * are given by name; a definition being edited is given inline, so the UI can preview before saving.
 */
import { applyFilters, type NamedFilter, OriginError, type Presentation, PresentationCache, type PresentationTrack, TICKS_PER_SECOND } from '../../../packaging-core/index.ts';
import { assetFolderPath, mustGetAsset } from '../catalog/assets-repo.ts';
import { CatalogError } from '../catalog/catalog-error.ts';
import { findFilterForAsset } from '../catalog/filters-repo.ts';
import type { Catalog } from '../catalog/open-catalog.ts';
import { validateFilter } from './filter-store.ts';

export type PreviewFilter = string | { readonly name: string; readonly definition: unknown };

export interface PreviewTrack {
  readonly kind: 'video' | 'audio';
  readonly name: string;
  readonly bitrate: number;
  readonly codec: string;
  readonly language: string;
  readonly width: number | null;
  readonly height: number | null;
}

export interface FilterPreview {
  /** Video rungs in manifest order (a firstQuality rung first), then audio tracks. */
  readonly video: readonly PreviewTrack[];
  readonly audio: readonly PreviewTrack[];
  /** Tracks the filters removed. */
  readonly removed: readonly PreviewTrack[];
  /** The kept time range in seconds, on the asset's timeline (whole fragments). */
  readonly startSec: number;
  readonly endSec: number;
  readonly durationSec: number;
  /** Fragments (segments of CMAF/DASH/Smooth) the first video rung keeps. */
  readonly fragments: number;
  /** Whether the origin would serve it; else `refusal` says why (the message a player's 400 carries). */
  readonly refusal: string | null;
}

function describe(t: PresentationTrack): PreviewTrack {
  const video = t.config.codec === 'avc1' ? t.config : undefined;
  return {
    kind: t.kind,
    name: t.name,
    bitrate: t.bitrate,
    codec: t.config.codecString,
    language: t.language,
    width: video?.width ?? null,
    height: video?.height ?? null,
  };
}

function span(p: Presentation): { start: number; end: number } {
  let start = Infinity;
  let end = 0;
  for (const t of [...p.video, ...p.audio]) {
    const s = t.fragments.startTicks;
    start = Math.min(start, s[0]!);
    end = Math.max(end, s[s.length - 1]!);
  }
  return Number.isFinite(start) ? { start, end } : { start: 0, end: 0 };
}

const seconds = (ticks: number) => Math.round((ticks / TICKS_PER_SECOND) * 1000) / 1000;

export class FilterPreviewer {
  readonly #presentations = new PresentationCache({ maxEntries: 8 });
  readonly #catalog: Catalog;

  constructor(catalog: Catalog) {
    this.#catalog = catalog;
  }

  #resolve(assetId: string, filters: readonly PreviewFilter[]): NamedFilter[] {
    return filters.map((f) => {
      if (typeof f !== 'string') return validateFilter(f.name, f.definition);
      const stored = findFilterForAsset(this.#catalog, f, assetId);
      if (!stored) throw new CatalogError('not-found', `No asset or account filter named "${f}" for this asset.`);
      return { name: f, definition: stored.definition };
    });
  }

  async preview(assetId: string, filters: readonly PreviewFilter[]): Promise<FilterPreview> {
    const asset = mustGetAsset(this.#catalog, assetId);
    if (asset.state !== 'Finished' || !asset.ismName) {
      throw new CatalogError('conflict', `Asset "${asset.name}" is ${asset.state} and has no encoded ABR set yet; preview filters on a finished encode.`);
    }
    const named = this.#resolve(assetId, filters);
    const source = await this.#presentations.get(assetFolderPath(this.#catalog, asset), asset.ismName);
    let result: Presentation;
    let refusal: string | null = null;
    try {
      result = applyFilters(source, named);
    } catch (err) {
      if (!(err instanceof OriginError)) throw err;
      // The origin would answer 400: nothing is served, and the editor shows the reason instead of failing.
      refusal = err.message;
      result = { ...source, video: [], audio: [] };
    }
    const kept = new Set([...result.video, ...result.audio].map((t) => t.key));
    const { start, end } = refusal === null ? span(result) : { start: 0, end: 0 };
    return {
      video: result.video.map(describe),
      audio: result.audio.map(describe),
      removed: [...source.video, ...source.audio].filter((t) => !kept.has(t.key)).map(describe),
      startSec: seconds(start),
      endSec: seconds(end),
      durationSec: seconds(end - start),
      fragments: result.video[0] ? result.video[0].fragments.startTicks.length - 1 : (result.audio[0]?.fragments.startTicks.length ?? 1) - 1,
      refusal,
    };
  }
}
