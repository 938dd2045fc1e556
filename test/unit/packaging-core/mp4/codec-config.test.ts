import { describe, expect, it } from 'vitest';
import { parseAudioSpecificConfig } from '../../../../packaging-core/mp4/audio-specific-config.ts';
import { parseAvcC } from '../../../../packaging-core/mp4/avcc.ts';
import { BitReader } from '../../../../packaging-core/mp4/bit-reader.ts';
import { childBoxes } from '../../../../packaging-core/mp4/box.ts';
import { parseStsd } from '../../../../packaging-core/mp4/sample-entry.ts';
import { avcCodecString, parseSps, unescapeRbsp } from '../../../../packaging-core/mp4/sps.ts';
import { box, bytes, fullBox, hex, u16, u32, viewOf } from './box-bytes.ts';

/** SPS of the 640x360 fixture rung (x264 High@3.0, cropped from 368 lines). */
const SPS_640x360 = hex('6764001eacd940a02ff970110000030001000003003c0f162d96');
/** SPS of androidx/media's sample.mp4 (High@3.1, 1080x720: 1088 columns cropped by 8). */
const SPS_1080x720 = hex('6764001facd9404405be5f011000003e90000ea600f1831960');
/** The fixture rung's whole avcC record. */
const AVCC_640x360 = hex('0164001effe1001a6764001eacd940a02ff970110000030001000003003c0f162d9601000468efbcb0');

describe('Exp-Golomb bit reader', () => {
  it('reads ue(v) and se(v)', () => {
    // 1 | 010 | 011 | 00100 | 00101 -> ue: 0,1,2,3 then se of codeNum 4 = -2
    const r = new BitReader(Uint8Array.from([0b10100110, 0b01000010, 0b10000000]));
    expect([r.ue(), r.ue(), r.ue(), r.ue(), r.se()]).toEqual([0, 1, 2, 3, -2]);
  });

  it('throws instead of reading past the end', () => {
    const r = new BitReader(Uint8Array.from([0]));
    expect(() => r.ue()).toThrow(RangeError);
  });
});

describe('SPS', () => {
  it('drops emulation prevention bytes', () => {
    expect([...unescapeRbsp(Uint8Array.from([0, 0, 3, 1, 0, 0, 3, 0]))]).toEqual([0, 0, 1, 0, 0, 0]);
  });

  it('gives size with cropping and the avc1 codec string (640x360 High@3.0)', () => {
    const sps = parseSps(SPS_640x360);
    expect([sps.width, sps.height, sps.profile, sps.level]).toEqual([640, 360, 100, 30]);
    expect(avcCodecString(sps.profile, sps.constraints, sps.level)).toBe('avc1.64001e');
  });

  it('crops the width of a non-mod-16 picture (1080x720 High@3.1)', () => {
    const sps = parseSps(SPS_1080x720);
    expect([sps.width, sps.height]).toEqual([1080, 720]);
    expect(avcCodecString(sps.profile, sps.constraints, sps.level)).toBe('avc1.64001f');
  });

  it('formats constraint flags (Constrained Baseline 4.0 = avc1.42c028)', () => {
    expect(avcCodecString(66, 0xc0, 40)).toBe('avc1.42c028');
  });

  it('rejects a NAL unit that is not an SPS', () => {
    expect(() => parseSps(Uint8Array.from([0x68, 0xee]))).toThrow(/not an SPS/);
  });
});

