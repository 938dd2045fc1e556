/**
 * The most memory one TS segment may take. A TS segment is built whole in memory (perf streams it out
 * later); what it holds follows the asset's timeline — PCR packets every 100 ms of it — so a corrupt
 * timeline that slipped past the open-time checks could otherwise ask for gigabytes per request and
 * take the origin (the desktop app's main process) down. 6 s of 4K H.264 at 40 Mb/s is ~30 MB.
 */
import path from 'node:path';
import { MediaError } from '../types/errors.ts';
import type { PresentationTrack } from '../types/media.ts';

export const MAX_TS_SEGMENT_BYTES = 128 * 1024 * 1024;

/** Throws a MediaError naming the file when a segment would need more than the limit. */
export function checkSegmentBytes(bytes: number, track: PresentationTrack, what: string): void {
  if (bytes > MAX_TS_SEGMENT_BYTES) {
    throw new MediaError(
      `${path.basename(track.file)} (track ${track.trackId}): this TS segment would need ${Math.ceil(bytes / 1048576)} MiB for its ${what}, ` +
        `over the ${MAX_TS_SEGMENT_BYTES / 1048576} MiB limit per segment; the file's timeline or sample sizes are corrupt`,
      track.file,
    );
  }
}
