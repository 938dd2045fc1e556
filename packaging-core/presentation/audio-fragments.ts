import { TICKS_PER_SECOND, type MediaTrack, type TrackFragments } from '../types/media.ts';
import { presentationEnd } from './video-fragments.ts';
import { toTicks } from './ticks.ts';

/** Fragment length for presentations without video (AMS's encoder used 2 s everywhere). */
const AUDIO_ONLY_FRAGMENT_TICKS = 2 * TICKS_PER_SECOND;

function sampleTicks(track: MediaTrack, i: number): number {
  return toTicks(track.samples.dts[i]! + track.samples.cto[i]!, track.timescale);
}

/**
 * Audio fragments over the video timeline: as many as video has, each AAC frame in the fragment its
 * start time falls in. A fragment's start is its first frame's time (not the video boundary), except
 * that the first never starts before 0: encoder priming frames sit before 0 and URLs have no negative
 * times. An empty fragment (audio shorter than video) starts at the video boundary.
 */
export function audioFragmentsOnTimeline(track: MediaTrack, videoStartTicks: Float64Array): TrackFragments {
  const fragments = videoStartTicks.length - 1;
  const count = track.samples.count;
  const firstSample = new Uint32Array(fragments + 1);
  const startTicks = new Float64Array(fragments + 1);
  let sample = 0;
  for (let f = 0; f < fragments; f++) {
    const boundary = videoStartTicks[f + 1]!;
    firstSample[f] = sample;
    startTicks[f] = sample < count ? sampleTicks(track, sample) : videoStartTicks[f]!;
    const last = f === fragments - 1;
    while (sample < count && (last || sampleTicks(track, sample) < boundary)) sample++;
    if (firstSample[f] === sample) startTicks[f] = videoStartTicks[f]!;
  }
  startTicks[0] = Math.max(0, startTicks[0]!);
  firstSample[fragments] = count;
  startTicks[fragments] = toTicks(presentationEnd(track), track.timescale);
  return { firstSample, startTicks };
}

/** Audio-only presentations: ~2 s fragments on frame boundaries. */
export function audioOnlyFragments(track: MediaTrack): TrackFragments {
  const count = track.samples.count;
  const firsts = [0];
  const starts = [Math.max(0, sampleTicks(track, 0))];
  let nextBoundary = AUDIO_ONLY_FRAGMENT_TICKS;
  for (let i = 1; i < count; i++) {
    const t = sampleTicks(track, i);
    if (t >= nextBoundary) {
      firsts.push(i);
      starts.push(t);
      while (nextBoundary <= t) nextBoundary += AUDIO_ONLY_FRAGMENT_TICKS;
    }
  }
  firsts.push(count);
  starts.push(toTicks(presentationEnd(track), track.timescale));
  return { firstSample: Uint32Array.from(firsts), startTicks: Float64Array.from(starts) };
}
