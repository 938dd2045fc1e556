import { MediaError } from '../types/errors.ts';
import type { MediaTrack, TrackFragments } from '../types/media.ts';
import { ticksToSeconds } from './ticks.ts';
import path from 'node:path';

/** Rounding two rungs' times to ticks can differ by one tick; anything more is a real misalignment. */
const TOLERANCE_TICKS = 1;
/** AMS refused fragments over ~20 s (MPE_KEY_FRAME_INTERVAL_TOO_LARGE). */
export const MAX_FRAGMENT_TICKS = 20 * 10_000_000;

function label(track: MediaTrack): string {
  return `${path.basename(track.file)} (${track.bitrate} b/s)`;
}

/** Every video rung must start its GOPs at the same times as the first, or switching breaks. */
export function checkGopAlignment(rungs: readonly { track: MediaTrack; fragments: TrackFragments }[]): void {
  const [reference, ...others] = rungs;
  if (!reference) return;
  const ref = reference.fragments.startTicks;
  for (const { track, fragments } of others) {
    const own = fragments.startTicks;
    const n = Math.min(ref.length, own.length) - 1;
    for (let i = 0; i < n; i++) {
      if (Math.abs(own[i]! - ref[i]!) > TOLERANCE_TICKS) {
        throw new MediaError(
          `Video rungs are not GOP-aligned: ${label(track)} has key frame ${i + 1} at ${ticksToSeconds(own[i]!)} ` +
            `where ${label(reference.track)} has one at ${ticksToSeconds(ref[i]!)}. Encode every rung with the same closed, fixed GOP (e.g. 2 s).`,
          track.file,
        );
      }
    }
    if (own.length !== ref.length) {
      const extra = own.length > ref.length ? track : reference.track;
      const at = Math.min(ref.length, own.length) - 1;
      const time = (own.length > ref.length ? own : ref)[at]!;
      throw new MediaError(
        `Video rungs are not GOP-aligned: ${label(track)} has ${own.length - 1} GOPs and ${label(reference.track)} has ${ref.length - 1}; ` +
          `${label(extra)} has an extra key frame at ${ticksToSeconds(time)}. Encode every rung with the same closed, fixed GOP.`,
        track.file,
      );
    }
  }
}

/** Rejects fragments longer than AMS allowed. */
export function checkFragmentLengths(track: MediaTrack, fragments: TrackFragments): void {
  const t = fragments.startTicks;
  for (let i = 0; i + 1 < t.length; i++) {
    if (t[i + 1]! - t[i]! > MAX_FRAGMENT_TICKS) {
      throw new MediaError(
        `${path.basename(track.file)}: the fragment at ${ticksToSeconds(t[i]!)} lasts ${ticksToSeconds(t[i + 1]! - t[i]!)}, ` +
          `longer than the 20 s limit; re-encode with a key frame at least every 20 s (2 s is usual).`,
        track.file,
      );
    }
  }
}
