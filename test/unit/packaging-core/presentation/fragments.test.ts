import { describe, expect, it } from 'vitest';
import { audioFragmentsOnTimeline, audioOnlyFragments } from '../../../../packaging-core/presentation/audio-fragments.ts';
import { checkFragmentLengths, checkGopAlignment } from '../../../../packaging-core/presentation/gop-alignment.ts';
import { videoFragments } from '../../../../packaging-core/presentation/video-fragments.ts';
import { MediaError } from '../../../../packaging-core/types/errors.ts';
import { audioTrack, videoTrack } from './make-track.ts';

describe('video fragments', () => {
  it('cut at every key frame; the last entry is the end of the track (13 s, 2 s GOPs -> 7, the last 1 s)', () => {
    const f = videoFragments(videoTrack({ frames: 390, gop: 60 }));
    expect([...f.firstSample]).toEqual([0, 60, 120, 180, 240, 300, 360, 390]);
    expect([...f.startTicks]).toEqual([0, 2e7, 4e7, 6e7, 8e7, 10e7, 12e7, 13e7]);
  });

  it('rounds absolute times to ticks (29.97 fps: no accumulated drift)', () => {
    // 30000/1001 as timescale 30000, 1001 per frame, 2-frame cto: key frame 60 at 60*1001/30000 s.
    const t = videoTrack({ frames: 120, gop: 60 });
    const ntsc = { ...t, timescale: 30000, samples: { ...t.samples, dts: t.samples.dts.map((_, i) => i * 1001 - 2002), cto: t.samples.cto.fill(2002), durations: t.samples.durations.fill(1001) } };
    const f = videoFragments(ntsc);
    expect([...f.startTicks]).toEqual([0, Math.round((60 * 1001 * 1e7) / 30000), Math.round((120 * 1001 * 1e7) / 30000)]);
  });
});

describe('audio fragments on the video timeline', () => {
  const video = videoFragments(videoTrack({ frames: 390, gop: 60 }));

  it('has the same count as video; each frame goes where its start falls; starts are the first frame times', () => {
    // 611 frames from -1024 (priming): the fixture's AAC layout.
    const f = audioFragmentsOnTimeline(audioTrack(611, -1024), video.startTicks);
    expect(f.firstSample.length).toBe(video.firstSample.length);
    expect([...f.firstSample]).toEqual([0, 95, 189, 283, 376, 470, 564, 611]);
    // Frame 95 starts at 94*1024/48000 = 2.005333 s, the first at or after the 2 s boundary.
    expect(f.startTicks[1]).toBe(20053333);
    expect(f.startTicks[4]).toBe(80000000); // 375*1024/48000 = 8 s exactly: on the boundary, it goes to the new fragment
    expect(f.startTicks[0]).toBe(0); // priming frame at -21.3 ms does not make a negative start
    expect(f.startTicks[7]).toBe(Math.round((610 * 1024 * 1e7) / 48000));
  });

  it('puts no frame in a fragment that starts after it (each fragment spans [start, next start))', () => {
    const a = audioTrack(611, -1024);
    const f = audioFragmentsOnTimeline(a, video.startTicks);
    for (let i = 0; i + 1 < f.firstSample.length; i++) {
      for (let s = f.firstSample[i]!; s < f.firstSample[i + 1]!; s++) {
        const t = (a.samples.dts[s]! * 1e7) / 48000;
        if (i > 0) expect(t).toBeGreaterThanOrEqual(video.startTicks[i]!);
        if (i + 2 < f.firstSample.length) expect(t).toBeLessThan(video.startTicks[i + 1]!);
      }
    }
  });

  it('leaves trailing fragments empty when audio is shorter, starting at the video boundary', () => {
    const f = audioFragmentsOnTimeline(audioTrack(150), video.startTicks); // 3.2 s of audio
    expect([...f.firstSample]).toEqual([0, 94, 150, 150, 150, 150, 150, 150]);
    expect(f.startTicks[3]).toBe(6e7);
  });

  it('audio-only: ~2 s fragments on frame boundaries', () => {
    const f = audioOnlyFragments(audioTrack(300)); // 6.4 s
    expect([...f.firstSample]).toEqual([0, 94, 188, 282, 300]);
    expect(f.startTicks[1]).toBe(Math.round((94 * 1024 * 1e7) / 48000));
  });
});

describe('checks', () => {
  it('accepts aligned rungs', () => {
    const rungs = [1_000_000, 500_000].map((bitrate) => {
      const track = videoTrack({ frames: 390, gop: 60, bitrate });
      return { track, fragments: videoFragments(track) };
    });
    expect(() => checkGopAlignment(rungs)).not.toThrow();
  });

  it('names the rung and the time where GOPs differ', () => {
    const a = videoTrack({ frames: 390, gop: 60, bitrate: 900_000, file: '/x/hi.mp4' });
    const b = videoTrack({ frames: 390, gop: 60, keyframes: [0, 60, 125, 180, 240, 300, 360], bitrate: 500_000, file: '/x/lo.mp4' });
    const rungs = [a, b].map((track) => ({ track, fragments: videoFragments(track) }));
    expect(() => checkGopAlignment(rungs)).toThrow(MediaError);
    expect(() => checkGopAlignment(rungs)).toThrow(/lo\.mp4 \(500000 b\/s\) has key frame 3 at 4\.167 s where hi\.mp4 \(900000 b\/s\) has one at 4\.000 s/);
  });

  it('reports a rung with an extra key frame', () => {
    const a = videoTrack({ frames: 390, gop: 60, file: '/x/hi.mp4' });
    const b = videoTrack({ frames: 390, gop: 60, keyframes: [0, 60, 120, 180, 240, 300, 360, 375], bitrate: 2, file: '/x/lo.mp4' });
    const rungs = [a, b].map((track) => ({ track, fragments: videoFragments(track) }));
    expect(() => checkGopAlignment(rungs)).toThrow(/lo\.mp4 \(2 b\/s\) has 8 GOPs .* extra key frame at 12\.500 s/);
  });

  it('rejects fragments longer than 20 s', () => {
    const t = videoTrack({ frames: 30 * 25, gop: 30 * 25 });
    expect(() => checkFragmentLengths(t, videoFragments(t))).toThrow(/fragment at 0\.000 s lasts 25\.000 s, longer than the 20 s limit/);
    const ok = videoTrack({ frames: 30 * 20, gop: 30 * 20 });
    expect(() => checkFragmentLengths(ok, videoFragments(ok))).not.toThrow();
  });
});
