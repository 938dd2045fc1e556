import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyCaptionScan, finishCaptionScan, scanSampleForCaptions } from '../../../../packaging-core/mp4/cea-captions.ts';

/** A length-prefixed (4-byte) H.264 SEI NAL holding one A/53 cc_data message with these triplets. */
function seiSample(triplets: [number, number, number][]): Uint8Array {
  const cc = [0xc0 | triplets.length, 0xff, ...triplets.flat(), 0xff];
  const payload = [0xb5, 0x00, 0x31, 0x47, 0x41, 0x39, 0x34, 0x03, ...cc];
  const nal = [0x06, 0x04, payload.length, ...payload, 0x80];
  return Uint8Array.from([0, 0, 0, nal.length, ...nal]);
}

function scan(samples: Uint8Array[]) {
  const s = emptyCaptionScan();
  for (const sample of samples) scanSampleForCaptions(sample, 4, false, s);
  finishCaptionScan(s);
  return { cea608: [...s.cea608].sort(), cea708: [...s.cea708].sort() };
}

const FIELD1 = 0xfc;
const FIELD2 = 0xfd;

describe('CEA-608/708 in SEI', () => {
  it('names the 608 channel from the control codes: CC2 on field 1, CC3 on field 2', () => {
    // 0x1C 0x20: RCL on data channel 2 (parity bits set as broadcast streams carry them).
    expect(scan([seiSample([[FIELD1, 0x9c, 0x20], [FIELD2, 0x94, 0x20]])])).toEqual({ cea608: ['CC2', 'CC3'], cea708: [] });
  });

  it('text without a control code counts as the field’s first channel; padding alone is nothing', () => {
    expect(scan([seiSample([[FIELD1, 0xc8, 0x45]])])).toEqual({ cea608: ['CC1'], cea708: [] });
    expect(scan([seiSample([[FIELD1, 0x80, 0x80], [0xf8, 0x94, 0x20]])])).toEqual({ cea608: [], cea708: [] });
  });

  it('reads 708 service numbers from DTVCC packets, across samples', () => {
    // Packet header (size code 2 = 4 bytes), service block header: service 1, 1 byte; then service 0 ends it.
    const start: [number, number, number] = [0xff, 0x02, 0x21];
    const data: [number, number, number] = [0xfe, 0x41, 0x00];
    expect(scan([seiSample([start]), seiSample([data])])).toEqual({ cea608: [], cea708: [1] });
  });

  it('never throws on arbitrary samples', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, hevc) => {
        const s = emptyCaptionScan();
        scanSampleForCaptions(bytes, 4, hevc, s);
        scanSampleForCaptions(Uint8Array.from([0, 0, 0, bytes.length + 1, 0x06, ...bytes]), 4, false, s);
        finishCaptionScan(s);
      }),
      { numRuns: 500 },
    );
  });
});
