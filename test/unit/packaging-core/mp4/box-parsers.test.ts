import { describe, expect, it } from 'vitest';
import { type Box, BoxFormatError, childBoxes } from '../../../../packaging-core/mp4/box.ts';
import { parseChunkOffsets } from '../../../../packaging-core/mp4/chunk-offsets.ts';
import { parseCtts } from '../../../../packaging-core/mp4/ctts.ts';
import { parseElst } from '../../../../packaging-core/mp4/elst.ts';
import { parseEsds } from '../../../../packaging-core/mp4/esds.ts';
import { parseHdlr } from '../../../../packaging-core/mp4/hdlr.ts';
import { decodeLanguage, parseMdhd } from '../../../../packaging-core/mp4/mdhd.ts';
import { parseMvhdTimescale } from '../../../../packaging-core/mp4/mvhd.ts';
import { parsePasp } from '../../../../packaging-core/mp4/pasp.ts';
import { parseStsc } from '../../../../packaging-core/mp4/stsc.ts';
import { parseStss } from '../../../../packaging-core/mp4/stss.ts';
import { parseStsz } from '../../../../packaging-core/mp4/stsz.ts';
import { parseStts } from '../../../../packaging-core/mp4/stts.ts';
import { parseTkhd } from '../../../../packaging-core/mp4/tkhd.ts';
import { ascii, box, bytes, fullBox, i32, u16, u32, u64, viewOf } from './box-bytes.ts';

/** Parses a single box's bytes: the parser under test gets the DataView and the Box. */
function one(b: Uint8Array): [DataView, Box] {
  const view = viewOf(b);
  const [parsed] = childBoxes(view, 0, b.length);
  if (!parsed) throw new Error('no box');
  return [view, parsed];
}

describe('box walking', () => {
  it('lists children, follows 64-bit sizes and size 0 (to the end)', () => {
    const large = bytes(u32(1), ascii('free'), u64(20), [1, 2, 3, 4]);
    const buf = bytes(box('ftyp', ascii('isom')), large, u32(0), ascii('mdat'), [9, 9]);
    const boxes = childBoxes(viewOf(buf), 0, buf.length);
    expect(boxes.map((b) => [b.type, b.start, b.payload, b.end])).toEqual([
      ['ftyp', 0, 8, 12],
      ['free', 12, 28, 32],
      ['mdat', 32, 40, 42],
    ]);
  });

  it('rejects a box that claims more bytes than its parent holds', () => {
    const buf = bytes(u32(100), ascii('trak'), [0, 0]);
    expect(() => childBoxes(viewOf(buf), 0, buf.length)).toThrow(BoxFormatError);
    expect(() => childBoxes(viewOf(buf), 0, buf.length)).toThrow(/'trak'.*100 bytes/);
  });
});

describe('header boxes', () => {
  it('tkhd v0 and v1: track id and duration', () => {
    const v0 = fullBox('tkhd', 0, 7, u32(1), u32(2), u32(3), u32(0), u32(9009), new Uint8Array(60));
    expect(parseTkhd(...one(v0))).toEqual({ trackId: 3, duration: 9009 });
    const v1 = fullBox('tkhd', 1, 7, u64(1), u64(2), u32(2), u32(0), u64(2 ** 33 + 5), new Uint8Array(52));
    expect(parseTkhd(...one(v1))).toEqual({ trackId: 2, duration: 2 ** 33 + 5 });
  });

  it('mvhd: movie timescale (v0 and v1)', () => {
    expect(parseMvhdTimescale(...one(fullBox('mvhd', 0, 0, u32(0), u32(0), u32(1000), u32(5000), new Uint8Array(80))))).toBe(1000);
    expect(parseMvhdTimescale(...one(fullBox('mvhd', 1, 0, u64(0), u64(0), u32(600), u64(5000), new Uint8Array(80))))).toBe(600);
  });

  it('mdhd: timescale, duration and the packed ISO 639-2 language', () => {
    // 'eng' = (5<<10)|(14<<5)|7 = 0x15c7
    const v0 = fullBox('mdhd', 0, 0, u32(0), u32(0), u32(48000), u32(624624), u16(0x15c7), u16(0));
    expect(parseMdhd(...one(v0))).toEqual({ timescale: 48000, duration: 624624, language: 'eng' });
    const v1 = fullBox('mdhd', 1, 0, u64(0), u64(0), u32(90000), u64(2 ** 40), u16(0x55c4), u16(0));
    expect(parseMdhd(...one(v1))).toEqual({ timescale: 90000, duration: 2 ** 40, language: 'und' });
  });

  it('decodes QuickTime Macintosh language codes as phones write them', () => {
    expect(decodeLanguage(0)).toBe('eng');
    expect(decodeLanguage(11)).toBe('jpn');
    expect(decodeLanguage(0x7fff)).toBe('und');
    expect(decodeLanguage(0x1a45)).toBe('fre'); // f=6 r=18 e=5: ISO 639-2/B written as is
  });

  it('hdlr: handler type', () => {
    expect(parseHdlr(...one(fullBox('hdlr', 0, 0, u32(0), ascii('soun'), new Uint8Array(12), [0])))).toBe('soun');
  });

  it('elst v0 and v1, with an empty edit', () => {
    const v0 = fullBox('elst', 0, 0, u32(2), u32(44), i32(-1), u16(1), u16(0), u32(1024), i32(0), u16(1), u16(0));
    expect(parseElst(...one(v0))).toEqual([
      { segmentDuration: 44, mediaTime: -1, mediaRate: 1 },
      { segmentDuration: 1024, mediaTime: 0, mediaRate: 1 },
    ]);
    const v1 = fullBox('elst', 1, 0, u32(1), u64(13000), u64(2048), u16(1), u16(0));
    expect(parseElst(...one(v1))).toEqual([{ segmentDuration: 13000, mediaTime: 2048, mediaRate: 1 }]);
  });

  it('pasp: reduced pixel aspect ratio, 1:1 when zero', () => {
    expect(parsePasp(...one(box('pasp', u32(1137), u32(800))))).toEqual({ parNum: 1137, parDen: 800 });
    expect(parsePasp(...one(box('pasp', u32(65536), u32(65536))))).toEqual({ parNum: 1, parDen: 1 });
    expect(parsePasp(...one(box('pasp', u32(0), u32(0))))).toEqual({ parNum: 1, parDen: 1 });
  });
});

