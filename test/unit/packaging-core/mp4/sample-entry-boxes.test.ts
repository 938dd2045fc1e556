import { describe, expect, it } from 'vitest';
import { avc1, descriptor, esds, mp4a, pasp } from '../../../../packaging-core/mp4/sample-entry-boxes.ts';
import { AAC_CONFIG, AVC_CONFIG } from '../fmp4/synthetic-track.ts';
import { h, hex } from './read-boxes.ts';

describe('fmp4 sample entries', () => {
  it('avc1: visual sample entry, the avcC record as is, then pasp', () => {
    expect(hex(avc1(AVC_CONFIG))).toBe(
      h(`0000007f 61766331               # size 127, 'avc1'
         000000000000 0001               # reserved, data_reference_index 1
         0000 0000 000000000000000000000000  # pre_defined, reserved, pre_defined
         0280 0168                       # 640 x 360
         00480000 00480000 00000000 0001 # 72 dpi, reserved, frame_count 1
         0000000000000000000000000000000000000000000000000000000000000000  # compressorname ""
         0018 ffff                       # depth 24, pre_defined -1
         00000019 61766343 0164001effe10004 6764001e 010002 68ee  # avcC
         00000010 70617370 00000001 00000001`),
    );
  });

  it('lets an encrypted entry reuse the layout with another format and extra children', () => {
    const sinf = Uint8Array.of(0, 0, 0, 8, 0x73, 0x69, 0x6e, 0x66);
    const entry = avc1(AVC_CONFIG, 'encv', sinf);
    expect(Buffer.from(entry.subarray(4, 8)).toString('latin1')).toBe('encv');
    expect(hex(entry.subarray(entry.length - 8))).toBe(hex(sinf));
    expect(entry.length).toBe(127 + 8);
  });

  it('pasp carries the pixel aspect ratio', () => {
    expect(hex(pasp(4, 3))).toBe(h(`00000010 70617370 00000004 00000003`));
  });

  it('descriptor sizes use the expandable 7-bit form', () => {
    expect(hex(descriptor(5, Uint8Array.of(0x11, 0x90)))).toBe('05021190');
    const big = descriptor(5, new Uint8Array(200));
    expect(hex(big.subarray(0, 3))).toBe('058148'); // 200 = 1·128 + 72
    expect(big.length).toBe(203);
  });

  it('esds: ES, decoder config (AAC, audio stream, bitrates), AudioSpecificConfig, SL', () => {
    expect(hex(esds(AAC_CONFIG, 2))).toBe(
      h(`00000027 65736473 00000000       # size 39, 'esds', v0
         03 19 0002 00                     # ES_Descriptor, 25 bytes, ES_ID 2, flags 0
         04 11 40 15 000000                # DecoderConfig, 17 bytes, MPEG-4 audio, audio stream, bufferSizeDB
         0001fbd0 0001f400                 # max 130000, avg 128000
         05 02 1190                        # DecoderSpecificInfo: AAC-LC 48 kHz stereo
         06 01 02                          # SLConfig predefined 2`),
    );
  });

  it('mp4a: audio sample entry with 16.16 sample rate, then esds', () => {
    expect(hex(mp4a(AAC_CONFIG, 2))).toBe(
      h(`0000004b 6d703461 000000000000 0001  # size 75, 'mp4a', data_reference_index 1
         0000000000000000                      # reserved
         0002 0010 0000 0000 bb800000          # 2 channels, 16 bits, 48000.0`) + hex(esds(AAC_CONFIG, 2)),
    );
    const hiRate = mp4a({ ...AAC_CONFIG, sampleRate: 96000 }, 2);
    expect(hex(hiRate.subarray(32, 36))).toBe('00000000');
  });
});
