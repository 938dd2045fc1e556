import { describe, expect, it } from 'vitest';
import { buildInitSegment } from '../../../../packaging-core/fmp4/init-segment.ts';
import { child, path, readBoxes } from '../mp4/read-boxes.ts';
import { audioTrack, videoTrack } from './synthetic-track.ts';

function u32(bytes: Uint8Array, at: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset).getUint32(at);
}

describe('fmp4 init segments', () => {
  it('video: ftyp + moov(mvhd, trak, mvex) on the 10 MHz clock, avc1 entry, track 1', () => {
    const boxes = readBoxes(buildInitSegment(videoTrack(), 'cmaf'));
    expect(boxes.map((b) => b.type)).toEqual(['ftyp', 'moov']);
    const moov = child(boxes, 'moov');
    expect(moov.children.map((b) => b.type)).toEqual(['mvhd', 'trak', 'mvex']);
    expect(u32(child(moov, 'mvhd').payload, 12)).toBe(10_000_000);
    expect(u32(child(moov, 'mvhd').payload, 96)).toBe(2); // next_track_ID
    const trak = child(moov, 'trak');
    expect(u32(child(trak, 'tkhd').payload, 12)).toBe(1);
    const mdia = child(trak, 'mdia');
    expect(mdia.children.map((b) => b.type)).toEqual(['mdhd', 'hdlr', 'minf']);
    expect(u32(child(mdia, 'mdhd').payload, 12)).toBe(10_000_000);
    expect(path(boxes, 'moov', 'trak', 'mdia', 'minf').children.map((b) => b.type)).toEqual([
      'vmhd',
      'dinf',
      'stbl',
    ]);
    const stsd = path(boxes, 'moov', 'trak', 'mdia', 'minf', 'stbl', 'stsd');
    expect(u32(stsd.payload, 4)).toBe(1);
    expect(Buffer.from(stsd.payload.subarray(12, 16)).toString('latin1')).toBe('avc1');
    expect(u32(path(boxes, 'moov', 'mvex', 'trex').payload, 4)).toBe(1);
  });

  it('audio: smhd, mp4a entry, language, track 2', () => {
    const boxes = readBoxes(buildInitSegment(audioTrack(), 'csf'));
    const trak = path(boxes, 'moov', 'trak');
    expect(u32(child(trak, 'tkhd').payload, 12)).toBe(2);
    const mdhd = path(boxes, 'moov', 'trak', 'mdia', 'mdhd').payload;
    expect((mdhd[20]! << 8) | mdhd[21]!).toBe(0x15c7); // 'eng'
    expect(path(boxes, 'moov', 'trak', 'mdia', 'minf').children[0]!.type).toBe('smhd');
    const stsd = path(boxes, 'moov', 'trak', 'mdia', 'minf', 'stbl', 'stsd');
    expect(Buffer.from(stsd.payload.subarray(12, 16)).toString('latin1')).toBe('mp4a');
    expect(u32(path(boxes, 'moov', 'mvex', 'trex').payload, 4)).toBe(2);
  });

  it('the flavours differ only in the ftyp', () => {
    const track = videoTrack();
    const csf = buildInitSegment(track, 'csf');
    const cmaf = buildInitSegment(track, 'cmaf');
    const hls = buildInitSegment(track, 'hls-cmaf');
    const moovOf = (b: Uint8Array): Buffer => Buffer.from(child(readBoxes(b), 'moov').payload);
    expect(moovOf(csf).equals(moovOf(cmaf))).toBe(true);
    expect(moovOf(hls).equals(moovOf(cmaf))).toBe(true);
    expect(Buffer.from(csf.subarray(8, 12)).toString('latin1')).toBe('iso6');
    expect(Buffer.from(cmaf.subarray(8, 12)).toString('latin1')).toBe('cmfc');
  });

  it('writes the presentation width of non-square pixels in tkhd', () => {
    const track = videoTrack();
    const anamorphic = {
      ...track,
      config: { ...track.config, width: 720, height: 576, parNum: 16, parDen: 15 },
    };
    const tkhd = path(readBoxes(buildInitSegment(anamorphic, 'csf')), 'moov', 'trak', 'tkhd').payload;
    expect(u32(tkhd, 76) / 65536).toBe(768);
    expect(u32(tkhd, 80) / 65536).toBe(576);
  });

  it('is deterministic', () => {
    expect(
      Buffer.from(buildInitSegment(audioTrack(), 'cmaf')).equals(
        Buffer.from(buildInitSegment(audioTrack(), 'cmaf')),
      ),
    ).toBe(true);
  });
});
