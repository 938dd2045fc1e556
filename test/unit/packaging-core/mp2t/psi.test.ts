import { describe, expect, it } from 'vitest';
import { crc32Mpeg2 } from '../../../../packaging-core/mp2t/crc32-mpeg2.ts';
import {
  AUDIO_PID,
  STREAM_TYPE_AAC_ADTS,
  STREAM_TYPE_H264,
  VIDEO_PID,
  patSection,
  pmtSection,
} from '../../../../packaging-core/mp2t/psi.ts';
import { crc32Reference } from './parse-ts.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('PSI sections', () => {
  it('CRC-32/MPEG-2 matches its check value and a bitwise implementation', () => {
    expect(crc32Mpeg2(new TextEncoder().encode('123456789')).toString(16)).toBe('376e6e7');
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 97) & 0xff);
    expect(crc32Mpeg2(bytes)).toBe(crc32Reference(bytes));
  });

  it('PAT: program 1 → PMT PID 0x1000, the same bytes ffmpeg writes', () => {
    expect(hex(patSection())).toBe('00b00d0001c100000001f0002ab104b2');
  });

  it('PMT, H.264 only, PCR on the video PID', () => {
    const pmt = pmtSection(VIDEO_PID, [{ streamType: STREAM_TYPE_H264, pid: VIDEO_PID }]);
    expect(hex(pmt)).toBe('02b0120001c10000e100f0001be100f000' + hex(pmt.subarray(-4)));
    expect(crc32Reference(pmt.subarray(0, -4))).toBe(new DataView(pmt.buffer).getUint32(pmt.length - 4));
    expect(hex(pmt.subarray(-4))).toBe('15bd4d56'); // ffmpeg's PMT for one H.264 stream on 0x100
  });

  it('PMT, muxed H.264 + AAC with a language descriptor; und and audio-only PCR PID', () => {
    const pmt = pmtSection(VIDEO_PID, [
      { streamType: STREAM_TYPE_H264, pid: VIDEO_PID },
      { streamType: STREAM_TYPE_AAC_ADTS, pid: AUDIO_PID, language: 'fra' },
    ]);
    expect(hex(pmt.subarray(0, -4))).toBe('02b01d0001c10000e100f0001be100f0000fe101f0060a0466726100');
    const audioOnly = pmtSection(AUDIO_PID, [
      { streamType: STREAM_TYPE_AAC_ADTS, pid: AUDIO_PID, language: 'und' },
    ]);
    expect(hex(audioOnly.subarray(0, -4))).toBe('02b0120001c10000e101f0000fe101f000');
  });
});
