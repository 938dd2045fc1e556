import { describe, expect, it } from 'vitest';
import { ftyp, initFileType, segmentType, styp } from '../../../../packaging-core/fmp4/file-type-boxes.ts';
import {
  dinf,
  dref,
  hdlr,
  mdhd,
  mvhd,
  packLanguage,
  smhd,
  stbl,
  tkhd,
  trex,
  vmhd,
} from '../../../../packaging-core/mp4/movie-boxes.ts';
import { stsd } from '../../../../packaging-core/mp4/sample-entry-boxes.ts';
import { h, hex } from './read-boxes.ts';

const MATRIX = h(`00010000 00000000 00000000  00000000 00010000 00000000  00000000 00000000 40000000`);

describe('fmp4 file type boxes', () => {
  it('ftyp lists major brand, minor version and compatible brands', () => {
    expect(hex(ftyp('iso6', 0, ['iso6', 'dash']))).toBe(
      h(`00000018 66747970  # size 24, 'ftyp'
         69736f36 00000000  # major 'iso6', minor 0
         69736f36 64617368  # 'iso6' 'dash'`),
    );
    expect(hex(styp('cmfs', 0, ['cmfs']))).toBe(h(`00000014 73747970 636d6673 00000000 636d6673`));
  });

  it('declares CMAF brands only for the CMAF flavours', () => {
    const brands = (b: Uint8Array): string => Buffer.from(b.subarray(8)).toString('latin1');
    expect(brands(initFileType('csf'))).toBe('iso6\0\0\0\0iso6dash');
    expect(brands(initFileType('cmaf'))).toBe('cmfc\0\0\0\0cmfciso6dash');
    expect(brands(initFileType('hls-cmaf'))).toBe('cmfc\0\0\0\0cmfciso6');
    expect(segmentType('csf')).toBeUndefined();
    expect(segmentType('smooth')).toBeUndefined();
    expect(brands(segmentType('cmaf')!)).toBe('cmfs\0\0\0\0cmfscmffmsdh');
    expect(brands(segmentType('hls-cmaf')!)).toBe('cmfs\0\0\0\0cmfscmff');
  });
});

describe('fmp4 movie boxes', () => {
  it('mvhd: version 0, 10 MHz, no duration, unity matrix, next track id', () => {
    expect(hex(mvhd(10_000_000, 2))).toBe(
      h(`0000006c 6d766864 00000000        # size 108, 'mvhd', v0 flags 0
         00000000 00000000 00989680 00000000  # ctime, mtime, timescale 10^7, duration 0
         00010000 0100 0000 00000000 00000000 # rate 1.0, volume 1.0, reserved
         ${MATRIX}
         000000000000000000000000000000000000000000000000  # pre_defined
         00000002                           # next_track_ID`),
    );
  });

  it('tkhd: enabled in movie, video has no volume and a 16.16 size', () => {
    expect(hex(tkhd({ trackId: 1, audio: false, width: 640, height: 360 }))).toBe(
      h(`0000005c 746b6864 00000003        # size 92, 'tkhd', v0 flags enabled|in_movie
         00000000 00000000 00000001 00000000 00000000  # ctime, mtime, track_ID 1, reserved, duration
         00000000 00000000 0000 0000 0000 0000          # reserved, layer, alternate_group, volume 0, reserved
         ${MATRIX}
         02800000 01680000                  # width 640.0, height 360.0`),
    );
    const audio = tkhd({ trackId: 2, audio: true, width: 0, height: 0 });
    expect(hex(audio.subarray(44, 46))).toBe('0100');
  });

  it('mdhd packs the ISO 639-2/T language', () => {
    expect(packLanguage('eng')).toBe(0x15c7);
    expect(packLanguage('und')).toBe(0x55c4);
    expect(packLanguage('English')).toBe(0x55c4);
    expect(hex(mdhd(10_000_000, 'fra'))).toBe(
      h(`00000020 6d646864 00000000
         00000000 00000000 00989680 00000000  # ctime, mtime, timescale, duration 0
         1a41 0000                            # f=6 r=18 a=1 → 0x1a41, pre_defined`),
    );
  });

  it('hdlr names the handler with a null-terminated string', () => {
    expect(hex(hdlr('vide', 'VideoHandler'))).toBe(
      h(`0000002d 68646c72 00000000 00000000 76696465  # size 45, pre_defined, 'vide'
         000000000000000000000000                        # reserved
         566964656f48616e646c657200                      # "VideoHandler\\0"`),
    );
  });

  it('media headers, data reference and extends defaults', () => {
    expect(hex(vmhd())).toBe(h(`00000014 766d6864 00000001 0000 000000000000`));
    expect(hex(smhd())).toBe(h(`00000010 736d6864 00000000 0000 0000`));
    expect(hex(dref())).toBe(h(`0000001c 64726566 00000000 00000001  0000000c 75726c20 00000001`));
    expect(hex(dinf())).toBe(h(`00000024 64696e66`) + hex(dref()));
    expect(hex(trex(1))).toBe(h(`00000020 74726578 00000000 00000001 00000001 00000000 00000000 00000000`));
  });

  it('stbl holds the description and empty sample tables', () => {
    const description = stsd();
    expect(hex(description)).toBe(h(`00000010 73747364 00000000 00000000`));
    expect(hex(stbl(description))).toBe(
      h(`0000005c 7374626c`) +
        hex(description) +
        h(`00000010 73747473 00000000 00000000
           00000010 73747363 00000000 00000000
           00000014 7374737a 00000000 00000000 00000000
           00000010 7374636f 00000000 00000000`),
    );
  });
});
