/**
 * Open-time checks of what the sample tables mean for packaging (the tables themselves are checked in
 * mp4/check-sample-tables.ts): timescales and frame durations a real H.264/AAC track can have, and a
 * fragment timeline every format can write — each fragment non-empty, later than the one before, no
 * longer than AMS allowed and no larger than one request may read. Manifests (durations), Smooth
 * (unsigned times) and the TS muxer (PCR schedule, segment size) all rely on this; a track that fails
 * is a MediaError naming the file.
 */
import path from 'node:path';
import { MediaError } from '../types/errors.ts';
import type { MediaTrack, TrackFragments } from '../types/media.ts';
import { MAX_FRAGMENT_TICKS } from './gop-alignment.ts';
import { ticksToSeconds } from './ticks.ts';

/** Below these, one tick is coarser than a frame (video) or than an audio frame's rounding (audio). */
const MIN_TIMESCALE = { video: 100, audio: 1000 } as const;
/**
 * An AAC frame is 960–2048 samples at 7.35–96 kHz: 10–279 ms. Outside a generous [5 ms, 300 ms] the
 * timescale or the durations are corrupt (e.g. mdhd timescale 2 makes every frame 512 s long).
 */
const AAC_FRAME_SECONDS = { min: 0.005, max: 0.3 } as const;

/**
 * How long before presentation time 0 the first sample may be decoded. B-frame reordering and AAC
 * priming need a few frames; MPEG-TS has 10 s of headroom below 0 (mp2t/clock.ts). An edit list that
 * skips further into the media would give the skipped samples negative times in every format.
 */
const MAX_LEAD_SECONDS = 5;
/**
 * The most media one fragment may hold: encrypted fragments are read whole into memory, so this bounds
 * what one request allocates (20 s at 50 Mb/s is 125 MB; real rungs hold a few MB per fragment).
 */
export const MAX_FRAGMENT_BYTES = 128 * 1024 * 1024;

function name(track: MediaTrack): string {
  return `${path.basename(track.file)} (track ${track.trackId})`;
}

/** The track's clock and, for audio, its frame durations are ones a real encoder writes. */
export function checkTrackTiming(track: MediaTrack): void {
  const min = MIN_TIMESCALE[track.kind];
  if (track.timescale < min) {
    throw new MediaError(`${name(track)}: mdhd timescale ${track.timescale} is below ${min}, too coarse for ${track.kind}; the file is corrupt`, track.file);
  }
  const lead = -track.samples.dts[0]! / track.timescale;
  if (lead > MAX_LEAD_SECONDS) {
    throw new MediaError(
      `${name(track)}: its edit list starts the presentation ${lead.toFixed(3)} s into the media (elst media_time); ` +
        `at most ${MAX_LEAD_SECONDS} s can be skipped this way. Remux the file to cut the start (ffmpeg -ss … -c copy).`,
      track.file,
    );
  }
  if (track.config.codec !== 'mp4a') return;
  const { durations, count } = track.samples;
  // The last frame may be trimmed (encoder padding removed), so only its upper bound is checked.
  for (let i = 0; i < count; i++) {
    const seconds = durations[i]! / track.timescale;
    if (seconds > AAC_FRAME_SECONDS.max || (i < count - 1 && seconds < AAC_FRAME_SECONDS.min)) {
      throw new MediaError(
        `${name(track)}: AAC frame ${i + 1} lasts ${durations[i]} at timescale ${track.timescale} (${(seconds * 1000).toFixed(3)} ms); ` +
          `AAC frames last ${AAC_FRAME_SECONDS.min * 1000}–${AAC_FRAME_SECONDS.max * 1000} ms, so the stts or mdhd timescale is corrupt`,
        track.file,
      );
    }
  }
}

/**
 * Every fragment holds at least one sample, starts after the previous one and lasts at most 20 s.
 * Audio on the video timeline fails here when it ends (or starts) a whole fragment away from the video.
 */
export function checkFragmentTimeline(track: MediaTrack, fragments: TrackFragments): void {
  const { firstSample, startTicks } = fragments;
  const n = firstSample.length - 1;
  if (n < 1) throw new MediaError(`${name(track)}: the ${track.kind} track has no fragments`, track.file);
  for (let f = 0; f < n; f++) {
    const at = ticksToSeconds(startTicks[f]!);
    if (firstSample[f + 1]! <= firstSample[f]!) {
      throw new MediaError(
        `${name(track)}: the ${track.kind} track has no samples for the fragment at ${at} (fragment ${f + 1} of ${n}); ` +
          `its samples end at ${ticksToSeconds(startTicks[n]!)} — every track must cover the whole presentation`,
        track.file,
      );
    }
    let bytes = 0;
    for (let i = firstSample[f]!; i < firstSample[f + 1]!; i++) bytes += track.samples.sizes[i]!;
    if (bytes > MAX_FRAGMENT_BYTES) {
      throw new MediaError(`${name(track)}: the ${track.kind} fragment at ${at} holds ${Math.ceil(bytes / 1048576)} MiB of samples, over the ${MAX_FRAGMENT_BYTES / 1048576} MiB limit; the sample sizes are corrupt or the bitrate far too high for streaming`, track.file);
    }
    const length = startTicks[f + 1]! - startTicks[f]!;
    if (!(length > 0)) {
      throw new MediaError(`${name(track)}: the ${track.kind} fragment at ${at} ends at ${ticksToSeconds(startTicks[f + 1]!)}, not after it starts; the sample times are corrupt`, track.file);
    }
    if (length > MAX_FRAGMENT_TICKS) {
      throw new MediaError(`${name(track)}: the ${track.kind} fragment at ${at} lasts ${ticksToSeconds(length)}, over the 20 s limit; the sample times are corrupt or the key frames too far apart`, track.file);
    }
  }
}
