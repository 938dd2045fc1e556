import { describe, expect, it } from 'vitest';
import { annexBLayout, avccToAnnexB } from '../../../../packaging-core/mp2t/annexb.ts';
import { MediaError } from '../../../../packaging-core/types/errors.ts';
import { PPS, SPS, avcConfig } from './synthetic-tracks.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** AVCC sample from NAL units with `lengthSize`-byte prefixes. */
function avcc(nals: number[][], lengthSize = 4): Uint8Array {
  const parts: number[] = [];
  for (const nal of nals) {
    for (let i = lengthSize - 1; i >= 0; i--) parts.push((nal.length >> (8 * i)) & 0xff);
    parts.push(...nal);
  }
  return Uint8Array.from(parts);
}

const AUD = '0000000109f0';
const PARAMS = '00000001' + hex(SPS) + '00000001' + hex(PPS);
const SEI = [0x06, 0x05, 0x01, 0x42, 0x80];
const IDR = [0x65, 0x88, 0x84, 0x00];
const P = [0x41, 0x9a, 0x02];

describe('AVCC → Annex B', () => {
  it('an IDR sample gets AUD, then SPS+PPS from avcC, then its own NAL units with start codes', () => {
    const out = avccToAnnexB(avcc([SEI, IDR]), avcConfig, true);
    expect(hex(out)).toBe(
      AUD + PARAMS + '00000001' + hex(Uint8Array.from(SEI)) + '00000001' + hex(Uint8Array.from(IDR)),
    );
  });

  it('a non-IDR sample gets only the AUD', () => {
    expect(hex(avccToAnnexB(avcc([P]), avcConfig, false))).toBe(AUD + '00000001419a02');
  });

  it('an IDR NAL counts even when the sample table does not flag the sample as sync', () => {
    expect(hex(avccToAnnexB(avcc([IDR]), avcConfig, false))).toBe(AUD + PARAMS + '0000000165888400');
  });

  it('drops AUDs already in the sample and does not repeat SPS/PPS the sample carries', () => {
    const sample = avcc([[0x09, 0x10], [...SPS], [...PPS], IDR]);
    expect(hex(avccToAnnexB(sample, avcConfig, true))).toBe(AUD + PARAMS + '0000000165888400');
  });

  it('inserts both parameter sets when the sample carries only one of them', () => {
    const sample = avcc([[...SPS], IDR]);
    expect(hex(avccToAnnexB(sample, avcConfig, true))).toBe(
      AUD + PARAMS + '00000001' + hex(SPS) + '0000000165888400',
    );
  });

  it('reads 1- and 2-byte NAL length prefixes and skips empty NAL units', () => {
    for (const lengthSize of [1, 2]) {
      const config = { ...avcConfig, nalLengthSize: lengthSize };
      expect(hex(avccToAnnexB(avcc([P, [], P], lengthSize), config, false))).toBe(
        AUD + '00000001419a02' + '00000001419a02',
      );
    }
  });

  it('sizes exactly what it writes', () => {
    const sample = avcc([SEI, IDR, P]);
    expect(annexBLayout(sample, 0, sample.length, avcConfig, true, 's').size).toBe(
      avccToAnnexB(sample, avcConfig, true).length,
    );
  });

  it('reports a NAL length running past the sample as a damaged file', () => {
    const bad = avcc([IDR]);
    bad[3] = 40;
    expect(() => annexBLayout(bad, 0, bad.length, avcConfig, true, 'movie.mp4 sample 7')).toThrow(MediaError);
    expect(() => annexBLayout(bad, 0, bad.length, avcConfig, true, 'movie.mp4 sample 7')).toThrow(
      /movie\.mp4 sample 7.*damaged/,
    );
  });
});