describe('sample table boxes', () => {
  it('stts: run-length durations', () => {
    const t = parseStts(...one(fullBox('stts', 0, 0, u32(2), u32(3), u32(512), u32(1), u32(256))));
    expect([...t.counts, ...t.deltas]).toEqual([3, 1, 512, 256]);
  });

  it('ctts v0 and v1 (negative offsets)', () => {
    const v0 = parseCtts(...one(fullBox('ctts', 0, 0, u32(2), u32(1), u32(1024), u32(2), u32(0))));
    expect([...v0.counts, ...v0.offsets]).toEqual([1, 2, 1024, 0]);
    const v1 = parseCtts(...one(fullBox('ctts', 1, 0, u32(2), u32(1), i32(-512), u32(1), i32(1024))));
    expect([...v1.offsets]).toEqual([-512, 1024]);
  });

  it('stss: 1-based sync sample numbers', () => {
    expect([...parseStss(...one(fullBox('stss', 0, 0, u32(3), u32(1), u32(61), u32(121))))]).toEqual([1, 61, 121]);
  });

  it('stsz: per-sample sizes and the fixed-size form', () => {
    expect([...parseStsz(...one(fullBox('stsz', 0, 0, u32(0), u32(3), u32(10), u32(20), u32(30))))]).toEqual([10, 20, 30]);
    expect([...parseStsz(...one(fullBox('stsz', 0, 0, u32(4), u32(3))))]).toEqual([4, 4, 4]);
    expect(() => parseStsz(...one(fullBox('stz2', 0, 0, u32(8), u32(0))))).toThrow(/compact sample sizes/);
    expect(() => parseStsz(...one(fullBox('stsz', 0, 0, u32(4), u32(0xfffffff0))))).toThrow(/more than any real track/);
  });

  it('stsc: chunk runs', () => {
    const t = parseStsc(...one(fullBox('stsc', 0, 0, u32(2), u32(1), u32(5), u32(1), u32(3), u32(2), u32(1))));
    expect([...t.firstChunk, ...t.samplesPerChunk, ...t.descriptionIndex]).toEqual([1, 3, 5, 2, 1, 1]);
  });

  it('stco and co64 (beyond 4 GiB, exact)', () => {
    expect([...parseChunkOffsets(...one(fullBox('stco', 0, 0, u32(2), u32(48), u32(4096))))]).toEqual([48, 4096]);
    expect([...parseChunkOffsets(...one(fullBox('co64', 0, 0, u32(1), u64(5 * 2 ** 32 + 7))))]).toEqual([5 * 2 ** 32 + 7]);
  });

  it('reports a count that does not fit the box', () => {
    expect(() => parseStts(...one(fullBox('stts', 0, 0, u32(1000), u32(1), u32(1))))).toThrow(/'stts' is too short/);
  });
});

describe('esds', () => {
  it('reads the decoder config and the AudioSpecificConfig (long size form)', () => {
    // As ffmpeg writes it: 0x80 0x80 0x80 size continuation bytes.
    const payload = bytes(
      [0x03, 0x80, 0x80, 0x80, 0x22], u16(1), [0],
      [0x04, 0x80, 0x80, 0x80, 0x14, 0x40, 0x15, 0, 0, 0], u32(130000), u32(128000),
      [0x05, 0x80, 0x80, 0x80, 0x02, 0x11, 0x90],
      [0x06, 0x80, 0x80, 0x80, 0x01, 0x02],
    );
    const esds = parseEsds(...one(fullBox('esds', 0, 0, payload)));
    expect(esds.objectTypeIndication).toBe(0x40);
    expect(esds.maxBitrate).toBe(130000);
    expect(esds.avgBitrate).toBe(128000);
    expect([...esds.decoderSpecificInfo]).toEqual([0x11, 0x90]);
  });

  it('rejects an esds that does not start with an ES_Descriptor', () => {
    expect(() => parseEsds(...one(fullBox('esds', 0, 0, [0x04, 0x02, 0, 0])))).toThrow(BoxFormatError);
  });
});
