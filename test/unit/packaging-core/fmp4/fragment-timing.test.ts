import { describe, expect, it } from 'vitest';
import { decodeDelay, fragmentTiming } from '../../../../packaging-core/fmp4/fragment-timing.ts';
import { toTicks } from '../../../../packaging-core/presentation/ticks.ts';
import { audioTrack, videoTrack } from './synthetic-track.ts';

describe('fmp4 fragment timing on the 10 MHz clock', () => {
  it('rounds absolute times', () => {
    expect(toTicks(512, 15360)).toBe(333333);
    expect(toTicks(1024, 15360)).toBe(666667);
    expect(toTicks(-1024, 48000)).toBe(-213333);
  });

  it('shifts decode times by the B-frame delay so tfdt is the IDR pts = the fragment start', () => {
    const track = videoTrack();
    expect(decodeDelay(track.samples)).toBe(1024);
    for (let i = 0; i < track.fragments.firstSample.length - 1; i++) {
      const t = fragmentTiming(track, i);
      expect(t.baseDecodeTime).toBe(track.fragments.startTicks[i]);
      expect(t.earliestPresentationTime).toBe(track.fragments.startTicks[i]);
    }
  });

  it('keeps every presentation time exact and decode time continuous, with no drift', () => {
    // 29.97 fps in a 30000 timescale: 1001/30000 s = 333666.67 ticks per frame, never an integer.
    const track = videoTrack({ timescale: 30000, frameDuration: 1001, frames: 3600, gop: 48 });
    const { dts, cto } = track.samples;
    let decode = fragmentTiming(track, 0).baseDecodeTime;
    for (let f = 0; f < track.fragments.firstSample.length - 1; f++) {
      const t = fragmentTiming(track, f);
      expect(t.baseDecodeTime).toBe(decode);
      for (let k = 0; k < t.count; k++) {
        const i = t.first + k;
        expect(decode + t.compositionOffsets[k]!).toBe(Math.round(((dts[i]! + cto[i]!) * 1e7) / 30000));
        decode += t.durations[k]!;
      }
    }
    // The end is where 3600 frames end, to the tick: rounded durations did not accumulate.
    expect(decode).toBe(Math.round((3600 * 1001 * 1e7) / 30000));
  });

  it('writes negative composition offsets for B-frames shown before their decode time', () => {
    const t = fragmentTiming(videoTrack(), 1);
    expect(t.compositionOffsets[0]).toBe(0); // the IDR
    expect(Math.min(...t.compositionOffsets)).toBeLessThan(0);
    expect(t.hasCompositionOffsets).toBe(true);
  });

  it('keeps audio priming at a negative pts while tfdt starts at 0', () => {
    const track = audioTrack();
    const first = fragmentTiming(track, 0);
    expect(first.baseDecodeTime).toBe(0);
    expect(first.earliestPresentationTime).toBe(-213333);
    expect(first.earliestPresentationTime).toBe(track.fragments.startTicks[0]);
    const second = fragmentTiming(track, 1);
    expect(second.earliestPresentationTime).toBe(track.fragments.startTicks[1]);
    // Decode ticks of samples 94..97 (shifted by one frame): 20053333, 20266667, 20480000, 20693333.
    expect([...second.durations.subarray(0, 3)]).toEqual([213334, 213333, 213333]);
  });

  it('writes no offsets for audio without priming', () => {
    const track = audioTrack();
    const dts = track.samples.dts as Float64Array;
    for (let i = 0; i < dts.length; i++) dts[i] = i * 1024;
    const t = fragmentTiming(track, 2);
    expect(t.hasCompositionOffsets).toBe(false);
    expect(t.baseDecodeTime).toBe(Math.round((188 * 1024 * 1e7) / 48000));
  });

  it('names the track when asked for a fragment it does not have', () => {
    expect(() => fragmentTiming(videoTrack(), 7)).toThrow(
      /video-900000-video has 7 fragments; there is no fragment 7/,
    );
    expect(() => fragmentTiming(videoTrack(), -1)).toThrow(RangeError);
  });
});
