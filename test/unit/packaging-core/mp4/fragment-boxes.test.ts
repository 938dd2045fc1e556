import { describe, expect, it } from 'vitest';
import {
  NON_SYNC_SAMPLE_FLAGS,
  SYNC_SAMPLE_FLAGS,
  mdatHeader,
  mfhd,
  moof,
  sdtp,
  tfdt,
  tfhd,
  tfxd,
  traf,
  trun,
  trunByteLength,
} from '../../../../packaging-core/mp4/fragment-boxes.ts';
import { h, hex } from './read-boxes.ts';

describe('fmp4 fragment boxes', () => {
  it('mfhd carries the sequence number', () => {
    expect(hex(mfhd(7))).toBe(h(`00000010 6d666864 00000000 00000007`));
  });

  it('tfhd: default-base-is-moof, optional default sample flags', () => {
    expect(hex(tfhd(1, { defaultBaseIsMoof: true }))).toBe(h(`00000010 74666864 00020000 00000001`));
    expect(hex(tfhd(2, { defaultBaseIsMoof: true, defaultSampleFlags: SYNC_SAMPLE_FLAGS }))).toBe(
      h(`00000014 74666864 00020020 00000002 02000000`),
    );
    expect(hex(tfhd(1, { defaultBaseIsMoof: false }))).toBe(h(`00000010 74666864 00000000 00000001`));
  });

  it('tfdt is version 1 with a 64-bit decode time', () => {
    expect(hex(tfdt(2 ** 32 + 1))).toBe(h(`00000014 74666474 01000000 00000001 00000001`));
  });

  it('trun v1: data offset, durations, sizes, flags and signed composition offsets', () => {
    const run = {
      count: 2,
      durations: Uint32Array.of(333333, 333334, 99),
      sizes: Uint32Array.of(1000, 200, 99),
      flags: Uint32Array.of(SYNC_SAMPLE_FLAGS, NON_SYNC_SAMPLE_FLAGS),
      compositionOffsets: Int32Array.of(666667, -333333),
    };
    expect(trunByteLength(run)).toBe(52);
    expect(hex(trun(run, 100))).toBe(
      h(`00000034 7472756e 01000f01 00000002 00000064  # size 52, v1, flags 0xf01, 2 samples, data_offset 100
         00051615 000003e8 02000000 000a2c2b  # 333333, 1000, sync, +666667
         00051616 000000c8 01010000 fffae9eb  # 333334, 200, non-sync, -333333`),
    );
  });

  it('trun leaves out the columns a run does not have', () => {
    const run = { count: 1, durations: Uint32Array.of(213333), sizes: Uint32Array.of(371) };
    expect(trunByteLength(run)).toBe(28);
    expect(hex(trun(run, 8))).toBe(h(`0000001c 7472756e 01000301 00000001 00000008 00034155 00000173`));
  });

  it('sdtp: one dependency byte per sample', () => {
    expect(hex(sdtp(Uint8Array.of(0x20, 0x10)))).toBe(h(`0000000e 73647470 00000000 2010`));
  });

  it('tfxd: Smooth uuid, version 1, 64-bit time and duration', () => {
    expect(hex(tfxd(20_000_000, 20_000_000))).toBe(
      h(`0000002c 75756964 6d1d9b0542d544e680e2141daff757b2  # size 44, 'uuid', tfxd user type
         01000000 0000000001312d00 0000000001312d00`),
    );
  });

  it('mdat header, with the largesize form beyond 4 GiB', () => {
    expect(hex(mdatHeader(100))).toBe(h(`0000006c 6d646174`));
    expect(hex(mdatHeader(2 ** 32))).toBe(h(`00000001 6d646174 00000001 00000010`));
  });

  it('containers nest their children in order', () => {
    const inner = traf(tfhd(1, { defaultBaseIsMoof: true }));
    const outer = moof(mfhd(1), inner);
    expect(hex(outer)).toBe(
      h(`00000030 6d6f6f66`) +
        hex(mfhd(1)) +
        h(`00000018 74726166`) +
        hex(tfhd(1, { defaultBaseIsMoof: true })),
    );
  });
});