describe('AudioSpecificConfig', () => {
  it('1190 = AAC-LC 48 kHz stereo', () => {
    expect(parseAudioSpecificConfig(hex('1190'))).toEqual({ objectType: 2, sampleRate: 48000, channels: 2, codecString: 'mp4a.40.2' });
  });

  it('1210 = AAC-LC 44.1 kHz stereo', () => {
    expect(parseAudioSpecificConfig(hex('1210'))).toMatchObject({ objectType: 2, sampleRate: 44100, channels: 2 });
  });

  it('explicit HE-AAC (AOT 5 first): the SBR output rate', () => {
    // AOT 5, 24 kHz core (idx 6), stereo, ext idx 3 (48 kHz), AOT 2
    expect(parseAudioSpecificConfig(hex('2b118800'))).toEqual({ objectType: 5, sampleRate: 48000, channels: 2, codecString: 'mp4a.40.5' });
  });

  it('explicit HE-AACv2 (AOT 29): parametric stereo from a mono core', () => {
    // AOT 29, 24 kHz, mono, ext idx 3, AOT 2
    expect(parseAudioSpecificConfig(hex('eb098800'))).toEqual({ objectType: 29, sampleRate: 48000, channels: 2, codecString: 'mp4a.40.29' });
  });

  it('backward-compatible SBR signalling (sync extension 0x2b7)', () => {
    // LC 22.05 kHz stereo + 0x2b7, AOT 5, sbr=1, ext idx 4 (44.1 kHz)
    expect(parseAudioSpecificConfig(hex('139056e5a0'))).toEqual({ objectType: 5, sampleRate: 44100, channels: 2, codecString: 'mp4a.40.5' });
  });

  it('explicit sample rate (index 15)', () => {
    // AOT 2, idx 15, 24-bit rate 32000, channels 1
    const bits = '00010' + '1111' + (32000).toString(2).padStart(24, '0') + '0001' + '000';
    const data = Uint8Array.from(bits.padEnd(40, '0').match(/.{8}/g)!, (b) => parseInt(b, 2));
    expect(parseAudioSpecificConfig(data)).toMatchObject({ sampleRate: 32000, channels: 1 });
  });
});

describe('stsd sample entries', () => {
  const visualFields = bytes(new Uint8Array(6), u16(1), new Uint8Array(16), u16(640), u16(360), u32(0x480000), u32(0x480000), u32(0), u16(1), new Uint8Array(32), u16(0x18), u16(0xffff));

  it('avc1 with avcC and pasp', () => {
    const entry = box('avc1', visualFields, box('avcC', AVCC_640x360), box('pasp', u32(4), u32(3)));
    const stsd = fullBox('stsd', 0, 0, u32(1), entry);
    const view = viewOf(stsd);
    const parsed = parseStsd(view, childBoxes(view, 0, stsd.length)[0]!);
    expect(parsed.format).toBe('avc1');
    expect(parsed.config).toMatchObject({ codec: 'avc1', codecString: 'avc1.64001e', width: 640, height: 360, nalLengthSize: 4, parNum: 4, parDen: 3 });
    const avc = parsed.config?.codec === 'avc1' ? parsed.config : undefined;
    expect(avc?.sps).toHaveLength(1);
    expect(avc?.pps.map((p) => [...p])).toEqual([[0x68, 0xef, 0xbc, 0xb0]]);
    expect([...(avc?.avcC ?? [])]).toEqual([...AVCC_640x360]);
  });

  it('mp4a with esds (AAC-LC 48k stereo), and mp4a inside a QuickTime v1 sound description', () => {
    const esds = fullBox('esds', 0, 0, [0x03, 25], u16(1), [0], [0x04, 17, 0x40, 0x15, 0, 0, 0], u32(140000), u32(128000), [0x05, 2, 0x11, 0x90]);
    for (const version of [0, 1]) {
      const extra = version === 1 ? new Uint8Array(16) : new Uint8Array(0);
      const entry = box('mp4a', new Uint8Array(6), u16(1), u16(version), new Uint8Array(6), u16(2), u16(16), u32(0), u32(48000 * 65536), extra, esds);
      const stsd = fullBox('stsd', 0, 0, u32(1), entry);
      const view = viewOf(stsd);
      expect(parseStsd(view, childBoxes(view, 0, stsd.length)[0]!).config).toEqual({
        codec: 'mp4a',
        codecString: 'mp4a.40.2',
        objectType: 2,
        sampleRate: 48000,
        channels: 2,
        audioSpecificConfig: Uint8Array.from([0x11, 0x90]),
        avgBitrate: 128000,
        maxBitrate: 140000,
      });
    }
  });

  it('names codecs it does not package', () => {
    const stsd = fullBox('stsd', 0, 0, u32(1), box('vp09', visualFields));
    const view = viewOf(stsd);
    expect(parseStsd(view, childBoxes(view, 0, stsd.length)[0]!)).toMatchObject({ format: 'vp09', codecName: 'VP9', config: undefined });
  });

  it('parses a whole avcC record', () => {
    const b = box('avcC', AVCC_640x360);
    const view = viewOf(b);
    const c = parseAvcC(view, childBoxes(view, 0, b.length)[0]!);
    expect([c.profile, c.profileCompatibility, c.level, c.nalLengthSize]).toEqual([100, 0, 30, 4]);
  });
});
