import type { MediaTrack, TrackFragments } from '../types/media.ts';
import { toTicks } from './ticks.ts';

/** Presentation end of a track (latest pts + duration) in its timescale. */
export function presentationEnd(track: MediaTrack): number {
  const { count, dts, cto, durations } = track.samples;
  let end = -Infinity;
  for (let i = 0; i < count; i++) end = Math.max(end, dts[i]! + cto[i]! + durations[i]!);
  return end;
}

/** Decode-order indexes of the sync samples, with sample 0 always starting the first fragment. */
export function fragmentStarts(track: MediaTrack): number[] {
  const { count, sync } = track.samples;
  const starts = [0];
  for (let i = 1; i < count; i++) if (sync[i]) starts.push(i);
  return starts;
}

/**
 * Video fragments: one per GOP, starting at each sync sample; a fragment starts at its sync sample's
 * presentation time. The last startTicks entry is the track's end. The first fragment never starts
 * before 0: an edit list may begin part-way into the first frame, and URLs carry no negative times.
 */
export function videoFragments(track: MediaTrack): TrackFragments {
  const starts = fragmentStarts(track);
  const { dts, cto, count } = track.samples;
  const firstSample = new Uint32Array(starts.length + 1);
  const startTicks = new Float64Array(starts.length + 1);
  starts.forEach((s, i) => {
    firstSample[i] = s;
    startTicks[i] = toTicks(dts[s]! + cto[s]!, track.timescale);
  });
  startTicks[0] = Math.max(0, startTicks[0]!);
  firstSample[starts.length] = count;
  startTicks[starts.length] = toTicks(presentationEnd(track), track.timescale);
  return { firstSample, startTicks };
}
