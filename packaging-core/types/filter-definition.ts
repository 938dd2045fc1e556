/**
 * A dynamic manifest filter as AMS defined it (streaming-formats.md §6), as plain data: the catalog
 * stores it as JSON, the studio API and the UI exchange it, the origin applies it per request.
 * Pure types and constants (no Node), so any layer may import them.
 */

/** AMS's clock for filter times when a filter does not say otherwise (100 ns). */
export const DEFAULT_FILTER_TIMESCALE = 10_000_000;

/** Filter names are path-safe words: they appear inside `filter=a;b` in every URL. */
export const FILTER_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;

export type TrackProperty = 'Type' | 'Name' | 'Language' | 'FourCC' | 'Bitrate';
export type TrackOperation = 'Equal' | 'NotEqual';

export const TRACK_PROPERTIES: readonly TrackProperty[] = ['Type', 'Name', 'Language', 'FourCC', 'Bitrate'];
export const TRACK_OPERATIONS: readonly TrackOperation[] = ['Equal', 'NotEqual'];

/**
 * One condition on a track. Values by property:
 *  - Type: `video`, `audio` or `text` (any case);
 *  - Name: the track name (`video`, `aac_eng_2_128000`), exact;
 *  - Language: an RFC 5646 / ISO 639 code (`en`, `eng`, `fr-CA`), compared on the language subtag;
 *  - FourCC: the first element of the RFC 6381 codec (`avc1`, `mp4a`, `hvc1`, `ec-3`), any case;
 *  - Bitrate: bits per second, one value (`500000`) or an inclusive range (`0-600000`).
 */
export interface TrackCondition {
  readonly property: TrackProperty;
  readonly operation: TrackOperation;
  readonly value: string;
}

/** Conditions AND-ed: a track is selected when it meets all of them. */
export interface TrackSelection {
  readonly trackSelections: readonly TrackCondition[];
}

/**
 * Absolute media times in `timescale` units (AMS assets start at 0). Either end may be left out.
 * The origin keeps whole fragments: the range is widened to the fragment boundaries around it.
 */
export interface PresentationTimeRange {
  readonly startTimestamp?: number;
  readonly endTimestamp?: number;
  /** Units per second; default 10 000 000. */
  readonly timescale?: number;
}

export interface FilterDefinition {
  readonly presentationTimeRange?: PresentationTimeRange;
  /** Selections OR-ed: a track is kept when it meets any entry. Absent or empty = every track. */
  readonly tracks?: readonly TrackSelection[];
  /** The video quality HLS masters list first, so players start on it (nearest bitrate when not exact). */
  readonly firstQuality?: { readonly bitrate: number };
}

/** A definition with the name it is addressed by (`filter=name`), for errors that say which filter did what. */
export interface NamedFilter {
  readonly name: string;
  readonly definition: FilterDefinition;
}
