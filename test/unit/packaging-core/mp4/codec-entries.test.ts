import { describe, expect, it } from 'vitest';
import { av1CodecString, hevcCodecString } from '../../../../packaging-core/mp4/codec-entries.ts';

const hvcC = (profileByte: number, compat: number[], constraints: number[], level: number) =>
  Uint8Array.from([1, profileByte, ...compat, ...constraints, level, 0xf0, 0, 0xfc, 0xfd, 0xf8, 0xf8, 0, 0, 0x0f, 0]);

describe('RFC 6381 codec strings', () => {
  it('HEVC (ISO 14496-15 Annex E): profile space, bit-reversed compatibility flags, tier, level, trailing constraint bytes dropped', () => {
    expect(hevcCodecString('hvc1', hvcC(0x01, [0x60, 0, 0, 0], [0x90, 0, 0, 0, 0, 0], 93))).toBe('hvc1.1.6.L93.90');
    expect(hevcCodecString('hev1', hvcC(0x02, [0x20, 0, 0, 0], [0xb0, 0, 0, 0, 0, 0], 120))).toBe('hev1.2.4.L120.B0');
    // High tier, profile space 1, no constraint flags.
    expect(hevcCodecString('hvc1', hvcC(0x60 | 0x01, [0x40, 0, 0, 0], [0, 0, 0, 0, 0, 0], 153))).toBe('hvc1.A1.2.H153');
    expect(() => hevcCodecString('hvc1', Uint8Array.of(1, 2, 3))).toThrow(/shorter than its 23-byte header/);
  });

  it('AV1: profile, two-digit level with tier, bit depth', () => {
    expect(av1CodecString(Uint8Array.of(0x81, 0x04, 0x0c, 0))).toBe('av01.0.04M.08');
    // Main profile, level 9 (4.1), high bit depth (10-bit).
    expect(av1CodecString(Uint8Array.of(0x81, 0x09, 0x4c, 0))).toBe('av01.0.09M.10');
    // Professional profile (2), level 13, high tier, 12-bit.
    expect(av1CodecString(Uint8Array.of(0x81, 0x4d, 0xe0, 0))).toBe('av01.2.13H.12');
  });
});
