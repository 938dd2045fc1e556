import { describe, expect, it } from 'vitest';
import { bitDepthOf, clockwiseRotation, gaplessDurationSec, packetSpan, parseRate } from '../../../../electron/studio/media/ffprobe-media-info.ts';
import { snapFrameRate } from '../../../../electron/studio/encoding/frame-rate.ts';

const stream = (extra: object) => ({ index: 0, ...extra });

describe('ffprobe stream facts', () => {
  it('normalises display-matrix rotation (counter-clockwise) and the legacy rotate tag (clockwise)', () => {
    const matrix = (rotation: number) => stream({ side_data_list: [{ side_data_type: 'Display Matrix', rotation }] });
    expect(clockwiseRotation(matrix(-90))).toEqual({ rotation: 90, garbage: null });
    expect(clockwiseRotation(matrix(90))).toEqual({ rotation: 270, garbage: null });
    expect(clockwiseRotation(matrix(-180))).toEqual({ rotation: 180, garbage: null });
    expect(clockwiseRotation(matrix(180))).toEqual({ rotation: 180, garbage: null });
    expect(clockwiseRotation(stream({ tags: { rotate: '90' } }))).toEqual({ rotation: 90, garbage: null });
    expect(clockwiseRotation(matrix(-9223372036854775808))).toMatchObject({ rotation: 0 });
    expect(clockwiseRotation(matrix(45))).toEqual({ rotation: 0, garbage: 45 });
    expect(clockwiseRotation(stream({}))).toEqual({ rotation: 0, garbage: null });
  });

  it('reads bit depth from the pixel format first', () => {
    expect(bitDepthOf('yuv420p10le', '8')).toBe(10);
    expect(bitDepthOf('yuv444p12be', undefined)).toBe(12);
    expect(bitDepthOf('yuvj420p', '8')).toBe(8);
    expect(bitDepthOf('nv12', undefined)).toBe(8);
  });

  it('parses rates and rejects 0/0', () => {
    expect(parseRate('30000/1001')).toBeCloseTo(29.97, 2);
    expect(parseRate('0/0')).toBeNull();
    expect(parseRate(undefined)).toBeNull();
  });

  it('measures a rate from millisecond timestamps without the n-over-span error (Matroska without DefaultDuration)', () => {
    // The corpus file's 30 frames: 67 … 1034 ms, no packet durations.
    const ms = [67, 100, 134, 167, 200, 234, 267, 300, 334, 367, 400, 434, 467, 500, 534, 567, 600, 634, 667, 700, 734, 767, 800, 834, 867, 900, 934, 967, 1000, 1034];
    const span = packetSpan(ms.map((t) => ({ pts: t / 1000, duration: null })))!;
    expect(span.frameRate).toBeCloseTo(29.99, 2); // 30 / 0.967 s would be 31.02
    expect(span.durationSec).toBeCloseTo(1.0, 2); // the last frame lasts one interval
    expect(snapFrameRate(span.frameRate!).rate.num / snapFrameRate(span.frameRate!).rate.den).toBeCloseTo(30, 1);
  });

  it('does not drift on a long file: an hour of 29.97 fps rounded to milliseconds, in decode order', () => {
    const frames = 29.97 * 3600;
    const packets = Array.from({ length: Math.round(frames) }, (_, i) => {
      // B-frame decode order: swap neighbours, as ffprobe lists them.
      const k = i % 2 === 0 ? i + 1 : i - 1;
      return { pts: Math.round(((k * 1001) / 30000) * 1000) / 1000, duration: null };
    });
    const span = packetSpan(packets)!;
    expect(Math.abs(span.frameRate! - 30000 / 1001) / (30000 / 1001)).toBeLessThan(1e-6);
    expect(snapFrameRate(span.frameRate!).rate).toEqual({ num: 30000, den: 1001 });
    expect(span.durationSec).toBeCloseTo(3600, 1);
  });

  it('uses packet durations for the span when the container has them', () => {
    const span = packetSpan([0, 1, 2].map((i) => ({ pts: 10 + i * 0.04, duration: 0.04 })))!;
    expect(span).toEqual({ durationSec: expect.closeTo(0.12, 6), frames: 3, frameRate: expect.closeTo(25, 6) });
    expect(packetSpan([])).toBeNull();
  });

  it("reads the gapless length of an iTunes M4A (iTunSMPB: priming, padding, original samples in hex)", () => {
    const fdkaac = ' 00000000 00000800 00000240 0000000000005DC0 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000';
    expect(gaplessDurationSec(fdkaac, 8000)).toBe(3);
    expect(gaplessDurationSec(undefined, 8000)).toBeNull();
    expect(gaplessDurationSec('garbage', 8000)).toBeNull();
    expect(gaplessDurationSec(fdkaac, 0)).toBeNull();
  });
});
