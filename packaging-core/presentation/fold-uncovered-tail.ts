import { TICKS_PER_SECOND, type MediaTrack, type TrackFragments } from '../types/media.ts';
import { toTicks } from './ticks.ts';
import { presentationEnd } from './video-fragments.ts';

/**
 * The longest last fragment that may be folded into the one before it. Encoders that force a key frame
 * every 2 s leave a last GOP of a frame or two when the video runs a few frames past a boundary (e.g. 901
 * frames against 30.0 s of audio); longer gaps are real problems that check-timeline.ts names.
 */
const MAX_FOLDED_TICKS = TICKS_PER_SECOND;

/** Presentation time of the latest-starting sample, in ticks. */
function lastSampleStart(track: MediaTrack): number {
  const { count, dts, cto } = track.samples;
  let last = -Infinity;
  for (let i = 0; i < count; i++) last = Math.max(last, dts[i]! + cto[i]!);
  return toTicks(last, track.timescale);
}

/** The timeline without its last boundary: the last two fragments become one. */
function withoutLastBoundary(fragments: TrackFragments): TrackFragments {
  const n = fragments.firstSample.length - 1;
  const drop = <T extends Uint32Array | Float64Array>(a: T): T => {
    const out = a.slice(0, n) as T;
    out[n - 1] = a[n]!;
    return out;
  };
  return { firstSample: drop(fragments.firstSample), startTicks: drop(fragments.startTicks) };
}

/**
 * Whether the last video fragment is a short tail that audio ending at (or just before) it does not reach. Such a fragment would hold no
 * audio, which no format can write (the whole asset was refused); folding it into the fragment before
 * keeps every frame and sample, at the cost of one slightly longer last fragment.
 */
export function hasShortUncoveredTail(reference: TrackFragments, audio: readonly MediaTrack[]): boolean {
  const n = reference.firstSample.length - 1;
  if (n < 2) return false;
  const lastStart = reference.startTicks[n - 1]!;
  if (reference.startTicks[n]! - lastStart > MAX_FOLDED_TICKS) return false;
  const short = audio.filter((t) => t.samples.count > 0 && lastSampleStart(t) < lastStart);
  // Only audio that stops at the tail: audio ending long before it (or video starting long after it, a
  // corrupt edit list) stays refused by check-timeline.ts.
  return short.length > 0 && short.every((t) => toTicks(presentationEnd(t), t.timescale) >= lastStart - MAX_FOLDED_TICKS);
}

/** Folds the short uncovered tail (see hasShortUncoveredTail) of every rung, which share one timeline. */
export function foldUncoveredTail<R extends { readonly fragments: TrackFragments }>(
  rungs: readonly R[],
  audio: readonly MediaTrack[],
): R[] {
  const reference = rungs[0]?.fragments;
  if (!reference || !hasShortUncoveredTail(reference, audio)) return [...rungs];
  return rungs.map((r) => ({ ...r, fragments: withoutLastBoundary(r.fragments) }));
}
