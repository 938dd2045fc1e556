/**
 * Resolves the addressing of a URL (QualityLevels bitrate, track name, fragment time) against a
 * presentation, with AMS's 404 codes (streaming-formats.md §1.3, §5.5).
 */
import { OriginError } from '../types/errors.ts';
import type { Presentation, PresentationTrack } from '../types/media.ts';

export function findTrack(presentation: Presentation, bitrate: number, name: string): PresentationTrack {
  const all = [...presentation.video, ...presentation.audio];
  const named = all.filter((track) => track.name === name);
  if (named.length === 0) {
    throw new OriginError(
      404,
      'MPE_EGRESS_TRACK_NOT_FOUND',
      `Track "${name}" is not in ${presentation.ismName}; tracks: ${[...new Set(all.map((t) => t.name))].join(', ')}.`,
    );
  }
  const track = named.find((candidate) => candidate.bitrate === bitrate);
  if (!track) {
    throw new OriginError(
      404,
      'MPE_MANIFEST_MEDIA_ENTRY_NOT_FOUND',
      `Track "${name}" has no quality at bitrate ${bitrate}; bitrates: ${named.map((t) => t.bitrate).join(', ')}.`,
    );
  }
  return track;
}

/** Audio track by name (HLS v3 `audiotrack=`), or the first audio track when no name is given. */
export function findAudioTrack(
  presentation: Presentation,
  name: string | undefined,
): PresentationTrack | undefined {
  if (name === undefined) return presentation.audio[0];
  const track = presentation.audio.find((candidate) => candidate.name === name);
  if (!track) {
    const names = presentation.audio.map((t) => t.name);
    throw new OriginError(
      404,
      'MPE_EGRESS_TRACK_NOT_FOUND',
      `Audio track "${name}" is not in ${presentation.ismName}; audio tracks: ${names.length > 0 ? names.join(', ') : 'none'}.`,
    );
  }
  return track;
}

/** Index of the fragment starting exactly at `ticks` (binary search over startTicks). */
export function findFragmentIndex(track: PresentationTrack, ticks: number): number {
  const starts = track.fragments.startTicks;
  let low = 0;
  let high = starts.length - 2; // the last entry is the end, not a fragment start
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const value = starts[mid]!;
    if (value === ticks) return mid;
    if (value < ticks) low = mid + 1;
    else high = mid - 1;
  }
  throw new OriginError(
    404,
    'MPE_FRAGMENT_TIMESTAMP_NOT_FOUND',
    `No fragment of track "${track.name}" (${track.bitrate}) starts at ${ticks}; fragment times come from the manifest.`,
  );
}
