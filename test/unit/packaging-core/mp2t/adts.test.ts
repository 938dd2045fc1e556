import { describe, expect, it } from 'vitest';
import { adtsFields, writeAdtsHeader } from '../../../../packaging-core/mp2t/adts.ts';
import type { AacConfig } from '../../../../packaging-core/types/media.ts';
import { MediaError } from '../../../../packaging-core/types/errors.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function config(asc: number[], codecString = 'mp4a.40.2'): AacConfig {
  return {
    codec: 'mp4a',
    codecString,
    objectType: asc[0]! >> 3,
    sampleRate: 48000,
    channels: 2,
    audioSpecificConfig: Uint8Array.from(asc),
    avgBitrate: 0,
    maxBitrate: 0,
  };
}

function header(asc: number[], rawLength: number): string {
  const out = new Uint8Array(7);
  writeAdtsHeader(out, 0, adtsFields(config(asc), 'test'), rawLength);
  return hex(out);
}

describe('ADTS header', () => {
  it('AAC-LC 48 kHz stereo (ASC 1190), 100-byte frame → fff14c800d7ffc', () => {
    expect(header([0x11, 0x90], 100)).toBe('fff14c800d7ffc');
  });

  it('AAC-LC 44.1 kHz stereo (ASC 1210), 371-byte frame: frame length 378 across bytes 3–5', () => {
    // profile 1, index 4, channels 2, frame_length 378 = 0b0_0001_0111_1010
    expect(header([0x12, 0x10], 371)).toBe('fff150802f5ffc');
  });

  it('HE-AAC (AOT 5, explicit SBR 24→48 kHz) is written as its AAC-LC core at 24 kHz', () => {
    // 00101 0110 0010 0011 00010 … = AOT 5, core index 6 (24 kHz), stereo, SBR index 3, AOT 2
    expect(adtsFields(config([0x2b, 0x11, 0x88, 0x00], 'mp4a.40.5'), 't')).toEqual({
      profile: 1,
      samplingIndex: 6,
      channelConfig: 2,
    });
  });

  it('HE-AAC v2 (AOT 29, mono core + PS) keeps the mono core channel configuration', () => {
    // 11101 0110 0001 0011 00010 …
    expect(adtsFields(config([0xeb, 0x09, 0x88, 0x00], 'mp4a.40.29'), 't')).toEqual({
      profile: 1,
      samplingIndex: 6,
      channelConfig: 1,
    });
  });

  it('rejects what ADTS cannot carry, saying what to do', () => {
    expect(() => adtsFields(config([0x11, 0x80]), 'a.mp4')).toThrow(/program config element/); // channel config 0
    expect(() => adtsFields(config([0x39, 0x90]), 'a.mp4')).toThrow(MediaError); // AOT 7
    expect(() => adtsFields(config([0x17, 0x80, 0x00, 0x00, 0x00]), 'a.mp4')).toThrow(/standard rate/); // explicit rate
    expect(() => adtsFields(config([0x11]), 'a.mp4')).toThrow(/too short/);
    expect(() =>
      writeAdtsHeader(new Uint8Array(7), 0, { profile: 1, samplingIndex: 3, channelConfig: 2 }, 8185),
    ).toThrow(/larger than ADTS/);
  });
});
