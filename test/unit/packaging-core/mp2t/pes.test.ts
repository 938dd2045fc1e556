import { describe, expect, it } from 'vitest';
import { STREAM_ID_AUDIO, STREAM_ID_VIDEO, writePesHeader } from '../../../../packaging-core/mp2t/pes.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('PES header', () => {
  it('audio: PTS only (1 s = 90000 → 21 00 05 bf 21) and the exact PES length', () => {
    const out = new Uint8Array(14);
    expect(writePesHeader(out, 0, STREAM_ID_AUDIO, 400, 90000, 90000)).toBe(14);
    expect(hex(out)).toBe('000001c0019884800521' + '0005bf21');
  });

  it('video with B-frames: PTS and DTS, unbounded length 0', () => {
    const out = new Uint8Array(19);
    // PTS 0x1_2345_6789 (33 bits used), DTS 900000 − 6000
    expect(writePesHeader(out, 0, STREAM_ID_VIDEO, -1, 0x1_2345_6789, 894000)).toBe(19);
    expect(hex(out.subarray(0, 9))).toBe('000001e0000084c00a');
    // PTS: '0011' + bits 32–30 (100) + marker | bits 29–15 (0x468a) + marker | bits 14–0 (0x6789) + marker
    expect(hex(out.subarray(9, 14))).toBe('398d15cf13');
    // DTS 894000: '0001' 000 1 | bits 29–15 = 27 | bits 14–0 = 0x2430
    expect(hex(out.subarray(14))).toBe('1100374861');
  });

  it('video without reordering writes PTS only; timestamps wrap at 33 bits', () => {
    const out = new Uint8Array(14);
    expect(writePesHeader(out, 0, STREAM_ID_VIDEO, -1, 2 ** 33 + 90000, 2 ** 33 + 90000)).toBe(14);
    expect(hex(out.subarray(9))).toBe('210005bf21');
  });

  it('refuses a bounded PES longer than 16 bits', () => {
    expect(() => writePesHeader(new Uint8Array(14), 0, STREAM_ID_AUDIO, 65530, 0, 0)).toThrow(RangeError);
  });
});
