/**
 * The open-time timeline checks on hand-made tracks: what the corrupt files did to the
 * timeline (empty, reversed or over-long fragments, coarse timescales, a skipped start, a fragment too
 * big to read in one request), each refused with a MediaError naming the file.
 */
import { describe, expect, it } from 'vitest';
import { checkFragmentTimeline, checkTrackTiming, MAX_FRAGMENT_BYTES } from '../../../../packaging-core/presentation/check-timeline.ts';
import { videoFragments } from '../../../../packaging-core/presentation/video-fragments.ts';
import { audioFragmentsOnTimeline } from '../../../../packaging-core/presentation/audio-fragments.ts';
import { MediaError } from '../../../../packaging-core/types/errors.ts';
import type { MediaTrack } from '../../../../packaging-core/types/media.ts';
import { audioTrack, videoTrack } from './make-track.ts';

const video = videoTrack({ frames: 120, gop: 60, file: '/lib/a/v.mp4' });

describe('checkTrackTiming', () => {
  it('accepts a sound video and audio track', () => {
    expect(() => checkTrackTiming(video)).not.toThrow();
    expect(() => checkTrackTiming(audioTrack(200, -1024))).not.toThrow();
  });

  it('refuses a coarse timescale, AAC frames of absurd length and a start skipped too far', () => {
    expect(() => checkTrackTiming({ ...video, timescale: 2 })).toThrow(/v\.mp4 \(track 1\): mdhd timescale 2 is below 100/);
    const a = audioTrack(50);
    const durations = Uint32Array.from(a.samples.durations);
    durations[10] = 48000;
    expect(() => checkTrackTiming({ ...a, samples: { ...a.samples, durations } })).toThrow(/AAC frame 11 lasts 48000 at timescale 48000 \(1000\.000 ms\)/);
    const dts = Float64Array.from(video.samples.dts, (t) => t - 10 * video.timescale);
    expect(() => checkTrackTiming({ ...video, samples: { ...video.samples, dts } })).toThrow(/starts the presentation 10\.067 s into the media/);
  });
});

describe('checkFragmentTimeline', () => {
  it('accepts the fragments of a sound track', () => {
    expect(() => checkFragmentTimeline(video, videoFragments(video))).not.toThrow();
  });

  it('refuses audio that leaves a video fragment empty (the "[1, 1) is not a range" case)', () => {
    const short = audioTrack(1);
    const err = (() => {
      try {
        checkFragmentTimeline(short, audioFragmentsOnTimeline(short, videoFragments(video).startTicks));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(MediaError);
    expect((err as Error).message).toMatch(/the audio track has no samples for the fragment at 2\.000 s \(fragment 2 of 2\)/);
  });

  it('refuses fragments that do not move forward (negative manifest durations)', () => {
    const f = videoFragments(video);
    const startTicks = Float64Array.from(f.startTicks);
    startTicks[2] = startTicks[1]! - 1;
    expect(() => checkFragmentTimeline(video, { ...f, startTicks })).toThrow(/fragment at 2\.000 s ends at 2\.000 s, not after it starts/);
  });

  it('refuses a fragment larger than one request may read', () => {
    const sizes = Uint32Array.from(video.samples.sizes);
    sizes[5] = MAX_FRAGMENT_BYTES;
    const big: MediaTrack = { ...video, samples: { ...video.samples, sizes } };
    expect(() => checkFragmentTimeline(big, videoFragments(big))).toThrow(/holds 129 MiB of samples, over the 128 MiB limit/);
  });
});
