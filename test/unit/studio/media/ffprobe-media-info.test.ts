import { describe, expect, it } from 'vitest';
import { bitDepthOf, clockwiseRotation, parseRate } from '../../../../electron/studio/media/ffprobe-media-info.ts';

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
});
