/**
 * Track selection semantics of AMS filters (streaming-formats.md §6): conditions inside one
 * `trackSelections` list are AND-ed, the entries of `tracks` are OR-ed.
 */
import type { MediaTrack, PresentationText } from '../../types/media.ts';
import type { TrackCondition, TrackSelection } from '../../types/filter-definition.ts';

export interface BitrateRange {
  readonly min: number;
  readonly max: number;
}

/** `500000` or an inclusive `0-600000`; undefined when it is neither. */
export function parseBitrateRange(value: string): BitrateRange | undefined {
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(value);
  if (!match) return undefined;
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  return Number.isSafeInteger(min) && Number.isSafeInteger(max) && min <= max ? { min, max } : undefined;
}

/**
 * The language subtag in canonical form, so that `en`, `eng`, `en-US` and ISO 639-2/B `fre` vs /T `fra`
 * compare equal (ICU's alias data maps three-letter codes to two-letter ones). undefined = not a tag.
 */
export function canonicalLanguage(tag: string): string | undefined {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag.trim());
    return canonical?.split('-')[0]?.toLowerCase();
  } catch {
    return undefined;
  }
}

/** A media track, or a text track (`Type` text; its FourCC is that of the WebVTT it is stored as). */
export type SelectableTrack = MediaTrack | (PresentationText & { readonly kind: 'text' });

function fourCc(track: SelectableTrack): string {
  if (track.kind === 'text') return 'wvtt';
  return (track.config.codecString.split('.')[0] ?? track.config.codec).toLowerCase();
}

function holds(track: SelectableTrack, c: TrackCondition): boolean {
  switch (c.property) {
    case 'Type':
      return track.kind === c.value.toLowerCase();
    case 'Name':
      return track.name === c.value;
    case 'Language': {
      const wanted = canonicalLanguage(c.value);
      return wanted !== undefined && canonicalLanguage(track.language) === wanted;
    }
    case 'FourCC':
      return fourCc(track) === c.value.toLowerCase();
    case 'Bitrate': {
      const range = parseBitrateRange(c.value);
      return range !== undefined && track.bitrate >= range.min && track.bitrate <= range.max;
    }
  }
}

export function meetsCondition(track: SelectableTrack, c: TrackCondition): boolean {
  return c.operation === 'Equal' ? holds(track, c) : !holds(track, c);
}

/** Whether `tracks` (a filter's selection list) keeps `track`; no list keeps everything. */
export function isTrackSelected(track: SelectableTrack, tracks: readonly TrackSelection[] | undefined): boolean {
  if (!tracks || tracks.length === 0) return true;
  return tracks.some((entry) => entry.trackSelections.every((c) => meetsCondition(track, c)));
}
